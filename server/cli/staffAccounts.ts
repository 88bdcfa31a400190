// Court staff accounts from the command line, against the same record store the server uses
// (same environment: DATA_DIR or REDIS_URL). The first judge or clerk of a new court is made here.
//
//   npm run staff -- add --username judge-wang --role judge --name "Judge Wang"
//   npm run staff -- list
//
// The password is read from CROSSCOURT_STAFF_PASSWORD, or else from the first line of stdin.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { STAFF_ROLES, type StaffRole } from '../domain/access/roles.js';
import { CourtError } from '../domain/CourtError.js';
import { StaffAccounts, type StaffAccount } from '../identity/StaffAccounts.js';
import { DEFAULT_COURT_POLICY } from '../record/Court.js';
import { openRecordStore } from '../store/openRecordStore.js';

const USAGE = `usage:
  npm run staff -- add --username <name> --role <${STAFF_ROLES.join('|')}> --name "<display name>"
      (password from CROSSCOURT_STAFF_PASSWORD or the first line of stdin)
  npm run staff -- list`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  });
  const command = positionals[0];
  if (command !== 'add' && command !== 'list') return usage('say what to do: add or list');
  const store = await openRecordStore(loadConfig().storage);
  try {
    const accounts = new StaffAccounts(store, { lockout: DEFAULT_COURT_POLICY.lockout });
    if (command === 'list') {
      for (const { value } of await store.listRecords<StaffAccount>('account', 'all')) console.log(`${value.username}\t${value.role}\t${value.displayName}`);
      return 0;
    }
    const { username, role, name } = values;
    if (!username || !role || !name) return usage('add needs --username, --role and --name');
    if (!(STAFF_ROLES as readonly string[]).includes(role)) return usage(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    const password = process.env.CROSSCOURT_STAFF_PASSWORD ?? (await firstLineOfStdin());
    const account = await accounts.create({ username, displayName: name, role: role as StaffRole, password });
    console.log(`created ${account.role} ${account.username} (${account.displayName})`);
    return 0;
  } finally {
    await store.close();
  }
}

function usage(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof CourtError) console.error(error.message);
    else console.error('failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
