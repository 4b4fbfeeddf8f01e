/**
 * Benchmark: deploying customers to the local Keycloak through the real engine and provider.
 *
 *   npm run bench:deploy                      # 3 runs, 50 customers
 *   npm run bench:deploy -- --runs=5 --customers=100 --no-doc
 *
 * Each run uses a new realm and measures, in order:
 *   - baseline: deploy of the platform alone (realm, API, roles, audience scope), no customers;
 *   - cold: deploy of N new customers into a new realm (includes the realm);
 *   - add one: deploy of one more customer into the realm that has N;
 *   - no-op: a deploy with nothing to change (plan only).
 * Admin API requests are counted from Keycloak's HTTP access log (the local Keycloak
 * runs with it on), as the lines the deploy added for that realm's admin endpoints.
 * Medians go to the console and to docs/performance.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AdminApi, adminLogin } from '../engine/admin-api';
import { deploy } from '../engine/deploy';
import { keycloakUp } from '../toolchain/local-keycloak';
import { localSettings, localUrl } from '../config/local-keycloak';
import { paths, projectRoot } from '../config/paths';
import { provisionAll } from '../toolchain/provision';
import { defaultRunContext, RunContext } from '../engine/steps';

const START = '<!-- bench:deploy:start -->';
const END = '<!-- bench:deploy:end -->';

function option(name: string, fallback: string): string {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.split('=')[1] : fallback;
}
const runs = Number(option('runs', '3'));
const customers = Number(option('customers', '50'));
const writeDoc = !process.argv.includes('--no-doc');

const accessLog = path.join(paths.keycloakRun(localSettings().port), 'keycloak.log');

/** Lines of the access log written since `offset` that hit this realm's admin API. */
function adminRequestsSince(offset: number, realm: string): number {
  const fd = fs.openSync(accessLog, 'r');
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(size - offset);
  fs.readSync(fd, buf, 0, buf.length, offset);
  fs.closeSync(fd);
  const needle = new RegExp(`"(GET|POST|PUT|DELETE) /admin/realms/${realm}[/ ?]`);
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => needle.test(l)).length;
}

async function timed(ws: RunContext, realm: string): Promise<{ seconds: number; requests: number }> {
  const offset = fs.statSync(accessLog).size;
  const t0 = process.hrtime.bigint();
  await deploy(ws);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await new Promise((r) => setTimeout(r, 500)); // let the access log flush
  return { seconds, requests: adminRequestsSince(offset, realm) };
}

function writeCustomer(dir: string, id: string, i: number): void {
  const roles = [['orders:read'], ['orders:read', 'orders:write'], ['invoices:read']][i % 3];
  fs.writeFileSync(path.join(dir, 'customers', `${id}.yaml`), stringify({ name: `Customer ${i}`, contact: `ops@${id}.example`, roles }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await provisionAll();
  await keycloakUp();
  const rows: Record<string, { seconds: number; requests: number }[]> = { baseline: [], cold: [], addOne: [], noop: [] };
  for (let run = 1; run <= runs; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-bench-'));
    const realm = `bench-${path.basename(dir).split('-').pop()!.toLowerCase()}`;
    fs.writeFileSync(
      path.join(dir, 'platform.yaml'),
      fs.readFileSync(path.join(projectRoot, 'platform.yaml'), 'utf8').replace(/^ {2}name: partners$/m, `  name: ${realm}`),
    );
    fs.mkdirSync(path.join(dir, 'customers'));
    const ws = defaultRunContext({
      root: dir,
      outdir: path.join(dir, 'out'),
      quiet: true,
      env: { APIKEYS_STATE_DIR: path.join(dir, 'state') },
    });
    const baseRealm = `${realm}-base`;
    const baseWs = defaultRunContext({
      root: dir,
      outdir: path.join(dir, 'out-base'),
      quiet: true,
      env: { APIKEYS_STATE_DIR: path.join(dir, 'state-base'), APIKEYS_REALM: baseRealm },
    });
    rows.baseline.push(await timed(baseWs, baseRealm));
    for (let i = 0; i < customers; i++) writeCustomer(dir, `c${String(i).padStart(3, '0')}`, i);
    rows.cold.push(await timed(ws, realm));
    writeCustomer(dir, 'late-comer', customers);
    rows.addOne.push(await timed(ws, realm));
    rows.noop.push(await timed(ws, realm));
    const admin = new AdminApi(adminLogin(ws.settings, { local: true, environment: 'local', keycloakUrl: localUrl() }));
    await admin.request('DELETE', `/${realm}`);
    await admin.request('DELETE', `/${baseRealm}`);
    fs.rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`run ${run}/${runs}: ${JSON.stringify(rows)}\n`);
  }

  const m = (k: string) => ({ s: median(rows[k].map((r) => r.seconds)), n: median(rows[k].map((r) => r.requests)) });
  const base = m('baseline');
  const cold = m('cold');
  const add = m('addOne');
  const noop = m('noop');
  const perCustomerRequests = (cold.n - base.n) / customers;
  const table = [
    '| step | wall time (s) | vs. baseline | admin API requests |',
    '|---|---:|---:|---:|',
    `| baseline: platform stack only (realm, API, 3 roles, audience scope, provisioning identity) | ${base.s.toFixed(2)} | 1.00x | ${base.n} |`,
    `| ${customers} new customers into a new realm | ${cold.s.toFixed(2)} | ${(cold.s / base.s).toFixed(2)}x | ${cold.n} |`,
    `| add 1 customer to a realm with ${customers} | ${add.s.toFixed(2)} | ${(add.s / base.s).toFixed(2)}x | ${add.n} |`,
    `| no-op deploy of ${customers + 1} customers (plan only) | ${noop.s.toFixed(2)} | ${(noop.s / base.s).toFixed(2)}x | ${noop.n} |`,
  ].join('\n');
  const text = [
    START,
    '## Deploy benchmark (generated)',
    '',
    `Median of ${runs} run(s), each in a new realm of the local Keycloak ${localUrl()}, through the pinned OpenTofu`,
    "and keycloak provider. Admin API requests are the access-log lines of that realm's admin endpoints",
    "(the engine's refresh reads included; the provider's login and server-info calls are not realm-scoped and not counted).",
    '',
    `Admin API requests per customer (cold deploy, minus the baseline, divided by ${customers}): **${perCustomerRequests.toFixed(1)}**;`,
    `adding one customer to a realm with ${customers} costs ${add.n} requests, most of them the refresh of the ${customers} existing customers.`,
    '',
    'Command: `npm run bench:deploy`',
    '',
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
    '',
    table,
    END,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  if (writeDoc) {
    const doc = path.join(projectRoot, 'docs', 'performance.md');
    const current = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n';
    const next = current.includes(START)
      ? current.replace(new RegExp(`${START}[\\s\\S]*${END}`), text)
      : `${current.trimEnd()}\n\n${text}\n`;
    fs.writeFileSync(doc, next);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
