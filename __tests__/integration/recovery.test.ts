/**
 * Nothing lost, always converging (issue 10), on the real Keycloak and engine:
 * - an empty customers/ and a mass removal are refused until confirmed with the count;
 * - an engine killed (SIGKILL) in the middle of creating clients is reported as
 *   interrupted, and the rerun adopts what it created: no 409, no duplicate, no secret changed;
 * - a hand-made client with a customer file's id stops the plan; `adopt` imports it with its
 *   secret unchanged and shows what deploy will change; deploy then converges it;
 * - a deleted state file: the next deploy adopts every client, secrets unchanged;
 * - a marked client that no file declares is reported by drift as unmanaged;
 * - files that can hold secrets are owner-only; saved plans do not outlive their command.
 * Each test starts from the customer files it names (`given`), so the tests pass in any order.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { adopt } from '../../engine/adopt';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext, stackDir } from '../../engine/steps';
import { KeycloakGate } from './support/gate';
import {
  captureStderr,
  CustomerSpec,
  describeIntegration,
  killEngineWhen,
  planIsEmpty,
  processesIn,
  sleep,
  TestProject,
} from './support/harness';
import { HEARTBEAT_SECONDS } from '../../toolchain/process';

const STACK = 'api-keys-local';

/** Modes of every file and directory under `dir` (relative path -> octal string). */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      out[path.relative(dir, full) + (e.isDirectory() ? '/' : '')] = (fs.statSync(full).mode & 0o777).toString(8);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

describeIntegration('recovery: guards, adoption, interrupted deploys', () => {
  let p: TestProject;
  /** This test's own report directory (not created yet: the commands create it). */
  let reportsDir: string;
  let testNumber = 0;
  beforeEach(() => {
    reportsDir = path.join(p.dir, `reports-${++testNumber}`);
  });
  const reports = () => reportsDir;
  /** Saved plans in the report directory (none when the command never created it). */
  const savedPlans = () => (fs.existsSync(reports()) ? fs.readdirSync(reports()).filter((f) => f.endsWith('.tfplan')) : []);
  const stateDir = () => path.join(p.dir, 'state');
  const customersStack = () => stackDir({ ...p.ws, part: 'customers' });
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
  const secrets = async (list: string[]) =>
    Object.fromEntries(await Promise.all(list.map(async (id) => [id, await p.secret(id)] as const)));
  const liveClients = async () =>
    p.admin.get<{ clientId: string; id: string; attributes?: Record<string, string> }[]>(`/${p.realm}/clients`);
  const stateIds = () => {
    const file = path.join(stateDir(), `${STACK}.tfstate`);
    if (!fs.existsSync(file)) return [];
    const state = JSON.parse(fs.readFileSync(file, 'utf8'));
    return state.resources
      .filter((r: { type: string; mode: string }) => r.type === 'keycloak_openid_client' && r.mode === 'managed')
      .map((r: any) => r.instances[0].attributes.client_id);
  };
  const base = ids('base', 6);
  const kill = ids('kill', 20);
  /** The customer files of these ids, as the tests write them. */
  const files = (list: string[]): Record<string, CustomerSpec> =>
    Object.fromEntries(
      list.map((id) => [
        id,
        { roles: id.startsWith('kill-') ? ['orders:read', 'invoices:read'] : id.startsWith('race-') ? [] : ['orders:read'] },
      ]),
    );
  /** The customers as each test finds them (and, in file order, as the test before it leaves them). */
  const AFTER_CREATE = [...base, ...kill];
  const ALL = [...AFTER_CREATE, 'hand-01', 'race-01'];
  const massRemoved = kill.slice(0, 7);
  const AFTER_MASS_REMOVAL = ALL.filter((id) => !massRemoved.includes(id));
  const AFTER_DELETE = AFTER_MASS_REMOVAL.filter((id) => !['kill-11', 'kill-12', 'kill-13'].includes(id));

  /** Sends SIGKILL to the engine's apply (our child, in `dir`) as soon as `ready` holds. */
  const killApplyWhen = (dir: string, ready: () => Promise<boolean>): Promise<boolean> => killEngineWhen(dir, 'apply', ready);
  /** Admin-API paths of the realm's clients: the list (POST creates one), and one client or what is under it. */
  const CLIENTS = /^\/admin\/realms\/[^/]+\/clients(\?|$)/;
  const ONE_CLIENT = /^\/admin\/realms\/[^/]+\/clients\/[^/?]+/;

  beforeAll(async () => {
    p = new TestProject('recover');
    p.setCustomers(files(base));
    await deploy(p.ws);
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('refuses an empty customers/ while state holds customers: nothing deleted, until confirmed with the count', async () => {
    await p.given(files(base));
    const before = await secrets(base);
    const moved = path.join(p.dir, 'customers-away');
    fs.renameSync(path.join(p.dir, 'customers'), moved);
    fs.mkdirSync(path.join(p.dir, 'customers'));
    try {
      await expect(deploy(p.ws)).rejects.toThrow(
        /no customer file targets this environment, but its state holds 6 customer\(s\).*--confirm-removal 6/s,
      );
      await expect(planForReview(p.ws, reports())).rejects.toThrow(/--confirm-removal 6/);
      expect(savedPlans()).toEqual([]);
      // a wrong count is no confirmation
      await expect(deploy(p.ws, { confirmRemoval: 5 })).rejects.toThrow(/state holds 6 customer/);
    } finally {
      fs.rmSync(path.join(p.dir, 'customers'), { recursive: true });
      fs.renameSync(moved, path.join(p.dir, 'customers'));
    }
    expect(await secrets(base)).toEqual(before);
  });

  it('an engine killed mid-create is reported as interrupted; the rerun adopts its orphans: no 409, no duplicate, no secret changed', async () => {
    await p.given(files(base));
    const baseSecrets = await secrets(base);
    const fresh = kill;
    p.setCustomers(files(AFTER_CREATE));
    const dir = customersStack();

    // WHEN the engine is killed while it creates clients: it reaches Keycloak through a gate that
    // lets one client creation through and then holds every other creation and every request about
    // one client, so that first client exists in Keycloak and its creation never completes in the
    // engine (it cannot reach the state), whenever the kill lands
    let creations = 0;
    const gate = await KeycloakGate.start(
      p.url,
      (method, url) => (method === 'POST' && CLIENTS.test(url) && ++creations > 1) || (creations > 0 && ONE_CLIENT.test(url)),
    );
    let err: Error | undefined;
    try {
      const gated = defaultRunContext({
        ...p.ws,
        part: 'customers',
        env: { ...p.ws.env, KEYCLOAK_URL: gate.url, KEYCLOAK_USER: 'admin', KEYCLOAK_PASSWORD: 'admin' },
      });
      const run = deploy(gated).then(
        () => undefined,
        (e: Error) => e,
      );
      await gate.whenHeld();
      expect(await killApplyWhen(dir, async () => (await liveClients()).some((c) => c.clientId.startsWith('kill-')))).toBe(true);
      err = await run;
    } finally {
      await gate.close();
    }

    // THEN the failure says what happened and what to do
    expect(err?.message).toMatch(/apply was interrupted \(killed by SIGKILL\).*Rerun deploy: it adopts what the interrupted run created/s);
    expect(err?.message).not.toMatch(/exit code 128/);
    // the provider may outlive the engine for a moment: wait until nothing of the run is left
    for (let i = 0; i < 300 && processesIn(dir).length > 0; i++) await sleep(200);
    expect(processesIn(dir)).toEqual([]);
    // the saved plan of the failed run is gone
    expect(fs.existsSync(path.join(dir, 'deploy.tfplan'))).toBe(false);

    // the one creation the gate let through is the only client of the run in Keycloak
    const live = (await liveClients()).filter((c) => c.clientId.startsWith('kill-'));
    expect(live).toHaveLength(1);
    const inState = stateIds();
    const orphans = live
      .map((c) => c.clientId)
      .filter((id) => !inState.includes(id))
      .sort();
    // the case this test is about: a client in Keycloak that the state does not know, marked
    expect(orphans).toEqual(live.map((c) => c.clientId));
    for (const c of live) expect(c.attributes?.['api-keys.stack']).toBe(STACK);
    const orphanSecrets = await secrets(orphans);

    // WHEN deploy runs again THEN it adopts exactly the orphans and creates the rest
    const result = await deploy(p.ws);
    expect(result.summary.customers.adopted).toEqual(orphans);
    const all = (await liveClients()).filter((c) => c.clientId.startsWith('kill-')).map((c) => c.clientId);
    expect(all.sort()).toEqual(fresh);
    expect(new Set(all).size).toBe(all.length);
    expect(await secrets(orphans)).toEqual(orphanSecrets);
    expect(await secrets(base)).toEqual(baseSecrets);
    for (const id of orphans.slice(0, 3)) expect((await p.token(id, orphanSecrets[id])).status).toBe(200);
    expect(await planIsEmpty(p.ws)).toBe(true);
  });

  it("a hand-made client with a customer file's id stops the plan; adopt imports it with its secret; deploy converges it", async () => {
    await p.given(files(AFTER_CREATE));
    // GIVEN a machine client made in the admin console (no login flow: a login client is never
    // adopted, see shared-realm.test.ts), with a secret already handed out
    const secret = await p.clientByHand('hand-01', { fullScopeAllowed: true });
    expect((await p.token('hand-01', secret)).status).toBe(200);
    p.writeCustomer('hand-01', { roles: ['orders:read'] });

    // WHEN deploy runs THEN it stops before planning, naming the client and the command
    await expect(deploy(p.ws)).rejects.toThrow(
      /hand-01: exists in Keycloak, not created by this project \(no marker\).*npm run adopt -- hand-01/s,
    );
    await expect(planForReview(p.ws, reports())).rejects.toThrow(/npm run adopt -- hand-01/);

    // WHEN adopted THEN it is in state, nothing in Keycloak changed, and the changes deploy will make are shown
    const { adopted, summary } = await adopt(p.ws, ['hand-01']);
    expect(adopted).toEqual(['hand-01']);
    expect(stateIds()).toContain('hand-01');
    expect(await p.client('hand-01')).toMatchObject({ fullScopeAllowed: true });
    const change = summary.customers.changed.find((g) => g.name === 'hand-01')!;
    expect(change.attributes.map((a) => a.attribute)).toEqual(expect.arrayContaining(['full_scope_allowed', 'extra_config']));
    expect(JSON.stringify(summary)).not.toContain(secret);
    expect(await p.secret('hand-01')).toBe(secret);
    await expect(adopt(p.ws, ['hand-01'])).rejects.toThrow(/hand-01: already managed by this stack/);
    await expect(adopt(p.ws, ['nobody-01'])).rejects.toThrow(/nobody-01: no file customers\/nobody-01\.yaml/);

    // WHEN deployed THEN it is converged, marked, and its secret still works
    await deploy(p.ws);
    expect(await p.client('hand-01')).toMatchObject({
      fullScopeAllowed: false,
      standardFlowEnabled: false,
      attributes: expect.objectContaining({ 'api-keys.stack': STACK }),
    });
    expect(await p.secret('hand-01')).toBe(secret);
    expect((await p.token('hand-01', secret)).status).toBe(200);
  });

  it('a reviewed plan that lost the race to another deploy says so, and is removed', async () => {
    await p.given(files([...AFTER_CREATE, 'hand-01']));
    const { planFile } = await planForReview({ ...p.ws, part: 'customers' }, path.join(p.dir, 'race'));
    p.writeCustomer('race-01', { roles: [] });
    await deploy(p.ws);
    await expect(deploy({ ...p.ws, part: 'customers' }, { planFile })).rejects.toThrow(
      /the plan is stale: another deploy changed the state after this plan was made.*nothing was applied/s,
    );
    expect(fs.existsSync(planFile)).toBe(false);
  });

  it('after a deleted state file, deploy adopts every client with its secret, and converges', async () => {
    await p.given(files(ALL));
    const everyone = p.customerIds();
    const before = await secrets(everyone);
    for (const f of fs.readdirSync(stateDir())) if (f.startsWith(`${STACK}.tfstate`)) fs.rmSync(path.join(stateDir(), f));
    const result = await deploy(p.ws);
    expect(result.summary.customers.adopted).toEqual(everyone);
    expect(result.summary.customers.added).toEqual([]);
    expect(await secrets(everyone)).toEqual(before);
    expect((await liveClients()).filter((c) => everyone.includes(c.clientId))).toHaveLength(everyone.length);
    expect(await planIsEmpty(p.ws)).toBe(true);
  });

  it('drift reports a marked client that no file declares as unmanaged, with what to do', async () => {
    await p.given(files(ALL));
    await p.clientByHand('gone-01', { attributes: { 'api-keys.stack': STACK } });
    expect(await drift(p.ws, reports())).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(reports(), `${STACK}.drift.json`), 'utf8'));
    expect(report.unmanaged).toEqual(['gone-01']);
    const md = fs.readFileSync(path.join(reports(), `${STACK}.drift.md`), 'utf8');
    expect(md).toContain('**Unmanaged, marked** (1): `gone-01`');
    expect(md).toContain('add `customers/<client-id>.yaml` again and deploy');
    await p.admin.request('DELETE', `/${p.realm}/clients/${(await p.client('gone-01')).id}`);
    expect(await drift(p.ws, reports())).toBe(0);
  });

  it('refuses a mass removal unless confirmed with the count; the reviewed summary says so in bold', async () => {
    await p.given(files(ALL));
    const before = await secrets(base);
    const doomed = massRemoved;
    for (const id of doomed) p.removeCustomer(id);
    await expect(deploy(p.ws)).rejects.toThrow(
      /the plan removes 7 of 2\d customers, more than removalGuard\.maxCount \(5\).*--confirm-removal 7/s,
    );
    await expect(planForReview(p.ws, reports())).rejects.toThrow(/--confirm-removal 7/);
    expect(fs.readFileSync(path.join(reports(), `${STACK}.plan.md`), 'utf8')).toMatch(
      /\*\*This plan removes 7 of 2\d customers .*applied only with `--confirm-removal 7`/,
    );
    // the refused command leaves no saved plan at all (the platform stack's included)
    expect(savedPlans()).toEqual([]);
    for (const id of doomed) expect(await p.admin.findClient(p.realm, id)).toBeDefined();

    // the reviewed path: plan with the confirmation, deploy that plan with it
    const { planFile } = await planForReview(p.ws, reports(), { confirmRemoval: 7 });
    expect(fs.readFileSync(path.join(reports(), `${STACK}.plan.md`), 'utf8')).toMatch(
      /\*\*This plan removes 7 of 2\d customers .*confirmed with `--confirm-removal 7`/,
    );
    await expect(deploy({ ...p.ws, part: 'customers' }, { planFile })).rejects.toThrow(/--confirm-removal 7/);
    expect(fs.existsSync(planFile)).toBe(true);
    expect((fs.statSync(planFile).mode & 0o777).toString(8)).toBe('600');
    expect((fs.statSync(reports()).mode & 0o777).toString(8)).toBe('700');
    await deploy({ ...p.ws, part: 'customers' }, { planFile, confirmRemoval: 7 });
    expect(fs.existsSync(planFile)).toBe(false);
    for (const id of doomed) expect(await p.admin.findClient(p.realm, id)).toBeUndefined();
    expect(await secrets(base)).toEqual(before);
  });

  it('an engine killed mid-delete: the rerun finishes the removal without an error, other secrets unchanged', async () => {
    await p.given(files(AFTER_MASS_REMOVAL));
    const going = ['kill-11', 'kill-12', 'kill-13'];
    const staying = [...base, 'hand-01'];
    const before = await secrets(staying);
    for (const id of going) p.removeCustomer(id);
    const dir = customersStack();
    const alive = async () => (await liveClients()).filter((c) => going.includes(c.clientId)).length;
    // The engine reaches Keycloak through a gate that lets the first client deletion through and
    // holds the others, so the kill lands after one client is gone and before the apply ends.
    let deletions = 0;
    const gate = await KeycloakGate.start(
      p.url,
      (method, url) => method === 'DELETE' && /^\/admin\/realms\/[^/]+\/clients\/[^/?]+$/.test(url) && ++deletions > 1,
    );
    try {
      const gated = defaultRunContext({
        ...p.ws,
        part: 'customers',
        env: { ...p.ws.env, KEYCLOAK_URL: gate.url, KEYCLOAK_USER: 'admin', KEYCLOAK_PASSWORD: 'admin' },
      });
      const run = deploy(gated).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(await killApplyWhen(dir, async () => gate.held > 0 && (await alive()) === going.length - 1)).toBe(true);
      expect((await run)?.message).toMatch(/apply was interrupted \(killed by SIGKILL\).*Rerun deploy/s);
    } finally {
      await gate.close();
    }
    for (let i = 0; i < 300 && processesIn(dir).length > 0; i++) await sleep(200);
    expect(await alive()).toBe(going.length - 1);

    await deploy(p.ws);
    expect(await alive()).toBe(0);
    expect(await secrets(staying)).toEqual(before);
    expect(await planIsEmpty(p.ws)).toBe(true);
  });

  it('keeps state, its backups and saved plans owner-only, and no saved plan outlives its command', async () => {
    // GIVEN a deployed state, and a reviewed plan whose customers part was then deployed
    await p.given(files(AFTER_DELETE));
    const reviewed = path.join(p.dir, 'reviewed');
    p.writeCustomer('modes-01', { roles: [] });
    const { planFile } = await planForReview(p.ws, reviewed);
    await deploy({ ...p.ws, part: 'customers' }, { planFile });
    const state = modes(stateDir());
    expect(Object.keys(state).length).toBeGreaterThan(0);
    for (const [f, mode] of Object.entries(state)) expect(`${f} ${mode}`).toBe(`${f} ${f.endsWith('/') ? '700' : '600'}`);
    expect((fs.statSync(stateDir()).mode & 0o777).toString(8)).toBe('700');
    const out = modes(path.join(p.dir, 'cdktf.out', 'stacks'));
    expect(Object.keys(out).filter((f) => f.endsWith('.tfplan'))).toEqual([]);
    for (const [f, mode] of Object.entries(out)) if (/^[^/]+\/$/.test(f)) expect(`${f} ${mode}`).toBe(`${f} 700`);
    // left: only the platform plan reviewed together with the customers plan, never applied
    expect(Object.entries(modes(reviewed)).filter(([f]) => f.endsWith('.tfplan'))).toEqual([['api-keys-local-platform.tfplan', '600']]);
    expect((fs.statSync(reviewed).mode & 0o777).toString(8)).toBe('700');
  });

  it('a Keycloak that never answers: the engine is stopped at its time budget, with progress on the way, and no stale report is left', async () => {
    // GIVEN an environment whose server accepts connections and never answers (a frozen server)
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(p.dir, 'environments.yaml'), `local:\n  keycloak: local\nfrozen:\n  keycloak: http://127.0.0.1:${port}\n`);
    // with state to refresh (a copy of the local platform state), so the engine must ask the server
    fs.copyFileSync(path.join(stateDir(), 'api-keys-local-platform.tfstate'), path.join(stateDir(), 'api-keys-frozen-platform.tfstate'));
    fs.mkdirSync(reports(), { recursive: true, mode: 0o700 });
    const stale = path.join(reports(), 'api-keys-frozen-platform.drift.md');
    fs.writeFileSync(stale, 'an old report');
    const TIMEOUT = 35;
    const started = Date.now();
    let logs: string;
    try {
      const ws = defaultRunContext({
        ...p.ws,
        environment: 'frozen',
        part: 'platform',
        env: { ...p.ws.env, APIKEYS_ENGINE_TIMEOUT: String(TIMEOUT), KEYCLOAK_USER: 'admin', KEYCLOAK_PASSWORD: 'admin' },
        // The engine's budget is what this test is about: skip the platform's listing of the
        // realm, whose own admin-API call KEYCLOAK_CLIENT_TIMEOUT bounds (lifecycle.test.ts).
        protectedClientIds: [],
      });
      const { result, stderr } = await captureStderr(() => drift(ws, reports()));
      logs = stderr;
      expect(result.status === 'rejected' && String(result.reason)).toMatch(
        new RegExp(`plan did not finish within ${TIMEOUT} s and was stopped`),
      );
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
      fs.rmSync(path.join(p.dir, 'environments.yaml'));
      for (const f of fs.readdirSync(stateDir())) if (f.startsWith('api-keys-frozen')) fs.rmSync(path.join(stateDir(), f));
    }
    // it was stopped by its budget, not sooner (how much later depends on the machine's load)
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT * 1000);
    // progress on the way: a line every HEARTBEAT_SECONDS, each reading at least its own multiple of it
    const readings = [...logs.matchAll(/\.\.\. tofu-[\d.]+ plan \(api-keys-frozen-platform\): ([\d.]+) s so far/g)].map((m) =>
      Number(m[1]),
    );
    expect(readings.length).toBeGreaterThanOrEqual(Math.floor(TIMEOUT / HEARTBEAT_SECONDS));
    readings.forEach((r, i) => expect(r).toBeGreaterThanOrEqual((i + 1) * HEARTBEAT_SECONDS));
    expect(fs.existsSync(stale)).toBe(false);
  });
});
