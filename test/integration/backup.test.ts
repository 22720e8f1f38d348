// `npm run backup` / `npm run restore` against real hub processes.
//
// "Consistent" here means: the restored database is a state the source really
// had. Checked as: every table of the restored copy is contained in the
// source's final state (the workload only adds rows, so nothing of a real
// earlier state can be missing later); every write acknowledged before the
// backup started is in it and no write begun after the backup finished is;
// each sign-up is all or nothing (its user row and its audit event together);
// every file the restored database names is there, with the bytes that were
// uploaded. Offline (no hub running), the copy must equal the source exactly.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import type { Database } from '../../src/platform/db/database';
import { rowsOf } from '../../src/platform/db/database';
import { openPglite, openPostgres } from '../../src/platform/db/open';
import { httpClient, type TestClient } from '../helpers/client';
import { createTestDatabase, engine } from '../helpers/db';
import { notContained, tableDigests } from '../helpers/db-digest';
import { type HubProcess, spawnHub } from '../helpers/process';
import { chunk, tinyPng } from '../security/files';
import { multipartBody } from '../helpers/http';

const WRITERS = 50;
const PHOTO_WRITERS = 5;
const PASSWORD = 'a long enough password';
/** Columns the workload changes in place (a photo replaced, a rate-limit counter incremented). */
const UPDATED_IN_PLACE = { 'public.profiles': ['photo', 'photo_type', 'updated_at'], 'public.rate_limits': ['count'] };

const temps: string[] = [];
function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ill-${label}-`));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run scripts/<name>.ts as `npm run <name>` does, without blocking this process (the workload keeps running). */
function runScript(name: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Write {
  kind: 'signup' | 'photo';
  email: string;
  started: number;
  acked?: number;
  /** Photo uploads: the bytes' hash and their order for this person. */
  hash?: string;
  seq?: number;
}

async function signUp(url: string, email: string, ip: string): Promise<TestClient> {
  const client = httpClient(url);
  const headers = { 'x-forwarded-for': ip };
  await client.get('/sign-up', headers);
  const token = await client.csrf();
  const username = email.split('@')[0]!;
  const res = await client.post(
    '/sign-up',
    { email, displayName: `Writer ${username}`, username, password: PASSWORD },
    { csrf: token, headers },
  );
  if (res.status !== 303)
    throw new Error(`sign-up of ${email} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return client;
}

async function uploadPhoto(
  url: string,
  client: TestClient,
  token: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<void> {
  const res = await client.request('/account/profile/photo', {
    method: 'POST',
    body: multipartBody({ _csrf: token }, { photo: new File([bytes], 'me.png', { type: 'image/png' }) }),
    headers: { origin: url, 'sec-fetch-site': 'same-origin', 'x-csrf-token': token },
  });
  if (res.status !== 303) throw new Error(`photo upload answered ${res.status}`);
}

/**
 * A valid PNG whose bytes are unique to this upload: random bytes in a private chunk, which metadata stripping keeps
 * (it drops bytes after IEND), so the stored file is the uploaded one (decision 034).
 */
function uniquePng(): Uint8Array<ArrayBuffer> {
  const png = Buffer.from(tinyPng());
  const iend = png.length - 12;
  return new Uint8Array(Buffer.concat([png.subarray(0, iend), chunk('prVt', randomBytes(16)), png.subarray(iend)]));
}

interface Photographer {
  email: string;
  client: TestClient;
  token: string;
  seq: number;
}

/**
 * Before the backup: a few people with profile photos (files on disk), and the
 * photographers who will keep replacing theirs during the backup.
 */
async function prepare(url: string, tag: string, writes: Write[]): Promise<Photographer[]> {
  const photographers: Photographer[] = [];
  for (let i = 0; i < PHOTO_WRITERS + 3; i++) {
    const email = `p${tag}${i}@library.test`;
    const client = await signUp(url, email, `10.250.${i}.1`);
    writes.push({ kind: 'signup', email, started: 0, acked: 0 });
    const token = await client.csrf('/account/profile');
    const bytes = uniquePng();
    const started = Date.now();
    await uploadPhoto(url, client, token, bytes);
    writes.push({ kind: 'photo', email, started, acked: Date.now(), hash: sha(bytes), seq: 0 });
    if (i < PHOTO_WRITERS) photographers.push({ email, client, token, seq: 0 });
  }
  return photographers;
}

/**
 * 50 writers at once, each writing until the backup is done and then once more.
 * A write whose connection fails was never acknowledged: nothing is expected of it.
 */
async function workload(
  url: string,
  tag: string,
  photographers: Photographer[],
  backupDone: () => boolean,
  writes: Write[],
): Promise<void> {
  const writer = async (w: number) => {
    let last = false;
    for (let i = 0; !last; i++) {
      last = backupDone();
      const started = Date.now();
      if (w < photographers.length) {
        const p = photographers[w]!;
        const bytes = uniquePng();
        const write: Write = { kind: 'photo', email: p.email, started, hash: sha(bytes), seq: ++p.seq };
        writes.push(write);
        if (await unacknowledged(uploadPhoto(url, p.client, p.token, bytes))) continue;
        write.acked = Date.now();
      } else {
        const email = `w${tag}${w}n${i}@library.test`;
        const write: Write = { kind: 'signup', email, started };
        writes.push(write);
        if (await unacknowledged(signUp(url, email, `10.${w}.${Math.floor(i / 250)}.${(i % 250) + 1}`))) continue;
        write.acked = Date.now();
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
}

/** True when the request failed on the network (a reset connection under load); other failures throw. */
async function unacknowledged(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return false;
  } catch (error) {
    if (error instanceof TypeError && /fetch failed/.test(error.message)) return true;
    throw error;
  }
}

/** Regular files under a data directory, leaving out the database and the hub's own files. */
function dataFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && ['pgdata', 'hub.lock', '.backup'].includes(entry.name)) continue;
      if (entry.isDirectory()) walk(child);
      else out.set(child, sha(fs.readFileSync(path.join(dir, child))));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

async function peopleOf(database: Database) {
  const users = rowsOf<{ id: number; email: string; photo: string | null }>(
    await database.db.execute(sql`select u.id, u.email, p.photo from users u left join profiles p on p.user_id = u.id`),
  );
  const signedUp = new Set(
    rowsOf<{ subject_id: string }>(
      await database.db.execute(sql`select subject_id from events where type = 'user.signed_up'`),
    ).map((r) => r.subject_id),
  );
  return { users, signedUp };
}

/** Everything the restored copy must satisfy against the source's final state, the writes and the backup's timing. */
async function expectConsistent(options: {
  restored: Database;
  source: Database;
  restoredDir: string;
  writes: Write[];
  backupStarted: number;
  backupFinished: number;
}) {
  const { restored, source, restoredDir, writes, backupStarted, backupFinished } = options;
  const [r, f] = await Promise.all([tableDigests(restored, UPDATED_IN_PLACE), tableDigests(source, UPDATED_IN_PLACE)]);
  expect([...r.keys()]).toEqual([...f.keys()]);
  for (const [table, rows] of r) {
    expect(notContained(rows, f.get(table)!), `rows of ${table} the source never had`).toEqual([]);
  }

  const { users, signedUp } = await peopleOf(restored);
  const emails = new Map(users.map((u) => [u.email, u]));
  // A sign-up is one transaction: its user and its audit event come together or not at all.
  for (const u of users) expect(signedUp.has(String(u.id)), `sign-up event of ${u.email}`).toBe(true);
  expect(signedUp.size).toBe(users.filter((u) => signedUp.has(String(u.id))).length);

  const signups = writes.filter((w) => w.kind === 'signup');
  const before = signups.filter((w) => w.acked !== undefined && w.acked < backupStarted);
  const after = signups.filter((w) => w.started > backupFinished);
  expect(before.length).toBeGreaterThan(0);
  expect(after.length).toBeGreaterThan(0);
  for (const w of before) expect(emails.has(w.email), `${w.email}, acknowledged before the backup began`).toBe(true);
  for (const w of after) expect(emails.has(w.email), `${w.email}, begun after the backup finished`).toBe(false);

  // Files: every photo the restored database names is there with uploaded bytes, no older than
  // the last one acknowledged before the backup began and not one begun after it finished.
  const files = dataFiles(restoredDir);
  const uploads = new Map(writes.filter((w) => w.kind === 'photo').map((w) => [w.hash!, w]));
  for (const [rel, hash] of files) {
    expect(rel.startsWith('profile-photos/'), `unexpected file ${rel}`).toBe(true);
    expect(uploads.has(hash), `${rel} holds bytes nobody uploaded`).toBe(true);
  }
  let photos = 0;
  for (const u of users) {
    if (!u.photo) continue;
    photos++;
    const hash = files.get(`profile-photos/${u.photo}`);
    expect(hash, `the photo ${u.photo} of ${u.email}`).toBeDefined();
    const upload = uploads.get(hash!)!;
    expect(upload.email).toBe(u.email);
    const lastBefore = Math.max(
      ...writes
        .filter((w) => w.kind === 'photo' && w.email === u.email && w.acked !== undefined && w.acked < backupStarted)
        .map((w) => w.seq!),
    );
    expect(upload.seq!).toBeGreaterThanOrEqual(lastBefore);
    expect(upload.started).toBeLessThanOrEqual(backupFinished);
  }
  expect(photos).toBeGreaterThanOrEqual(PHOTO_WRITERS + 3);
}

async function expectIdentical(restored: Database, source: Database, restoredDir: string, sourceDir: string) {
  const [r, f] = await Promise.all([tableDigests(restored), tableDigests(source)]);
  expect(r).toEqual(f);
  expect(dataFiles(restoredDir)).toEqual(dataFiles(sourceDir));
}

async function signsIn(url: string, email: string) {
  const client = httpClient(url);
  await client.signIn(email, PASSWORD);
  return (await client.get('/account')).status;
}

/** Corrupt copies of a good archive: cut short, and one byte changed in the middle. */
function corruptCopies(file: string, dir: string) {
  const bytes = fs.readFileSync(file);
  const cut = path.join(dir, 'cut.tar.gz');
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const flipped = Buffer.from(bytes);
  const at = Math.floor(bytes.length / 2);
  flipped[at] = flipped[at]! ^ 0x55;
  const changed = path.join(dir, 'changed.tar.gz');
  fs.writeFileSync(changed, flipped);
  return { cut, changed };
}

/** Once 30 writes have been answered: the backup starts while the writers are well under way. */
function underWay(writes: Write[]): Promise<void> {
  return vi.waitFor(() => expect(writes.filter((w) => w.acked && w.started > 0).length).toBeGreaterThanOrEqual(30), {
    timeout: 60_000,
    interval: 20,
  });
}

describe.runIf(engine === 'pglite')('backing up and restoring the embedded database', () => {
  const sourceDir = tempDir('backup-src');
  const outDir = tempDir('backup-out');
  const env = {
    DATA_DIR: sourceDir,
    DATABASE_URL: '',
    SEED_CONTENT: 'false',
    RUN_WORKERS: 'false',
    TRUST_PROXY: 'true',
  };
  let hub: HubProcess | undefined;
  let restoredHub: HubProcess | undefined;
  const writes: Write[] = [];
  const live = path.join(outDir, 'live.tar.gz');
  let backupStarted = 0;
  let backupFinished = 0;

  afterAll(async () => {
    await hub?.stop();
    await restoredHub?.stop();
  });

  it('takes a consistent backup through the running hub during 50 concurrent writers', async () => {
    hub = await spawnHub(env, 120_000);
    const photographers = await prepare(hub.url, 'e', writes);
    let done = false;
    const writing = workload(hub.url, 'e', photographers, () => done, writes);
    // Start the backup once the writers are well under way.
    await underWay(writes);
    backupStarted = Date.now();
    const result = await runScript('backup', [live], { DATA_DIR: sourceDir, DATABASE_URL: '' });
    backupFinished = Date.now();
    done = true;
    await writing;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Backup written from the running hub');
    expect(fs.existsSync(`${live}.partial`)).toBe(false);
    // The staging copy is gone, and the hub kept its lock and socket.
    expect(fs.readdirSync(path.join(sourceDir, '.backup'))).toEqual(['hub.sock']);
    expect(fs.existsSync(path.join(sourceDir, 'hub.lock'))).toBe(true);
  }, 240_000);

  it('refuses to restore into the data directory of a running hub, even when forced', async () => {
    const result = await runScript('restore', [live, '--force'], { DATA_DIR: sourceDir, DATABASE_URL: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is in use by another ILL Commons process');
    expect((await fetch(`${hub!.url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('restores into an empty directory a copy that is a state the source really had, and a hub starts on it', async () => {
    expect(await hub!.stop()).toBe(0);
    hub = undefined;
    const restoredDir = path.join(tempDir('backup-restored'), 'data');
    const result = await runScript('restore', [live], { DATA_DIR: restoredDir, DATABASE_URL: '' });
    expect(result.code, result.stderr).toBe(0);
    // No lock, no postmaster.pid, no socket: nothing of the old process came along.
    expect(fs.existsSync(path.join(restoredDir, 'hub.lock'))).toBe(false);
    expect(fs.existsSync(path.join(restoredDir, 'pgdata', 'postmaster.pid'))).toBe(false);
    expect(fs.existsSync(path.join(restoredDir, '.backup'))).toBe(false);

    const restored = await openPglite(path.join(restoredDir, 'pgdata'));
    const source = await openPglite(path.join(sourceDir, 'pgdata'));
    try {
      await expectConsistent({ restored, source, restoredDir, writes, backupStarted, backupFinished });
    } finally {
      await restored.close();
      await source.close();
    }

    restoredHub = await spawnHub({ ...env, DATA_DIR: restoredDir }, 120_000);
    const kept = writes.find(
      (w) => w.kind === 'signup' && w.acked !== undefined && w.acked < backupStarted && w.started > 0,
    )!;
    expect(await signsIn(restoredHub.url, kept.email)).toBe(200);
    expect(await restoredHub.stop()).toBe(0);
    restoredHub = undefined;
  }, 240_000);

  it('backs up a stopped hub by opening its data directory, and restores an identical copy (only with --force over files)', async () => {
    const offline = path.join(outDir, 'offline.tar.gz');
    const backup = await runScript('backup', [offline], { DATA_DIR: sourceDir, DATABASE_URL: '' });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('no hub running');
    expect(fs.existsSync(path.join(sourceDir, 'hub.lock'))).toBe(false);

    const again = await runScript('backup', [offline], { DATA_DIR: sourceDir, DATABASE_URL: '' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const restoredDir = tempDir('backup-identical');
    fs.writeFileSync(path.join(restoredDir, 'leftover.txt'), 'something already here');
    const refused = await runScript('restore', [offline], { DATA_DIR: restoredDir, DATABASE_URL: '' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty (leftover.txt)');
    expect(fs.readdirSync(restoredDir)).toEqual(['leftover.txt']);

    const forced = await runScript('restore', [offline, '--force'], { DATA_DIR: restoredDir, DATABASE_URL: '' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.existsSync(path.join(restoredDir, 'leftover.txt'))).toBe(false);

    const restored = await openPglite(path.join(restoredDir, 'pgdata'));
    const source = await openPglite(path.join(sourceDir, 'pgdata'));
    try {
      await expectIdentical(restored, source, restoredDir, sourceDir);
    } finally {
      await restored.close();
      await source.close();
    }
  }, 240_000);

  it('refuses a damaged or incomplete archive with a clear message, leaving the target untouched', async () => {
    const { cut, changed } = corruptCopies(live, outDir);
    const target = path.join(tempDir('backup-corrupt'), 'data');
    const incomplete = await runScript('restore', [cut], { DATA_DIR: target, DATABASE_URL: '' });
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toMatch(/Refusing .*cut\.tar\.gz: it is incomplete/);
    const damaged = await runScript('restore', [changed], { DATA_DIR: target, DATABASE_URL: '' });
    expect(damaged.code).toBe(1);
    // A changed byte in compressed data shows as a damaged entry or a stream that ends early.
    expect(damaged.stderr).toMatch(/Refusing .*changed\.tar\.gz: it is (damaged|incomplete)/);
    expect(damaged.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(target).filter((n) => n !== 'hub.lock')).toEqual([]);
    const check = await runScript('restore', [changed, '--check'], { DATA_DIR: target, DATABASE_URL: '' });
    expect(check.code).toBe(1);
  }, 120_000);
});

describe.runIf(engine === 'postgres')('backing up and restoring a PostgreSQL database', () => {
  const outDir = tempDir('pg-backup-out');
  const sourceDir = tempDir('pg-backup-files');
  let hub: HubProcess | undefined;
  let source: (Database & { url?: string }) | undefined;
  const created: string[] = [];
  const adminUrl = (() => {
    const url = new URL(inject('postgresTemplateUrl') || 'postgres://localhost/postgres');
    url.pathname = '/postgres';
    return url.toString();
  })();

  async function emptyDatabase(): Promise<string> {
    const name = `ill_restore_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgres(adminUrl);
    await admin.db.execute(sql.raw(`create database ${name} template template0`));
    await admin.close();
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  afterAll(async () => {
    await hub?.stop();
    await source?.close();
    const admin = await openPostgres(adminUrl);
    for (const name of created)
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`)).catch(() => {});
    await admin.close();
  });

  it('takes a pg_dump backup with the files during 50 concurrent writers, restores it into an empty database, and refuses a non-empty one', async () => {
    source = await createTestDatabase();
    const env = {
      DATABASE_URL: source.url!,
      DATA_DIR: sourceDir,
      SEED_CONTENT: 'false',
      RUN_WORKERS: 'false',
      TRUST_PROXY: 'true',
    };
    hub = await spawnHub(env, 120_000);
    const writes: Write[] = [];
    const photographers = await prepare(hub.url, 'p', writes);
    let done = false;
    const archive = path.join(outDir, 'pg.tar.gz');
    const writing = workload(hub.url, 'p', photographers, () => done, writes);
    await underWay(writes);
    const backupStarted = Date.now();
    const result = await runScript('backup', [archive], { DATABASE_URL: source.url!, DATA_DIR: sourceDir });
    const backupFinished = Date.now();
    done = true;
    await writing;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Backup written from pg_dump');
    expect(await hub.stop()).toBe(0);
    hub = undefined;

    const targetUrl = await emptyDatabase();
    const restoredDir = tempDir('pg-restored');
    const restore = await runScript('restore', [archive], { DATABASE_URL: targetUrl, DATA_DIR: restoredDir });
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await openPostgres(targetUrl);
    let firstRestore: Map<string, string[]>;
    try {
      await expectConsistent({ restored, source, restoredDir, writes, backupStarted, backupFinished });
      firstRestore = await tableDigests(restored);
    } finally {
      await restored.close();
    }

    // The same database again is no longer empty: refused, and left as it was.
    const otherDir = tempDir('pg-restored-again');
    const refused = await runScript('restore', [archive], { DATABASE_URL: targetUrl, DATA_DIR: otherDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The database at DATABASE_URL is not empty');
    // Told to, it replaces the database's contents with the backup's.
    const forced = await runScript('restore', [archive, '--force'], { DATABASE_URL: targetUrl, DATA_DIR: otherDir });
    expect(forced.code, forced.stderr).toBe(0);
    const again = await openPostgres(targetUrl);
    try {
      expect(await tableDigests(again)).toEqual(firstRestore);
    } finally {
      await again.close();
    }

    const { changed } = corruptCopies(archive, outDir);
    const damaged = await runScript('restore', [changed], {
      DATABASE_URL: await emptyDatabase(),
      DATA_DIR: tempDir('pg-corrupt'),
    });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/Refusing .*: it is (damaged|incomplete)/);

    // A hub starts on the restored copy and the people in it can sign in.
    hub = await spawnHub({ ...env, DATABASE_URL: targetUrl, DATA_DIR: restoredDir }, 120_000);
    const kept = writes.find(
      (w) => w.kind === 'signup' && w.acked !== undefined && w.acked < backupStarted && w.started > 0,
    )!;
    expect(await signsIn(hub.url, kept.email)).toBe(200);
  }, 300_000);
});
