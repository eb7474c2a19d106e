// The text after each command's `--help`: only the environment variables that command reads, and at
// least two examples. One table per command, so a variable or a flag another command has never shows.
import { own } from '../core/dict.js';

type Row = readonly [name: string, effect: string];

/** Width of the name column of the variables table. */
const MAX_NAME = 28;

const CREDENTIALS: Row[] = [
  ['ITCARE_TOKEN', 'bearer token used as is, or'],
  ['ITCARE_CLIENT_ID, ITCARE_CLIENT_SECRET', 'OAuth2 client credentials (both)'],
  ['ITCARE_TOKEN_URL', "token endpoint (default: cegedim.cloud's)"],
  ['ITCARE_ENDPOINT', 'API base URL (--endpoint wins)'],
  ['SCP_ENDPOINT, SCP_ACCESS_KEY, SCP_SECRET_KEY', 'Samsung Cloud Platform Cache Store: base URL and keys'],
  ['SCP_ACCOUNT_ID', 'signed and sent as Scp-AccountId (default empty)'],
  ['(only those of the providers the manifests use)', 'an empty variable counts as unset'],
];
const HTTP: Row[] = [
  ['CARETAKER_HTTP_MAX_RETRIES', 'retries of a failed idempotent request'],
  ['CARETAKER_HTTP_MIN_DELAY_MS', 'first retry delay (doubling)'],
];
const COLOR: Row = ['NO_COLOR', 'disable colours'];
const POLICY: Row = ['CARETAKER_POLICY', "policy files every plan must satisfy (separated like PATH), besides --policy"];
const ORIGIN: Row = ['CARETAKER_ORIGIN', "this manifest set's origin tag value (default: repository and folder of the Stack)"];
const MANIFEST_VARS: Row = ['every ${env:NAME} of the manifests', 'needed only by a plan that sends it (a create sends admPassword)'];

/** What a command reads from the environment, and two examples or more. */
const HELP: Record<string, { env: Row[]; examples: string[] }> = {
  validate: {
    env: [['every ${env:NAME} of the manifests', 'an unset one is a warning here, so a lint job needs no secret'], POLICY, COLOR],
    examples: ['caretaker validate', 'caretaker validate --json stacks/orders'],
  },
  plan: {
    env: [...CREDENTIALS, ['CARETAKER_REQUEST_TIMEOUT', 'budget of one HTTP request attempt (default 30s)'], ...HTTP, POLICY,
      ['CARETAKER_ACTOR', 'who runs plan --override (recorded in the saved plan; default: the user name)'], ORIGIN, MANIFEST_VARS, COLOR],
    examples: [
      'caretaker plan --simulator examples/quickstart',
      "caretaker plan --validate --dry-run-honoured 'PATCH /itcare/databases/*/*' stacks/orders",
      'caretaker plan -o plan.json --markdown > plan.md && caretaker apply plan.json',
    ],
  },
  apply: {
    env: [
      ...CREDENTIALS,
      ['CARETAKER_ACTION_TIMEOUT', 'longest wait for one asynchronous action (default 60m; --action-timeout wins)'],
      ['CARETAKER_REQUEST_TIMEOUT', 'budget of one HTTP request attempt (default 30s; --request-timeout wins)'],
      ['CARETAKER_POLL_MS', 'first action-poll delay'],
      ...HTTP, POLICY, ORIGIN, MANIFEST_VARS, COLOR,
    ],
    examples: ['caretaker apply --auto-approve stacks/orders', 'caretaker apply plan.json            # a saved plan, from any directory'],
  },
  destroy: {
    env: [
      ...CREDENTIALS,
      ['CARETAKER_ACTION_TIMEOUT', 'longest wait for one asynchronous action (default 60m; --action-timeout wins)'],
      ['CARETAKER_REQUEST_TIMEOUT', 'budget of one HTTP request attempt (default 30s; --request-timeout wins)'],
      ['CARETAKER_POLL_MS', 'first action-poll delay'],
      ...HTTP, POLICY, ORIGIN, COLOR,
    ],
    examples: ['caretaker plan --destroy -o destroy.json && caretaker apply destroy.json', 'caretaker destroy --auto-approve --target Redis/orderscache'],
  },
  drift: {
    env: [...CREDENTIALS, ['CARETAKER_REQUEST_TIMEOUT', 'budget of one HTTP request attempt (default 30s)'], ...HTTP,
      ['CARETAKER_NOTIFY_URL', 'webhook of --notify (a secret: never printed)'],
      ['CARETAKER_NOTIFY_TIMEOUT', 'budget of the notification, answer included (default 10s)'],
      ['every ${env:NAME} of the manifests', 'none is needed: drift sends nothing (missing ones are named once)'], POLICY, COLOR],
    examples: [
      'caretaker drift stacks/orders',
      'caretaker drift --format markdown > drift.md; test $? -ne 1',
      'caretaker drift --history .caretaker/drift-history.json --metrics drift.prom --notify "$SLACK_WEBHOOK" stacks/orders',
      'caretaker drift --accept --target Redis/orderscache stacks/orders',
      "caretaker drift --reconcile --policy ../org/policies.yaml --exclude 'PostgreSQL/*' stacks/orders",
    ],
  },
  show: { env: [COLOR], examples: ['caretaker show plan.json', 'caretaker show --markdown plan.json > comment.md'] },
  export: {
    env: [...CREDENTIALS.slice(0, 4), ['CARETAKER_REQUEST_TIMEOUT', 'budget of one HTTP request attempt (default 30s)'], ...HTTP],
    examples: [
      'caretaker export --service 46922 -o stacks/shop',
      'caretaker export --service 46922 --kind Redis PostgreSQL --adopt -o stacks/shop-data',
      'caretaker export --service 46922 --name "shop-*" --no-protect --json -o exported',
    ],
  },
  list: {
    env: [...CREDENTIALS, ['CARETAKER_REQUEST_TIMEOUT', 'budget of one HTTP request attempt (default 30s)'], ...HTTP, COLOR],
    examples: ['caretaker list stacks/orders', 'caretaker list --json stacks/orders | jq -r \'.resources[] | [.address, .id] | @tsv\'', 'caretaker list --unowned'],
  },
  report: {
    env: [],
    examples: ['caretaker report reports/*/drift.jsonl reports/*/drift-history.json -o fleet.html', 'caretaker report drift.jsonl > fleet.html'],
  },
  schema: { env: [], examples: ['caretaker schema', 'caretaker schema Redis > redis.schema.json'] },
  completion: { env: [], examples: ['source <(caretaker completion bash)', 'caretaker completion zsh > "${fpath[1]}/_caretaker"'] },
  simulator: {
    env: [],
    examples: ['caretaker simulator --port 8080', 'caretaker simulator --state sim.json --action-ms 50'],
  },
};

/** The environment variables `command` reads (names only), for tests and completion. */
export function envOf(command: string): string[] {
  return (own(HELP, command)?.env ?? []).flatMap(([name]) => name.split(', ')).filter((n) => /^[A-Z_]+$/.test(n));
}

/** The text `--help` prints after the flags of `command`: its variables, then its examples. */
export function commandHelp(command: string): string {
  const h = own(HELP, command);
  if (!h) return '';
  // Names longer than the column get a line of their own, so the effects stay aligned and readable.
  const width = Math.min(MAX_NAME, Math.max(0, ...h.env.map(([n]) => n.length))) + 2;
  const row = ([n, e]: Row): string => (n.length > width ? `  ${n}\n  ${' '.repeat(width)} ${e}` : `  ${n.padEnd(width)} ${e}`);
  const env = h.env.length === 0 ? '  none' : h.env.map(row).join('\n');
  return `\nEnvironment variables:\n${env}\n\nExamples:\n${h.examples.map((e) => `  $ ${e}`).join('\n')}\n`;
}
