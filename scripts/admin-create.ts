// npm run admin:create -- --email you@library.org [--name "Your Name"] [--username you]
// Creates an administrator (or promotes an existing account) and prints a
// one-time link, valid for 24 hours, to set the password.
import { parseArgs } from 'node:util';
import { createAdmin, normaliseEmail } from '../src/features/accounts';
import { EDITORS_GROUP, welcomeAdministrator } from '../src/features/groups';
import { EMAIL_PATTERN } from '../src/features/accounts/accounts.models';
import { ConfigError, loadConfig } from '../src/platform/config/config';
import { publicUrlForCommand } from '../src/platform/config/public-url';
import { DataDirLockedError } from '../src/platform/db/data-dir-lock';
import { openDatabase } from '../src/platform/db/open';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    username: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (values.help || !values.email) {
  console.log('Usage: npm run admin:create -- --email you@library.org [--name "Your Name"] [--username you]');
  process.exit(values.help ? 0 : 1);
}

const email = normaliseEmail(values.email);
if (!EMAIL_PATTERN.test(email)) fail(`“${values.email}” is not an email address.`);
const displayName = (values.name ?? email.split('@')[0] ?? 'Administrator').trim().slice(0, 80);
const username = (values.username ?? email.split('@')[0] ?? 'admin')
  .toLowerCase()
  .replace(/[^a-z0-9_-]/g, '')
  .replace(/^[^a-z]+/, '')
  .slice(0, 26)
  .padEnd(3, 'x');

try {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    // BASE_URL, else the address the hub last served on (it records it at start), never a guess.
    const publicUrl = await publicUrlForCommand(database.db, config);
    const result = await createAdmin({
      db: database.db,
      now: new Date(),
      email,
      displayName,
      username,
      baseUrl: publicUrl.url,
    });
    console.log(
      result.created ? `Created administrator @${result.username} <${email}>.` : `<${email}> is now an administrator.`,
    );
    // A hub's first administrator becomes an owner (a steward) of the editors group that keeps the starter pages.
    const { seated } = await welcomeAdministrator({ db: database.db, now: new Date(), userId: result.userId });
    if (seated.length) console.log(`@${result.username} is an owner of the group “${EDITORS_GROUP.name}”.`);
    console.log(`Set the password within 24 hours at:\n\n  ${result.setPasswordUrl}\n`);
    if (publicUrl.source === 'hub') console.log('(BASE_URL is not set: this is the address the hub last served on.)');
    if (publicUrl.source === 'default') {
      console.log(
        `(BASE_URL is not set and the hub has not run yet: the address assumes PORT ${config.port} on this machine. Set BASE_URL to the hub's public address.)`,
      );
    }
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof DataDirLockedError) {
    fail(
      `${error.message}\nThe embedded database allows one process at a time: stop the hub, run this command, then start the hub again.`,
    );
  }
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
