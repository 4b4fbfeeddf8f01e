/**
 * One deploy converges: after every kind of change a platform engineer makes (description,
 * suspension, roles, lifespan, secret rotation, authentication method), a single deploy
 * leaves Keycloak exactly as declared, so the nightly drift check exits 0. Tokens carry
 * exactly the claims the design lists. Drift reports and plans speak reviewer words. Each
 * test starts from the customer files it names (`start`), so the tests pass in any order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { exportSPKI, generateKeyPair, KeyLike } from 'jose';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext } from '../../engine/steps';
import { captureStderr, claims, CustomerSpec, describeIntegration, planIsEmpty, TestProject, expectLifespan } from './support/harness';

/**
 * Every claim of a customer's access token, and nothing else: `basic` gives sub, the
 * audience scope aud, `roles` resource_access, `service_account` client_id, clientHost and
 * clientAddress (see BUILT_IN_DEFAULT_SCOPES for why it is declared).
 */
const TOKEN_CLAIMS = [
  'aud',
  'azp',
  'client_id',
  'clientAddress',
  'clientHost',
  'exp',
  'iat',
  'iss',
  'jti',
  'resource_access',
  'scope',
  'sub',
  'typ',
];

describeIntegration('one deploy converges', () => {
  let p: TestProject;
  let key: { publicKey: KeyLike; privateKey: KeyLike };
  const reports = () => path.join(p.dir, 'reports');
  const ID = 'conv-a';
  const OTHER: CustomerSpec = { roles: ['invoices:read'] };
  /** conv-a as each test finds it (and as the test before it, in file order, leaves it). */
  const FIRST: CustomerSpec = { roles: ['orders:read'], description: 'first' };
  const SECOND: CustomerSpec = { ...FIRST, description: 'second' };
  const TWO_ROLES: CustomerSpec = { ...SECOND, roles: ['orders:write', 'invoices:read'] };
  const LONGER: CustomerSpec = { ...TWO_ROLES, accessTokenLifespan: 900 };
  const ROTATED: CustomerSpec = { ...LONGER, secretRotation: '2026-12' };
  let withKey: CustomerSpec; // LONGER with private_key_jwt (set in beforeAll)
  let spec: CustomerSpec;

  /** The test's starting point: conv-a as `from` (and conv-b unless `alone`), deployed and converged. */
  const start = async (from: CustomerSpec, { alone = false } = {}) => {
    spec = { ...from };
    await p.given(alone ? { [ID]: spec } : { [ID]: spec, 'conv-b': OTHER });
  };

  const write = (change: Record<string, unknown>) => {
    spec = { ...spec, ...change };
    for (const [k, v] of Object.entries(spec)) if (v === undefined) delete spec[k];
    p.writeCustomer(ID, spec);
  };

  /** The token's claims, asserted exactly; returns them. */
  const tokenClaims = async (roles: string[], lifespan: number) => {
    const { status, body } = await p.token(ID, await p.secret(ID));
    expect(status).toBe(200);
    const t = claims(body.access_token);
    expect(Object.keys(t).sort()).toEqual([...TOKEN_CLAIMS].sort());
    expect(t).toMatchObject({ aud: 'orders-api', azp: ID, client_id: ID, typ: 'Bearer', iss: `${p.url}/realms/${p.realm}` });
    expect(t.resource_access).toEqual({ 'orders-api': { roles: expect.any(Array) } });
    expect([...t.resource_access['orders-api'].roles].sort()).toEqual([...roles].sort());
    expectLifespan(t, lifespan);
    return t;
  };

  /** One deploy, then the drift check must find nothing. */
  const deployThenNoDrift = async () => {
    await deploy(p.ws);
    expect(await drift(p.ws, reports())).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(reports(), 'api-keys-local.drift.json'), 'utf8'));
    expect(report.drift).toBe(false);
  };

  beforeAll(async () => {
    p = new TestProject('conv');
    key = await generateKeyPair('RS256', { extractable: true });
    withKey = { ...LONGER, auth: { method: 'private-key-jwt', publicKey: await exportSPKI(key.publicKey) } };
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('starts in sync, with exactly the designed default scopes and claims', async () => {
    await start(FIRST);
    expect(await drift(p.ws, reports())).toBe(0);
    const client = await p.client(ID);
    const scopes = await p.admin.get<{ name: string }[]>(`/${p.realm}/clients/${client.id}/default-client-scopes`);
    // (orders-api-role-orders:read lets the customer's one role into its tokens; see ApiRoleScopes)
    expect(scopes.map((s) => s.name).sort()).toEqual([
      'basic',
      'orders-api-audience',
      'orders-api-role-orders:read',
      'roles',
      'service_account',
    ]);
    await tokenClaims(['orders:read'], 300);
  });

  it('a description change: one deploy, no drift', async () => {
    await start(FIRST);
    write({ description: 'second' });
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.changed.map((g) => g.headline)).toEqual([`Changed: ${ID} (description first→second)`]);
    await deployThenNoDrift();
    expect((await p.client(ID)).description).toBe('second');
    await tokenClaims(['orders:read'], 300);
  });

  it('suspension and re-enabling: one deploy each, no drift', async () => {
    await start(SECOND);
    const secret = await p.secret(ID);
    write({ enabled: false });
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.changed.map((g) => g.headline)).toEqual([`Changed: ${ID} (suspended)`]);
    await deployThenNoDrift();
    expect((await p.token(ID, secret)).status).toBe(401);
    write({ enabled: undefined });
    await deployThenNoDrift();
    await tokenClaims(['orders:read'], 300);
  });

  it('a role change: the plan names roles, not ids; one deploy, no drift', async () => {
    await start(SECOND);
    write({ roles: ['orders:write', 'invoices:read'] });
    const { summary } = await planForReview(p.ws, reports());
    const g = summary.customers.changed.find((c) => c.name === ID)!;
    expect(g.headline).toBe(`Changed: ${ID} (roles +invoices:read +orders:write −orders:read)`);
    expect(g.attributes.find((a) => a.attribute === 'role_ids')).toMatchObject({
      label: 'roles',
      before: 'orders:read',
      after: 'invoices:read, orders:write',
    });
    const md = fs.readFileSync(path.join(reports(), 'api-keys-local.plan.md'), 'utf8');
    expect(md).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    await deployThenNoDrift();
    await tokenClaims(['orders:write', 'invoices:read'], 300);
  });

  it('taking one role away keeps the others in the token: one deploy, no drift', async () => {
    await start(TWO_ROLES);
    // Per-client scope mappings had this trap (deleting one removed all, provider 5.9.0); role scopes must not.
    write({ roles: ['invoices:read'] });
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.changed.map((g) => g.headline)).toEqual([`Changed: ${ID} (roles −orders:write)`]);
    await deployThenNoDrift();
    await tokenClaims(['invoices:read'], 300);
    write({ roles: ['orders:write', 'invoices:read'] });
    await deployThenNoDrift();
    await tokenClaims(['orders:write', 'invoices:read'], 300);
  });

  it('a lifespan change: one deploy, no drift', async () => {
    await start(TWO_ROLES);
    write({ accessTokenLifespan: 900 });
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.changed.map((g) => g.headline)).toEqual([`Changed: ${ID} (lifespan 300→900)`]);
    await deployThenNoDrift();
    await tokenClaims(['orders:write', 'invoices:read'], 900);
  });

  // The example platform.yaml rotates with a 7-day overlap (secretRotation.gracePeriod);
  // the end of the overlap is tested in key-lifecycle.test.ts with a short period.
  it('a secret rotation: the plan shows the rotation label and the overlap; one deploy, no drift; both secrets work meanwhile', async () => {
    await start(LONGER);
    const old = await p.secret(ID);
    write({ secretRotation: '2026-12' });
    const { summary } = await planForReview(p.ws, reports());
    const g = summary.customers.changed.find((c) => c.name === ID)!;
    expect(g.headline).toBe(`Changed: ${ID} (secret rotation (none)→2026-12 (the old secret keeps working for 7d))`);
    expect(JSON.stringify(summary)).not.toContain(old);
    await deployThenNoDrift();
    const current = await p.secret(ID);
    expect(current).not.toBe(old);
    expect((await p.token(ID, current)).status).toBe(200);
    expect((await p.token(ID, old)).status).toBe(200);
    await tokenClaims(['orders:write', 'invoices:read'], 900);
  });

  it('an authentication-method change to private_key_jwt: one deploy, no drift; the key gets the same claims', async () => {
    await start(ROTATED);
    write({ secretRotation: undefined, auth: withKey.auth });
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.changed.find((c) => c.name === ID)!.headline).toMatch(
      new RegExp(`^Changed: ${ID} \\(.*auth client-secret→private-key-jwt`),
    );
    await deployThenNoDrift();
    const res = await p.tokenWithAssertion(ID, await p.assertion(ID, key.privateKey));
    expect(res.status).toBe(200);
    const t = claims(res.body.access_token);
    expect(Object.keys(t).sort()).toEqual([...TOKEN_CLAIMS].sort());
    expect([...t.resource_access['orders-api'].roles].sort()).toEqual(['invoices:read', 'orders:write']);
  });

  it('removing a customer: one deploy, no drift; the other customer is untouched', async () => {
    await start(withKey);
    const other = await p.secret('conv-b');
    p.removeCustomer('conv-b');
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.removed.map((g) => g.headline)).toEqual(['Removed: conv-b (their credentials stop working)']);
    await deployThenNoDrift();
    expect((await p.token('conv-b', other)).status).toBe(401);
  });

  it('an outputs-only difference is not drift (exit 0), and says so', async () => {
    await start(withKey, { alone: true });
    // GIVEN the state's output lists a customer that is gone (as after a failed deploy)
    const stateFile = path.join(p.dir, 'state', 'api-keys-local.tfstate');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    expect(state.outputs.customer_client_ids.value).toEqual([ID]);
    state.outputs.customer_client_ids.value = ['ghost'];
    state.serial += 1;
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
    // (the engine itself reports a change: its detailed exit code is 2)
    expect(await planIsEmpty(p.ws)).toBe(false);
    // WHEN the drift check runs THEN nothing in Keycloak differs: exit 0
    expect(await drift(p.ws, reports())).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(reports(), 'api-keys-local.drift.json'), 'utf8'));
    expect(report).toMatchObject({ drift: false, counts: { add: 0, change: 0, remove: 0 } });
  });

  it('a drift report names the customer, the attribute in reviewer words, the value in Keycloak and in the repository', async () => {
    await start(withKey, { alone: true });
    // GIVEN a description edited and a role granted by hand in the admin console
    const client = await p.client(ID);
    expect((await p.admin.request('PUT', `/${p.realm}/clients/${client.id}`, { ...client, description: 'edited by hand' })).status).toBe(
      204,
    );
    await p.giveClientRoleByHand(ID, 'orders-api', 'orders:read');
    // WHEN the drift check runs, printing to the terminal
    const { result, stderr: out } = await captureStderr(() => drift(p.ws, reports()));
    const code = result.status === 'fulfilled' ? result.value : result.reason;
    // THEN exit 2, and the customer, attribute and both values are named, roles by name
    expect(code).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(reports(), 'api-keys-local.drift.json'), 'utf8'));
    const g = report.customers.changed.find((c: { name: string }) => c.name === ID);
    expect(g.attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: 'description', before: 'edited by hand', after: 'second' }),
        expect.objectContaining({
          label: 'roles',
          // customers hold grant roles, which read as their API roles; the API role given by hand
          // directly is named by its id (the customers stack does not read the API client's roles)
          before: expect.stringMatching(/^[0-9a-f-]{36}, invoices:read, orders:write$/),
          after: 'invoices:read, orders:write',
        }),
      ]),
    );
    expect(g.headline).toMatch(/roles −[0-9a-f-]{36}/);
    expect(out).toContain(`${ID}: description: in Keycloak edited by hand; in the repository second`);
    expect(out).toMatch(
      new RegExp(`${ID}: roles: in Keycloak [0-9a-f-]{36}, invoices:read, orders:write; in the repository invoices:read, orders:write`),
    );
    const md = fs.readFileSync(path.join(reports(), 'api-keys-local.drift.md'), 'utf8');
    expect(md).toContain('| in Keycloak | in the repository |');
    // every value by name but the API role given by hand (see above): that one id, no other
    expect(new Set(md.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)).size).toBe(1);
    // AND one deploy repairs it
    await deployThenNoDrift();
  });

  it('is quiet by default: the engine writes to a log file per stack and run, the terminal gets progress and the summary', async () => {
    await start(withKey, { alone: true });
    const loud = defaultRunContext({ ...p.ws, quiet: false });
    write({ description: 'third' });
    const { result, stderr: out } = await captureStderr(() => deploy(loud));
    if (result.status === 'rejected') throw result.reason;
    const logs = [...out.matchAll(/engine log in (\S+\.log)/g)].map((m) => path.resolve(m[1]));
    expect(logs).toHaveLength(2);
    expect(new Set(logs).size).toBe(2);
    for (const l of logs) expect(fs.existsSync(l)).toBe(true);
    const customersLog = fs.readFileSync(
      logs.find((l) => /api-keys-local-deploy-/.test(l))!,
      'utf8',
    );
    expect(customersLog).toMatch(/will perform the following actions/);
    expect(customersLog).toMatch(/Apply complete!/);
    expect(out).not.toMatch(/will perform the following actions|Apply complete|Refreshing state|Reading\.\.\./);
    expect(out).toContain(`Changed: ${ID} (description second→third)`);
    // a short summary: at most 12 lines besides the progress lines a slow run adds (one per
    // HEARTBEAT_SECONDS of each engine command, "  ... <command>: <n> s so far")
    const lines = out.split('\n').filter(Boolean);
    const summary = lines.filter((l) => !/^ {2}\.\.\. .*: [\d.]+ s so far$|^ {2}\.\.\. .*: \d+ min \d+ s so far$/.test(l));
    expect(summary.length).toBeLessThanOrEqual(12);
  });
});
