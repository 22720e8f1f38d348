import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/database';
import { AppError, formatWait } from '../http/errors';
import { type BackoffRule, backoffSeconds, rememberedFailures } from '../http/rate-limit';
import { verifyPassword } from './passwords';

/**
 * Password guessing is slowed, never locked (docs/decisions/011-password-throttle.md).
 * Sign-in and every re-authentication (changing the email or password,
 * deleting the account) share these counters, keyed by the network address and
 * the account's email as typed (so an unknown address is treated exactly like a
 * known one). Only failures count.
 */
export const PASSWORD_THROTTLE = {
  /** One network guessing one account: 5 free failures, then 2 s, 4 s, 8 s … up to 15 minutes. */
  pair: { name: 'password:ip-account', free: 5, maxDelaySeconds: 15 * 60, leakSeconds: 15 * 60 },
  /** One network guessing across accounts. Generous: a library's one public address is many staff. */
  ip: { name: 'password:ip', free: 30, maxDelaySeconds: 15 * 60, leakSeconds: 5 * 60 },
  /**
   * Every network guessing one account. Above the ceiling the account is under attack: each network gets one
   * free failure instead of five. A network with no failures on the account is never kept waiting, so the
   * owner with the right password always gets in from a clean address.
   */
  account: { name: 'password:account', ceiling: 20, leakSeconds: 3 * 60, pairFreeUnderAttack: 1 },
} as const satisfies {
  pair: BackoffRule;
  ip: BackoffRule;
  account: { name: string; ceiling: number; leakSeconds: number; pairFreeUnderAttack: number };
};

export interface PasswordAttempt {
  /** The client's address (clientIp). */
  ip: string;
  /** The account's email address as typed at sign-in, or the signed-in account's address. */
  account: string;
}

export const throttleErrors = {
  tooManyAttempts: (seconds: number) =>
    new AppError(
      'auth.too_many_attempts',
      429,
      `Too many wrong passwords have been tried from your network. Please wait ${formatWait(seconds)} and try again.`,
      {
        title: 'Please slow down',
        retryAfterSeconds: seconds,
        help: 'Each wrong password makes the next wait longer, up to 15 minutes. Other networks and devices are not affected. If you have forgotten your password, choose “Forgotten your password?” on the sign-in page.',
      },
    ),
};

function keysOf(attempt: PasswordAttempt) {
  const ip = attempt.ip.slice(0, 100);
  const account = attempt.account.trim().toLowerCase().slice(0, 320);
  return {
    pair: `${PASSWORD_THROTTLE.pair.name}:${ip}|${account}`,
    ip: `${PASSWORD_THROTTLE.ip.name}:${ip}`,
    account: `${PASSWORD_THROTTLE.account.name}:${account}`,
  };
}

interface Counter {
  failures: number;
  last: Date;
}

function waitFor(counter: Counter, free: number, maxDelaySeconds: number, now: Date): number {
  const delay = backoffSeconds(counter.failures, free, maxDelaySeconds);
  if (delay === 0) return 0;
  return Math.max(0, Math.ceil((counter.last.getTime() + delay * 1000 - now.getTime()) / 1000));
}

/**
 * Count this attempt as a failure before the password is checked, so a burst of
 * parallel guesses cannot all slip in before the first failure is written
 * (`attemptSucceeded` takes it back). When this network must still wait for
 * this account, or at all, nothing is counted and the wait in seconds is
 * returned. Rows are locked, so processes sharing the database agree.
 */
export async function beginAttempt(db: Db, attempt: PasswordAttempt, now: Date): Promise<number> {
  const keys = keysOf(attempt);
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into failure_counters (key, failures, last_failure_at)
      values (${keys.pair}, 0, ${at}), (${keys.ip}, 0, ${at}), (${keys.account}, 0, ${at})
      on conflict (key) do nothing`);
    const rows = rowsOf<{ key: string; failures: number; last_failure_at: string | Date }>(
      await tx.execute(sql`
        select key, failures, last_failure_at from failure_counters
        where key in (${keys.pair}, ${keys.ip}, ${keys.account})
        order by key
        for update`),
    );
    const counter = (key: string, leakSeconds: number): Counter => {
      const row = rows.find((r) => r.key === key);
      const last = row ? new Date(row.last_failure_at) : now;
      return { failures: row ? rememberedFailures(Number(row.failures), last, leakSeconds, now) : 0, last };
    };
    const { pair: pairRule, ip: ipRule, account: accountRule } = PASSWORD_THROTTLE;
    const pair = counter(keys.pair, pairRule.leakSeconds);
    const ip = counter(keys.ip, ipRule.leakSeconds);
    const account = counter(keys.account, accountRule.leakSeconds);
    const pairFree = account.failures >= accountRule.ceiling ? accountRule.pairFreeUnderAttack : pairRule.free;
    const wait = Math.max(
      waitFor(pair, pairFree, pairRule.maxDelaySeconds, now),
      waitFor(ip, ipRule.free, ipRule.maxDelaySeconds, now),
    );
    if (wait > 0) return wait;
    await tx.execute(sql`
      update failure_counters
      set failures = case key when ${keys.pair} then ${pair.failures + 1}::int when ${keys.ip} then ${ip.failures + 1}::int else ${account.failures + 1}::int end,
        last_failure_at = ${at}
      where key in (${keys.pair}, ${keys.ip}, ${keys.account})`);
    return 0;
  });
}

/** The password was right: this network's failures on this account are forgiven, and the attempt is taken back from the others. */
export async function attemptSucceeded(db: Db, attempt: PasswordAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await db.execute(sql`delete from failure_counters where key = ${keys.pair}`);
  await db.execute(
    sql`update failure_counters set failures = greatest(failures - 1, 0) where key in (${keys.ip}, ${keys.account})`,
  );
}

/**
 * Check a password through the throttle: sign-in and every re-authentication
 * go through here. Throws `auth.too_many_attempts` (429, Retry-After) while
 * this network must wait; otherwise answers whether the password is right.
 * `storedHash` null (unknown account, no password) takes as long as a real check.
 */
export async function checkPassword(
  db: Db,
  input: { attempt: PasswordAttempt; storedHash: string | null | undefined; password: string; now: Date },
): Promise<boolean> {
  const wait = await beginAttempt(db, input.attempt, input.now);
  if (wait > 0) throw throttleErrors.tooManyAttempts(wait);
  const ok = await verifyPassword(input.storedHash, input.password);
  if (ok) await attemptSucceeded(db, input.attempt);
  return ok;
}
