/**
 * Measures the fast drift check and a +1-customer pull-request plan against the full
 * refresh, for the customers stack of a realm with N generated customers (as
 * benchmarks/synth.ts generates them), on the local Keycloak (its HTTP access log counts the
 * admin-API requests of the realm):
 *
 *   npx ts-node benchmarks/fast-check.ts --customers=50
 *
 * Deploys once (not measured), then runs each measure once, as the administrator (the bulk
 * check reads the realm with one partial export) and as the read-only identity (client
 * listing plus two reads per customer). Prints a Markdown table.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deploy } from '../engine/deploy';
import { drift } from '../engine/drift';
import { planForReview } from '../engine/plan-review';
import { AdminApi, adminLogin } from '../engine/admin-api';
import { keycloakUp } from '../toolchain/local-keycloak';
import { localSettings, localUrl } from '../config/local-keycloak';
import { paths, projectRoot } from '../config/paths';
import { defaultRunContext, RunContext } from '../engine/steps';
import { parseOptions } from '../toolchain/args';
import { customerYaml } from './synth';

const { values } = parseOptions(
  'benchmarks/fast-check.ts',
  { customers: { type: 'string', value: '<n>', default: '50', help: 'customers in the generated realm' } },
  process.argv.slice(2),
  { helpHint: 'npx ts-node benchmarks/fast-check.ts --customers=<n>' },
);
const customers = Number(values.customers);
const accessLog = path.join(paths.keycloakRun(localSettings().port), 'keycloak.log');

/** Access-log lines since `offset` for this realm's admin API (and, apart, its token endpoint). */
function requestsSince(offset: number, realm: string): { admin: number; login: number } {
  const fd = fs.openSync(accessLog, 'r');
  const buf = Buffer.alloc(fs.fstatSync(fd).size - offset);
  fs.readSync(fd, buf, 0, buf.length, offset);
  fs.closeSync(fd);
  const lines = buf.toString('utf8').split('\n');
  const admin = new RegExp(`"(GET|POST|PUT|DELETE) /admin/realms/${realm}[/ ?]`);
  const login = new RegExp(`"POST /realms/(${realm}|master)/protocol/openid-connect/token`);
  return { admin: lines.filter((l) => admin.test(l)).length, login: lines.filter((l) => login.test(l)).length };
}

async function measure(what: string, realm: string, fn: () => Promise<unknown>): Promise<string> {
  const offset = fs.statSync(accessLog).size;
  const t0 = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await new Promise((r) => setTimeout(r, 1000)); // let the access log flush
  const n = requestsSince(offset, realm);
  const row = `| ${customers} | ${what} | ${seconds.toFixed(1)} | ${n.admin} | ${n.login} |`;
  process.stdout.write(`${row}\n`);
  return row;
}

async function main(): Promise<void> {
  await keycloakUp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-fast-'));
  const realm = `fast-${path.basename(dir).split('-').pop()!.toLowerCase()}`;
  fs.writeFileSync(
    path.join(dir, 'platform.yaml'),
    fs.readFileSync(path.join(projectRoot, 'platform.yaml'), 'utf8').replace(/^ {2}name: partners$/m, `  name: ${realm}`),
  );
  fs.mkdirSync(path.join(dir, 'customers'));
  for (let i = 1; i <= customers; i++)
    fs.writeFileSync(path.join(dir, 'customers', `customer-${String(i).padStart(5, '0')}.yaml`), customerYaml(i));
  const ws = defaultRunContext({
    root: dir,
    outdir: path.join(dir, 'out'),
    quiet: true,
    env: { APIKEYS_STATE_DIR: path.join(dir, 'state') },
  });
  const t0 = Date.now();
  await deploy(ws);
  process.stderr.write(`deployed ${customers} customers into realm ${realm} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const admin = new AdminApi(adminLogin(ws.settings, { local: true, environment: 'local', keycloakUrl: localUrl() }));
  const reader = await admin.findClient(realm, 'api-keys-reader');
  const secret = await admin.clientSecret(realm, reader!.id);
  const asAdmin: RunContext = { ...ws, part: 'customers' };
  const asReader: RunContext = defaultRunContext({
    ...asAdmin,
    env: {
      ...ws.env,
      KEYCLOAK_REALM: realm,
      KEYCLOAK_CLIENT_ID: 'api-keys-reader',
      KEYCLOAK_CLIENT_SECRET: secret,
      KEYCLOAK_USER: '',
      KEYCLOAK_PASSWORD: '',
    },
  });
  const out = path.join(dir, 'reports');
  const rows = ['| N | customers stack | seconds | admin-API requests | logins |', '|---|---|---|---|---|'];
  process.stdout.write(`${rows.join('\n')}\n`);
  const expect = (code: number) => {
    if (code !== 0) throw new Error(`drift exit ${code}, expected 0`);
  };
  rows.push(await measure('drift, deep (full refresh)', realm, async () => expect(await drift(asAdmin, out, { deep: true }))));
  rows.push(await measure('drift, fast, administrator (partial export)', realm, async () => expect(await drift(asAdmin, out))));
  rows.push(
    await measure('drift, fast, read-only identity (listing + per-customer reads)', realm, async () => expect(await drift(asReader, out))),
  );
  fs.writeFileSync(path.join(dir, 'customers', 'late-comer.yaml'), customerYaml(customers + 1));
  const added = (r: { summary: { customers: { added: { name: string }[] } } }) => {
    if (r.summary.customers.added.map((g) => g.name).join() !== 'late-comer') throw new Error('the plan should add late-comer only');
  };
  rows.push(
    await measure('+1-customer plan, full refresh (--deep)', realm, async () => added(await planForReview(asReader, out, { deep: true }))),
  );
  rows.push(await measure('+1-customer plan, fast, administrator', realm, async () => added(await planForReview(asAdmin, out))));
  rows.push(await measure('+1-customer plan, fast, read-only identity', realm, async () => added(await planForReview(asReader, out))));
  await admin.request('DELETE', `/${realm}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
