/**
 * Benchmark: the project's commands against the local Keycloak, through the real engine and
 * provider, beside what the admin API itself needs for the same work (the floor).
 *
 *   npm run bench:deploy                                    # N = 50 and 1,000, 3 runs each, into docs/performance.md
 *   npm run bench:deploy -- --sizes 50,1000,5000 --runs 3,3,1
 *   npm run bench:deploy -- --sizes 20 --runs 1 --no-doc    # a quick look
 *   npm run bench:deploy -- --sizes 300 --runs 3 --parallelism 4,10,20,40
 *                                                           # only the first deploy, per engine -parallelism
 *   npm run bench:deploy -- --sizes 50,1000,5000 --runs 3,3,1 --shards auto
 *                                                           # customer shards: ceil(N/100) per size (1 at N = 50)
 *
 * For each size N, each run uses a new realm (platform deployed first, not measured) and
 * measures, through the project's own functions:
 *   - engine start-up: the no-change plan of the customers part with no customer (synth, init,
 *     the engine reading the API, its roles and scopes);
 *   - first deploy: `deploy --part customers` of N new customers;
 *   - no-change plan: `plan --part customers` (what every pull request pays; the default fast check),
 *     then the same in a fresh checkout (the output directory removed: every stack synthesized and
 *     initialized again, as on a pipeline's new runner; later runs reuse initialized directories);
 *   - +1-customer plan: the same with one more customer file (not applied);
 *   - with `--shards` above 1 for N: after the first deploy (to the single stack), platform.yaml
 *     gets `customerShards` and `reshard` moves the states (timed); the first plan after it must
 *     change no resource; a deploy records the shards' fingerprints; every later step is sharded;
 *   - the no-change and +1-customer plans again as the read-only identity (against the recorded state);
 *   - drift: `drift --part customers --deep` (the engine refreshes everything), then the default fast one;
 * and the floor, in the same run:
 *   - partial import: the same N customers (client, default scopes, service account with its
 *     roles) into a scratch realm that has the same platform, `POST .../partialImport` in
 *     batches of `--batch`;
 *   - list: every client of the benchmark realm, one paged listing (pages of `--page`).
 * Admin API requests are the access-log lines (the local Keycloak writes one per request) of
 * that realm's `/admin/realms/<realm>` endpoints: the provider's login and server-info calls
 * are not realm-scoped and not counted. Medians go to the console and, unless --no-doc, to
 * docs/performance.md between the bench:deploy markers.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AdminApi, adminLogin } from '../engine/admin-api';
import { deploy } from '../engine/deploy';
import { credentials } from '../engine/credentials';
import { drift } from '../engine/drift';
import { planForReview } from '../engine/plan-review';
import { keycloakUp } from '../toolchain/local-keycloak';
import { localSettings, localUrl } from '../config/local-keycloak';
import { paths, projectRoot } from '../config/paths';
import { provisionAll } from '../toolchain/provision';
import { defaultRunContext, RunContext, showJson, synth } from '../engine/steps';
import { CountingAdminApi, fastCheck, StateResource, stateResources } from '../engine/fast-check';
import { BUILT_IN_DEFAULT_SCOPES, CONTACT_ATTRIBUTE, MARKER_ATTRIBUTE } from '../keycloak/customer-client';
import { roleScopeName } from '../keycloak/role-scopes';
import { OptionSpecs, optionRows, parseOptions } from '../toolchain/args';
import { loadProject, Project } from '../model/load';
import { reshard } from '../engine/shards/reshard';
import { resourcesOfState, surveyShards } from '../engine/shards/states';
import { stackName } from '../stacks/target';

const START = '<!-- bench:deploy:start -->';
const END = '<!-- bench:deploy:end -->';

/** The options, declared once: their syntax, meaning and default. */
const OPTIONS: OptionSpecs = {
  sizes: { type: 'string', value: '<n,n,...>', default: '50,1000', help: 'numbers of customers to measure, each in new realms' },
  runs: { type: 'string', value: '<n[,n,...]>', default: '3', help: 'runs per size (the median is reported): one count, or one per size' },
  batch: { type: 'string', value: '<n>', default: '100', help: 'customers per partial-import request (the floor)' },
  page: { type: 'string', value: '<n>', default: '100', help: 'clients per page of the floor listing' },
  parallelism: {
    type: 'string',
    value: '<n,n,...>',
    help: 'measure only the first deploy, once per engine -parallelism value in each run (interleaved), instead of every step',
  },
  shards: {
    type: 'string',
    value: '<n[,n,...]|auto>',
    default: '1',
    help: 'customerShards per size: one count, one per size, or auto (ceil(N/100), about 100 customers per shard); above 1 the first deploy goes to the single stack and `reshard` moves it (measured)',
  },
  skip: {
    type: 'string',
    value: '<step[@N],...>',
    help: 'steps left out, to shorten a large run: driftDeep, driftFastProvisioner, import; step@N leaves it out at size N only',
  },
  'no-doc': { type: 'boolean', help: 'leave docs/performance.md alone' },
  keep: { type: 'boolean', help: "keep each run's project directory, states and realm (printed) to look into afterwards" },
  help: { type: 'boolean', help: 'show this help' },
};
const USAGE = ['npm run bench:deploy -- [options]', ...optionRows(OPTIONS)].join('\n');
const { values: opts } = parseOptions('bench:deploy', OPTIONS, process.argv.slice(2), { helpHint: 'npm run bench:deploy -- --help' });
if (opts.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const positive = (name: string, raw: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: "${raw}" is not a positive integer (${USAGE})`);
  return n;
};
const sizes = String(opts.sizes)
  .split(',')
  .map((s) => positive('sizes', s.trim()));
const runList = String(opts.runs)
  .split(',')
  .map((s) => positive('runs', s.trim()));
if (runList.length !== 1 && runList.length !== sizes.length) throw new Error(`--runs: give one count, or one per size (${USAGE})`);
const runsOf = (i: number) => runList[runList.length === 1 ? 0 : i];
const batch = positive('batch', String(opts.batch));
const pageSize = positive('page', String(opts.page));
const parallelisms =
  opts.parallelism === undefined
    ? []
    : String(opts.parallelism)
        .split(',')
        .map((s) => positive('parallelism', s.trim()));

/** About 100 customers per shard, as platform.yaml's `customerShards` describes it. */
const PER_SHARD = 100;
const shardList = String(opts.shards)
  .split(',')
  .map((s) => s.trim());
if (shardList.length !== 1 && shardList.length !== sizes.length) throw new Error(`--shards: give one count, or one per size (${USAGE})`);
const shardsOf = (i: number): number => {
  const raw = shardList[shardList.length === 1 ? 0 : i];
  const n = raw === 'auto' ? Math.ceil(sizes[i] / PER_SHARD) : positive('shards', raw);
  if (n > 256) throw new Error(`--shards: ${n} shards for N = ${sizes[i]}; platform.yaml allows at most 256`);
  return n;
};
const SKIPPABLE = ['driftDeep', 'driftFastProvisioner', 'import'];
/** `--skip step` (every size) or `step@N` (that size only). */
const skips = (
  opts.skip === undefined
    ? []
    : String(opts.skip)
        .split(',')
        .map((s) => s.trim())
).map((raw) => {
  const [step, at] = raw.split('@');
  if (!SKIPPABLE.includes(step)) throw new Error(`--skip: "${step}" is not one of ${SKIPPABLE.join(', ')}`);
  return { step, n: at === undefined ? undefined : positive('skip', at) };
});
const skipped = (step: string, n: number) => skips.some((s) => s.step === step && (s.n === undefined || s.n === n));

const accessLog = path.join(paths.keycloakRun(localSettings().port), 'keycloak.log');

interface Measure {
  readonly seconds: number;
  readonly requests: number;
}

/** Access-log lines written since `offset` that hit this realm's admin API. */
function adminLinesSince(offset: number, realm: string): string[] {
  const fd = fs.openSync(accessLog, 'r');
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(size - offset);
  fs.readSync(fd, buf, 0, buf.length, offset);
  fs.closeSync(fd);
  const needle = new RegExp(`"(GET|POST|PUT|DELETE) /admin/realms/${realm}[/ ?"]`);
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => needle.test(l));
}

/** `GET /clients/{id}/client-secret`: an access-log line as an endpoint, ids and names replaced. */
export function endpointOf(line: string): string {
  const m = /"(\w+) \/admin\/realms\/[^/ ?]+(\S*) HTTP/.exec(line);
  if (!m) return 'other';
  const query = (q: string) =>
    `?${q
      .split('&')
      .map((kv) => kv.split('=')[0])
      .join('&')}`;
  const p = m[2]
    .replace(/\?(.*)$/, (_, q: string) => query(q))
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')
    .replace(/\/roles\/[^/?]+$/, '/roles/{name}');
  return `${m[1]} ${p || '/'}`;
}

async function measured(realm: string, work: () => Promise<unknown>, breakdown?: Map<string, number>): Promise<Measure> {
  const offset = fs.statSync(accessLog).size;
  const t0 = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await new Promise((r) => setTimeout(r, 700)); // let the access log flush
  const lines = adminLinesSince(offset, realm);
  if (breakdown) for (const l of lines) breakdown.set(endpointOf(l), (breakdown.get(endpointOf(l)) ?? 0) + 1);
  return { seconds, requests: lines.length };
}

const ROLE_SETS = [['orders:read'], ['orders:read', 'orders:write'], ['invoices:read']];

function customerId(i: number): string {
  return `c${String(i).padStart(5, '0')}`;
}

function writeCustomer(dir: string, id: string, i: number): void {
  const roles = ROLE_SETS[i % ROLE_SETS.length];
  fs.writeFileSync(path.join(dir, 'customers', `${id}.yaml`), stringify({ name: `Customer ${i}`, contact: `ops@${id}.example`, roles }));
}

/**
 * The floor for creating customers: what the project's stack makes for each customer, as one
 * partial import per batch (client with its attributes and default scopes, service account
 * with exactly its roles). Tokens come out the same (checked by hand, see docs/performance.md).
 */
async function partialImport(admin: AdminApi, realm: string, dir: string, stackName: string, n: number): Promise<void> {
  const project = loadProject({ root: dir });
  const api = project.platform.api.clientId;
  const audience = project.platform.audienceScope.name;
  const lifespan = String(project.platform.defaults.accessTokenLifespan);
  for (let from = 0; from < n; from += batch) {
    const ids = Array.from({ length: Math.min(batch, n - from) }, (_, k) => from + k);
    const body = {
      ifResourceExists: 'FAIL',
      clients: ids.map((i) => ({
        clientId: customerId(i),
        name: `Customer ${i}`,
        description: '',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        consentRequired: false,
        fullScopeAllowed: false,
        attributes: {
          [CONTACT_ATTRIBUTE]: `ops@${customerId(i)}.example`,
          [MARKER_ATTRIBUTE]: stackName,
          'access.token.lifespan': lifespan,
          'use.refresh.tokens': 'false',
        },
        defaultClientScopes: [audience, ...BUILT_IN_DEFAULT_SCOPES, ...ROLE_SETS[i % ROLE_SETS.length].map((r) => roleScopeName(api, r))],
        optionalClientScopes: [],
      })),
      users: ids.map((i) => ({
        username: `service-account-${customerId(i)}`,
        enabled: true,
        serviceAccountClientId: customerId(i),
        clientRoles: { [api]: ROLE_SETS[i % ROLE_SETS.length] },
        realmRoles: [],
      })),
    };
    const res = await admin.request('POST', `/${realm}/partialImport`, body);
    if (res.status !== 200) throw new Error(`partial import into ${realm}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`);
  }
}

/** The floor for reading a realm's customers: every client, with attributes, one paged listing. */
async function listAll(admin: AdminApi, realm: string): Promise<number> {
  let count = 0;
  for (let first = 0; ; first += pageSize) {
    const page = await admin.get<unknown[]>(`/${realm}/clients?first=${first}&max=${pageSize}`);
    count += page.length;
    if (page.length < pageSize) return count;
  }
}

const STEPS = [
  'startup',
  'deploy',
  'reshard',
  'planAfterReshard',
  'deployAfterReshard',
  'plan',
  'planFresh',
  'planPlusOne',
  'planPlusOneReader',
  'planReader',
  'driftFast',
  'driftFastProvisioner',
  'driftDeep',
  'load',
  'survey',
  'stateRead',
  'check',
  'synth',
  'import',
  'list',
] as const;
type Step = (typeof STEPS)[number];
type Run = Partial<Record<Step, Measure>>;

/** A scratch copy of the project with no customer, whose platform names a new realm. */
function newBenchProject(): { dir: string; realm: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-bench-'));
  const realm = `bench-${path.basename(dir).split('-').pop()!.toLowerCase()}`;
  fs.writeFileSync(
    path.join(dir, 'platform.yaml'),
    fs.readFileSync(path.join(projectRoot, 'platform.yaml'), 'utf8').replace(/^ {2}name: partners$/m, `  name: ${realm}`),
  );
  fs.mkdirSync(path.join(dir, 'customers'));
  return { dir, realm };
}

/** Sets platform.yaml's `customerShards` in a bench project (no line: the default, one shard). */
function setShards(dir: string, shards: number): void {
  const file = path.join(dir, 'platform.yaml');
  const text = fs.readFileSync(file, 'utf8').replace(/^customerShards:.*\n/m, '');
  fs.writeFileSync(file, shards > 1 ? `${text.trimEnd()}\ncustomerShards: ${shards}\n` : text);
}

async function oneRun(n: number, shards: number, label: string, breakdown: Map<string, number>): Promise<Run> {
  const { dir, realm } = newBenchProject();
  const floorRealm = `${realm}-floor`;
  const workspace = (suffix: string, env: NodeJS.ProcessEnv = {}) =>
    defaultRunContext({
      root: dir,
      outdir: path.join(dir, `out${suffix}`),
      quiet: true,
      env: { APIKEYS_STATE_DIR: path.join(dir, `state${suffix}`), KEYCLOAK_URL: '', ...env },
    });
  const ws: RunContext = { ...workspace(''), part: 'customers' };
  const reports = path.join(dir, 'reports');
  const admin = new AdminApi(adminLogin(ws.settings, { local: true, environment: 'local', keycloakUrl: localUrl() }));
  const run: Run = {};
  const note = (step: Step, m: Measure) => {
    run[step] = m;
    process.stderr.write(`  ${label} ${step}: ${m.seconds.toFixed(2)} s, ${m.requests} requests\n`);
  };
  /** A plan for review that must (or must not) change something. */
  const reviewPlan = (ctx: RunContext, expectChanges: boolean, what: string) => async () => {
    const { changed } = await planForReview(ctx, reports);
    if (changed !== expectChanges)
      throw new Error(`${what}: the plan ${changed ? 'changes' : 'does not change'} something; see ${reports}`);
  };
  const cleanDrift =
    (ctx: RunContext, what: string, options: { deep?: boolean } = {}) =>
    async () => {
      const code = await drift(ctx, reports, options);
      if (code !== 0) throw new Error(`${what} found differences right after a deploy (exit ${code}); see ${reports}`);
    };
  try {
    await deploy({ ...workspace(''), part: 'platform' });
    await deploy({ ...workspace('-floor', { APIKEYS_REALM: floorRealm }), part: 'platform' });
    note('startup', await measured(realm, () => planForReview(ws, reports)));
    for (let i = 0; i < n; i++) writeCustomer(dir, customerId(i), i);
    note('deploy', await measured(realm, () => deploy(ws), breakdown));
    if (shards > 1) {
      // The migration of an existing environment: its single stack's customers moved to the shards, states only.
      setShards(dir, shards);
      let moved = -1;
      note(
        'reshard',
        await measured(realm, async () => {
          moved = (await reshard(ws)).moved;
        }),
      );
      if (moved !== n) throw new Error(`reshard moved ${moved} customers, not the ${n} deployed`);
      // The states carry no fingerprint yet: the first plan runs the engine for every shard and must change no resource.
      note('planAfterReshard', await measured(realm, reviewPlan(ws, false, 'the first plan after reshard')));
      note('deployAfterReshard', await measured(realm, () => deploy(ws)));
    }
    note('plan', await measured(realm, reviewPlan(ws, false, 'the no-change plan')));
    // A pipeline's runner starts from a clone: no synthesized stack, no initialized engine directory.
    fs.rmSync(ws.outdir, { recursive: true, force: true });
    note('planFresh', await measured(realm, reviewPlan(ws, false, 'the no-change plan in a fresh checkout')));
    writeCustomer(dir, 'late-comer', n);
    note('planPlusOne', await measured(realm, reviewPlan(ws, true, 'the +1-customer plan')));
    // The pipeline identities, with their keys as `npm run credentials -- <identity> --reveal` hands them over.
    const asIdentity = async (clientId: string): Promise<RunContext> =>
      defaultRunContext({
        ...ws,
        env: {
          ...ws.env,
          KEYCLOAK_REALM: realm,
          KEYCLOAK_CLIENT_ID: clientId,
          KEYCLOAK_JWT_SIGNING_KEY: String((await credentials(ws, clientId, { reveal: true })).private_key),
          KEYCLOAK_USER: '',
          KEYCLOAK_PASSWORD: '',
        },
      });
    // The read-only identity plans against the recorded state (it reads no client).
    const asReader = await asIdentity('api-keys-reader');
    const asProvisioner = await asIdentity('api-keys-provisioner');
    note('planPlusOneReader', await measured(realm, reviewPlan(asReader, true, 'the +1-customer plan of the read-only identity')));
    fs.rmSync(path.join(dir, 'customers', 'late-comer.yaml'));
    note('planReader', await measured(realm, reviewPlan(asReader, false, 'the no-change plan of the read-only identity')));
    if (!skipped('driftDeep', n)) note('driftDeep', await measured(realm, cleanDrift(ws, 'drift --deep', { deep: true })));
    note('driftFast', await measured(realm, cleanDrift(ws, 'drift')));
    if (!skipped('driftFastProvisioner', n))
      note('driftFastProvisioner', await measured(realm, cleanDrift(asProvisioner, 'drift as the provisioner')));
    // Where a fast command's time goes: the files, the state(s), the bulk check itself.
    let project: Project | undefined;
    note(
      'load',
      await measured(realm, async () => {
        project = loadProject({ root: dir });
      }),
    );
    let resources: StateResource[] = [];
    if (shards > 1) {
      note(
        'survey',
        await measured(realm, async () => {
          resources = (await surveyShards({ ...ws, project }, project!)).flatMap((s) => resourcesOfState(s.state));
        }),
      );
    } else {
      note('synth', await measured(realm, async () => synth(ws)));
      note(
        'stateRead',
        await measured(realm, async () => {
          resources = stateResources(showJson(ws));
        }),
      );
    }
    note(
      'check',
      await measured(realm, async () => {
        const api = new CountingAdminApi(adminLogin(ws.settings, { local: true, environment: 'local', keycloakUrl: localUrl() }));
        const verdict = await fastCheck(api, realm, resources);
        if (verdict.unjudged.length || verdict.differing.size) throw new Error('the bulk check found differences right after a deploy');
      }),
    );
    if (!skipped('import', n))
      note('import', await measured(floorRealm, () => partialImport(admin, floorRealm, dir, stackName('local', 'customers'), n)));
    let listed = 0;
    note(
      'list',
      await measured(realm, async () => {
        listed = await listAll(admin, realm);
      }),
    );
    if (listed < n) throw new Error(`the paged listing found ${listed} clients, fewer than the ${n} customers`);
    return run;
  } finally {
    if (opts.keep) process.stderr.write(`  ${label}: kept ${dir} (realm ${realm})\n`);
    else {
      await admin.request('DELETE', `/${realm}`).catch(() => undefined);
      await admin.request('DELETE', `/${floorRealm}`).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** One first deploy of N new customers in a new realm, with the engine's -parallelism set to `p`. */
async function firstDeployAt(n: number, p: number, label: string): Promise<Measure> {
  const { dir, realm } = newBenchProject();
  const ws = defaultRunContext({
    root: dir,
    outdir: path.join(dir, 'out'),
    quiet: true,
    env: { APIKEYS_STATE_DIR: path.join(dir, 'state'), KEYCLOAK_URL: '', APIKEYS_ENGINE_PARALLELISM: String(p) },
  });
  const admin = new AdminApi(adminLogin(ws.settings, { local: true, environment: 'local', keycloakUrl: localUrl() }));
  try {
    await deploy({ ...ws, part: 'platform' });
    for (let i = 0; i < n; i++) writeCustomer(dir, customerId(i), i);
    const m = await measured(realm, () => deploy({ ...ws, part: 'customers' }));
    process.stderr.write(`  ${label} parallelism ${p}: ${m.seconds.toFixed(2)} s, ${m.requests} requests\n`);
    return m;
  } finally {
    await admin.request('DELETE', `/${realm}`).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface SizeResult {
  readonly n: number;
  readonly shards: number;
  readonly runs: number;
  readonly m: Partial<Record<Step, Measure>>;
  readonly breakdown: [string, number][];
}

function summarize(n: number, shards: number, runs: Run[], breakdown: Map<string, number>): SizeResult {
  const m: Partial<Record<Step, Measure>> = {};
  for (const step of STEPS) {
    const got = runs.map((r) => r[step]).filter((x): x is Measure => x !== undefined);
    if (got.length) m[step] = { seconds: median(got.map((g) => g.seconds)), requests: median(got.map((g) => g.requests)) };
  }
  const perRun = [...breakdown.entries()].map(([k, v]): [string, number] => [k, v / runs.length]).sort((a, b) => b[1] - a[1]);
  return { n, shards, runs: runs.length, m, breakdown: perRun };
}

const fmtS = (m?: Measure) => (m ? m.seconds.toFixed(2) : '–');
const fmtN = (m?: Measure) => (m ? String(Math.round(m.requests)) : '–');
const ratio = (a?: Measure, b?: Measure, of = '') => (a && b && b.seconds > 0 ? `${(a.seconds / b.seconds).toFixed(1)}x${of}` : '–');

/** The rows of the table: step, its words, what its time is compared with (the floor). */
const ROWS: readonly [Step, string, 'import' | 'list' | undefined, boolean][] = [
  // [step, words, floor, requests per customer]
  ['startup', 'engine start-up (plan of 0 customers)', undefined, false],
  ['deploy', 'first deploy of N new customers (single stack)', 'import', true],
  ['reshard', 'migration: `reshard` from the single stack to the shards', undefined, false],
  ['planAfterReshard', 'first plan after `reshard` (every shard planned; no change)', 'list', true],
  ['deployAfterReshard', 'deploy after `reshard` (records the fingerprints; no change)', 'list', true],
  ['plan', 'no-change plan (default: fast check, no refresh)', 'list', true],
  ['planFresh', 'no-change plan in a fresh checkout (no engine directory yet: every stack initialized)', 'list', true],
  ['planPlusOne', '+1-customer plan (default)', 'list', true],
  ['planReader', 'no-change plan, read-only identity (against the recorded state)', 'list', true],
  ['planPlusOneReader', '+1-customer plan, read-only identity (against the recorded state)', 'list', true],
  ['driftFast', 'drift, fast (default)', 'list', true],
  ['driftFastProvisioner', 'drift, fast, provisioning identity', 'list', true],
  ['driftDeep', 'drift, deep (`--deep`)', 'list', true],
  ['load', 'of which: loading and validating the files', 'list', false],
  ['synth', 'of which: synth of the customers stack', 'list', false],
  ['stateRead', 'of which: reading the state (engine `show -json`)', 'list', false],
  ['survey', "of which: reading every shard's state (init + `state pull`, 4 at a time)", 'list', false],
  ['check', 'of which: the bulk check alone, administrator', 'list', true],
];

function table(results: SizeResult[]): string {
  const base = results[0];
  const rows = [
    `| N | shards | step | wall time (s) | vs. N = ${base.n.toLocaleString('en')} | admin API requests | requests per customer | time vs. floor |`,
    '|---:|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const { m, n } = r;
    const per = (x?: Measure) => (x ? (x.requests / n).toFixed(2) : '–');
    let first = true;
    const lead = () => {
      const cells = first ? `| ${n.toLocaleString('en')} | ${r.shards} |` : '| | |';
      first = false;
      return cells;
    };
    for (const [step, words, floor, perCustomer] of ROWS) {
      if (!m[step]) continue;
      const vs = r === base ? '1.0x' : ratio(m[step], base.m[step]);
      const floorCell = floor ? ratio(m[step], m[floor], floor === 'import' ? ' of partial import' : ' of list') : '–';
      rows.push(`${lead()} ${words} | ${fmtS(m[step])} | ${vs} | ${fmtN(m[step])} | ${perCustomer ? per(m[step]) : '–'} | ${floorCell} |`);
    }
    if (m.import)
      rows.push(
        `${lead()} floor: partial import of the same N (batches of ${batch}) | ${fmtS(m.import)} | ${r === base ? '1.0x' : ratio(m.import, base.m.import)} | ${fmtN(m.import)} | ${per(m.import)} | 1.0x |`,
      );
    if (m.list)
      rows.push(
        `${lead()} floor: one paged list of all clients (pages of ${pageSize}) | ${fmtS(m.list)} | ${r === base ? '1.0x' : ratio(m.list, base.m.list)} | ${fmtN(m.list)} | ${per(m.list)} | 1.0x |`,
      );
  }
  return rows.join('\n');
}

/**
 * Today's first deploy before shards, for the goal "no worse than today": the recorded runs in
 * docs/performance.md (generated section at code 6f96f07 for 1,000; the one run at 5,000, code 083880f).
 */
const FIRST_DEPLOY_BEFORE: Record<number, { seconds: number; perCustomer: number }> = {
  1000: { seconds: 81.79, perCustomer: 25.68 },
  5000: { seconds: 457.6, perCustomer: 25.68 },
};

/** Issue 13's and issue 24's goals, for the sizes this run measured. */
function goals(results: SizeResult[]): string[] {
  const at = (n: number) => results.find((r) => r.n === n)?.m;
  const verdict = (met: boolean) => (met ? '**met**' : '**missed**');
  const out: string[] = [];
  const k = at(1000);
  if (k?.deploy) {
    const per = k.deploy.requests / 1000;
    out.push(
      `- First deploy of 1,000 new customers at most 25 s: ${verdict(k.deploy.seconds <= 25)} (${k.deploy.seconds.toFixed(1)} s); ` +
        `at most 10 requests per customer: ${verdict(per <= 10)} (${per.toFixed(1)}).`,
    );
  }
  if (k?.list && k.startup) {
    const fast = k.driftFast;
    const budget = 5 * k.list.seconds + k.startup.seconds;
    const requests = 30 + Math.ceil(1000 / 100);
    out.push(
      fast
        ? `- Fast drift at N = 1,000 at most 5x the list time plus engine start-up (${budget.toFixed(1)} s): ${verdict(fast.seconds <= budget)} ` +
            `(${fast.seconds.toFixed(1)} s); at most ${requests} requests: ${verdict(fast.requests <= requests)} (${Math.round(fast.requests)}).`
        : `- Fast drift at N = 1,000: not measured; the budget would be ${budget.toFixed(1)} s and ${requests} requests.`,
    );
  }
  const small = at(50);
  const large = results.find((r) => r.n === 5000);
  const issue24: string[] = [];
  if (small && large) {
    const within = (step: Step, words: string, factor: number) => {
      const a = large.m[step];
      const b = small[step];
      if (a && b)
        issue24.push(
          `- ${words} at N = 5,000 (${large.shards} shards) within ${factor}x of N = 50: ${verdict(a.seconds <= factor * b.seconds)} ` +
            `(${a.seconds.toFixed(1)} s against ${b.seconds.toFixed(1)} s: ${(a.seconds / b.seconds).toFixed(1)}x).`,
        );
    };
    within('planPlusOne', '+1-customer plan', 2);
    within('planPlusOneReader', '+1-customer plan, read-only identity', 2);
    within('driftFast', 'Clean fast drift', 3);
  }
  if (large?.m.plan)
    issue24.push(
      `- No-change plan at N = 5,000 (${large.shards} shards) under 10 s: ${verdict(large.m.plan.seconds < 10)} (${large.m.plan.seconds.toFixed(1)} s; read-only identity ${fmtS(large.m.planReader)} s).`,
    );
  for (const r of results) {
    const before = FIRST_DEPLOY_BEFORE[r.n];
    if (!before || !r.m.deploy) continue;
    const per = r.m.deploy.requests / r.n;
    issue24.push(
      `- First deploy of ${r.n.toLocaleString('en')} no worse than before shards (${before.seconds.toFixed(1)} s, ${before.perCustomer.toFixed(1)} requests per customer, in the reading below): ` +
        `${r.m.deploy.seconds.toFixed(1)} s (${(r.m.deploy.seconds / before.seconds).toFixed(2)}x), ${per.toFixed(1)} requests per customer: ${verdict(per <= before.perCustomer + 0.05)} for the requests; the time is one run's against another's.`,
    );
  }
  return [
    ...(out.length ? ['Goals of issue 13 in this run:', '', ...out, ''] : []),
    ...(issue24.length ? ['Goals of issue 24 (shards) in this run:', '', ...issue24, ''] : []),
  ];
}

function breakdownTable(r: SizeResult): string {
  const rows = [`| endpoint (first deploy of ${r.n.toLocaleString('en')}) | requests per customer |`, '|---|---:|'];
  for (const [endpoint, count] of r.breakdown) {
    const per = count / r.n;
    if (per >= 0.01) rows.push(`| \`${endpoint}\` | ${per.toFixed(2)} |`);
  }
  return rows.join('\n');
}

/** The code being measured, read when the run starts (commits made while it runs are not in it). */
const measuredCode = gitCommit();

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

/** `--parallelism`: the first deploy per engine -parallelism value, runs interleaved, medians and ratios to the engine's default (10). */
async function parallelismSweep(): Promise<string> {
  const load = os.loadavg();
  const rows: string[] = [
    '| N | engine -parallelism | first deploy, median (s) | runs (s) | vs. 10 (the engine default) | admin API requests |',
    '|---:|---:|---:|---|---:|---:|',
  ];
  for (const [i, n] of sizes.entries()) {
    const byP = new Map<number, Measure[]>(parallelisms.map((p) => [p, []]));
    for (let k = 1; k <= runsOf(i); k++) for (const p of parallelisms) byP.get(p)!.push(await firstDeployAt(n, p, `N=${n} run ${k}:`));
    const med = (p: number) => median(byP.get(p)!.map((m) => m.seconds));
    const base = byP.has(10) ? med(10) : undefined;
    for (const p of parallelisms)
      rows.push(
        `| ${n.toLocaleString('en')} | ${p} | ${med(p).toFixed(2)} | ${byP
          .get(p)!
          .map((m) => m.seconds.toFixed(1))
          .join(', ')} | ${base ? `${(med(p) / base).toFixed(2)}x` : '–'} | ${median(byP.get(p)!.map((m) => m.requests))} |`,
      );
  }
  const loadAfter = os.loadavg();
  return [
    '## Engine parallelism (generated)',
    '',
    `First deploy of N new customers (\`deploy --part customers\`, a new realm each time), once per value of`,
    `\`APIKEYS_ENGINE_PARALLELISM\` in each run, the values interleaved so that a busy moment hits them alike.`,
    '',
    `Command: \`npm run bench:deploy -- ${process.argv.slice(2).join(' ')}\``,
    '',
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load average ${load.map((x) => x.toFixed(1)).join(' / ')}` +
      ` at the start, ${loadAfter.map((x) => x.toFixed(1)).join(' / ')} at the end. Date ${new Date().toISOString()}, code ${measuredCode}.`,
    '',
    ...rows,
  ].join('\n');
}

/** Replaces the text between `start` and `end` in docs/performance.md (or appends it). */
function writeSection(start: string, end: string, body: string): void {
  const text = `${start}\n${body}\n${end}`;
  const doc = path.join(projectRoot, 'docs', 'performance.md');
  const current = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n';
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*${end}`), () => text)
    : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(doc, next);
}

async function main(): Promise<void> {
  await provisionAll();
  await keycloakUp();
  if (parallelisms.length) {
    const body = await parallelismSweep();
    process.stdout.write(`${body}\n`);
    if (!opts['no-doc']) writeSection('<!-- bench:parallelism:start -->', '<!-- bench:parallelism:end -->', body);
    return;
  }
  const load = os.loadavg();
  const results: SizeResult[] = [];
  // Every run's figures as they come, so that a run stopped at a large size keeps the smaller ones.
  const raw = path.join(os.tmpdir(), `apikeys-bench-deploy-${new Date().toISOString().replace(/[:.]/g, '')}.json`);
  const all: { n: number; shards: number; runs: Run[] }[] = [];
  process.stderr.write(`raw figures: ${raw}\n`);
  for (const [i, n] of sizes.entries()) {
    const runs: Run[] = [];
    const shards = shardsOf(i);
    all.push({ n, shards, runs });
    const breakdown = new Map<string, number>();
    for (let k = 1; k <= runsOf(i); k++) {
      process.stderr.write(`N=${n}, ${shards} shard(s), run ${k}/${runsOf(i)}\n`);
      runs.push(await oneRun(n, shards, `N=${n} run ${k}:`, breakdown));
      fs.writeFileSync(raw, JSON.stringify(all, null, 1));
    }
    results.push(summarize(n, shards, runs, breakdown));
    // The section is rewritten after each size: a later size that fails leaves the earlier ones recorded.
    const body = report(results, load);
    if (i === sizes.length - 1) process.stdout.write(`${body}\n`);
    if (!opts['no-doc']) writeSection(START, END, body);
  }
}

function report(results: SizeResult[], load: number[]): string {
  const loadAfter = os.loadavg();
  const largest = results[results.length - 1];
  const deployed = [...results].reverse().find((r) => r.breakdown.length) ?? largest;
  const sharded = results.some((r) => r.shards > 1);
  return [
    '## Deploy benchmark (generated)',
    '',
    `Median of ${results.map((r) => `${r.runs} run(s) at N = ${r.n.toLocaleString('en')}`).join(', ')}, each in a new realm of the local`,
    `Keycloak ${localUrl()} (platform deployed first, not measured), through the pinned OpenTofu and keycloak provider,`,
    "with the project's own functions (`deploy`, `planForReview`, `drift`, `reshard`, all `--part customers`). Admin API requests are",
    "the access-log lines of that realm's `/admin/realms/<realm>` endpoints (the provider's login and server-info calls are",
    'not realm-scoped and not counted). The floor is measured in the same run: a partial import of the same customers into a',
    'scratch realm with the same platform, and one paged listing of all clients of the benchmark realm.',
    ...(sharded
      ? [
          '',
          'With more than one shard, the first deploy goes to the single stack (`customerShards: 1`, as an environment',
          'deployed before shards), then platform.yaml gets the shard count and `reshard` moves the states (timed); the',
          "first plan after it must change no resource, and a deploy records the shards' fingerprints. Every later step",
          'runs on the shards. "vs. N = ' +
            results[0].n.toLocaleString('en') +
            '" is the ratio to the same step at the smallest size of this run.',
        ]
      : []),
    ...(skips.length
      ? ['', `Left out (\`--skip\`): ${skips.map((x) => (x.n ? `${x.step} at N = ${x.n.toLocaleString('en')}` : x.step)).join(', ')}.`]
      : []),
    '',
    `Command: \`npm run bench:deploy -- ${process.argv.slice(2).join(' ')}\``.replace(/ -- `$/, '`'),
    '',
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores (\`nproc\`), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB,` +
      ` Node ${process.version}; load average ${load.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the start,` +
      ` ${loadAfter.map((x) => x.toFixed(1)).join(' / ')} at the end. Date ${new Date().toISOString()}, code ${measuredCode}.`,
    '',
    table(results),
    '',
    ...goals(results),
    `Where the first deploy's requests go at N = ${deployed.n.toLocaleString('en')}, per customer and endpoint (averaged over the runs):`,
    '',
    breakdownTable(deployed),
  ].join('\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
