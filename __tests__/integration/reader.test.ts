/**
 * The read-only identity, on the real server, acting exactly as a pull-request pipeline does
 * (its private key from `npm run credentials -- api-keys-reader --reveal`): it plans the
 * customers stack against the recorded state, reads no client at all (no customer's, no
 * identity's, no built-in client's, no secret) and Keycloak refuses every write it attempts.
 * Each test starts from the two customers deployed and converged (`given`), so the tests pass
 * in any order.
 */
import * as fs from 'fs';
import { AdminApi } from '../../engine/admin-api';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext, RunContext } from '../../engine/steps';
import { CustomerSpec, describeIntegration, TestProject } from './support/harness';

const TWO: Record<string, CustomerSpec> = { acme: { roles: ['orders:read'] }, globex: { roles: ['invoices:read'] } };

/** Clients whose secrets (or whose existence) the reader must not learn: every kind there is in the realm. */
const NOT_CUSTOMERS = [
  'orders-api',
  'api-keys-provisioner',
  'api-keys-reader',
  'account',
  'security-admin-console',
  'realm-management',
  'broker',
  'admin-cli',
];

describeIntegration('read-only identity', () => {
  let p: TestProject;
  let asReaderWs: RunContext;
  let asReader: AdminApi;

  beforeAll(async () => {
    p = new TestProject('reader');
    // GIVEN an administrator deployed the platform part, and the pipeline two customers
    await deploy({ ...p.ws, part: 'platform' });
    p.setCustomers(TWO);
    await deploy({ ...p.ws, part: 'customers' });
    // AND a pull-request plan holds only the read-only identity's key
    ({ ctx: asReaderWs, api: asReader } = await p.pipelineIdentity('api-keys-reader'));
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it("plans the customers stack against the recorded state: nothing when in sync, a pull request's changes when there are some", async () => {
    await p.given(TWO);
    const out = `${p.dir}/reports`;
    expect((await planForReview(asReaderWs, out)).changed).toBe(false);
    // WHEN a pull request adds one customer and changes another
    p.writeCustomer('initech', { roles: ['orders:read'] });
    p.writeCustomer('globex', { roles: ['invoices:read', 'orders:read'] });
    const { summary, changed } = await planForReview(asReaderWs, out);
    // THEN the plan shows exactly that, and says it was made against the recorded state
    expect(changed).toBe(true);
    expect(summary.customers.added.map((g) => g.name)).toEqual(['initech']);
    expect(summary.customers.changed.map((g) => g.name)).toEqual(['globex']);
    expect(summary.customers.changed[0].headline).toContain('roles +orders:read');
    expect(summary.customers.removed).toEqual([]);
    expect(fs.readFileSync(`${out}/api-keys-local.plan.md`, 'utf8')).toContain('Planned against the recorded state');
  });

  it('saves a plan that the provisioning identity can apply', async () => {
    await p.given(TWO);
    p.writeCustomer('initech', { roles: ['orders:read'] });
    const { planFile } = await planForReview(asReaderWs, `${p.dir}/reports`);
    const { ctx: asProvisioner } = await p.pipelineIdentity('api-keys-provisioner');
    expect((await deploy(asProvisioner, { planFile })).summary.customers.added.map((g) => g.name)).toEqual(['initech']);
    expect((await p.admin.findClient(p.realm, 'initech'))?.clientId).toBe('initech');
  });

  it("reads no client: not a customer's, not the API's, not an identity's, not a built-in one's, and no secret", async () => {
    await p.given(TWO);
    const r = `/${p.realm}`;
    const reads: string[] = [];
    for (const clientId of ['acme', 'globex', ...NOT_CUSTOMERS]) {
      const id = (await p.client(clientId)).id;
      for (const path of [`${r}/clients/${id}`, `${r}/clients/${id}/client-secret`, `${r}/clients/${id}/client-secret/rotated`])
        reads.push(`${path} -> ${(await asReader.request('GET', path)).status}`);
    }
    expect(reads).toEqual(reads.map((line) => line.replace(/-> \d+$/, '-> 403')));
    // nor by listing, searching, exporting, or through the users
    for (const path of [
      `${r}/clients`,
      `${r}/clients?clientId=api-keys-provisioner`,
      `${r}/clients?search=true&clientId=api`,
      `${r}/users`,
    ])
      expect({ path, status: (await asReader.request('GET', path)).status }).toEqual({ path, status: 403 });
    expect((await asReader.request('POST', `${r}/partial-export?exportClients=true`)).status).toBe(403);
  });

  it("cannot obtain the provisioner's credentials by any admin-API read, and Keycloak holds none to read", async () => {
    const provisioner = await p.client('api-keys-provisioner');
    // Keycloak holds the provisioner's public key only
    expect(provisioner.clientAuthenticatorType).toBe('client-jwt');
    const jwks = JSON.parse(provisioner.attributes['jwks.string']);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].d).toBeUndefined();
    // the secret Keycloak still generates for every confidential client opens nothing
    const generated = await p.secret('api-keys-provisioner');
    expect((await p.token('api-keys-provisioner', generated)).status).toBeGreaterThanOrEqual(400);
    // and the reader cannot read even that
    expect((await asReader.request('GET', `/${p.realm}/clients/${provisioner.id}`)).status).toBe(403);
    expect((await asReader.request('GET', `/${p.realm}/clients/${provisioner.id}/client-secret`)).status).toBe(403);
  });

  it('cannot check drift, and says which identity can', async () => {
    await p.given(TWO);
    await expect(drift(asReaderWs, `${p.dir}/reports`)).rejects.toThrow(/reads no client.*KEYCLOAK_CLIENT_ID=api-keys-provisioner/s);
  });

  it('is refused (403) every write at the admin API, and nothing changes', async () => {
    await p.given(TWO);
    const realm = p.realm;
    const acme = await p.client('acme');
    const secretBefore = await p.secret('acme');
    const api = await p.client('orders-api');
    const write = await p.admin.get(`/${realm}/clients/${api.id}/roles/${encodeURIComponent('orders:write')}`);
    const grantWrite = await p.admin.get(`/${realm}/roles/${encodeURIComponent('orders-api-grant-orders:write')}`);
    const acmeSa = await p.admin.get<{ id: string }>(`/${realm}/clients/${acme.id}/service-account-user`);
    const readerSa = await p.admin.get<{ id: string }>(`/${realm}/clients/${(await p.client('api-keys-reader')).id}/service-account-user`);
    const rm = await p.client('realm-management');
    const manageClients = await p.admin.get(`/${realm}/clients/${rm.id}/roles/manage-clients`);
    const clientScopes = await p.admin.get<{ id: string; name: string }[]>(`/${realm}/client-scopes`);
    const profile = clientScopes.find((s) => s.name === 'profile')!;
    const readScope = clientScopes.find((s) => s.name === 'orders-api-role-orders:read')!;
    const sac = await p.client('security-admin-console');

    const writes: [string, string, unknown?][] = [
      ['POST', `/${realm}/clients`, { clientId: 'intruder', secret: 'chosen' }],
      ['PUT', `/${realm}/clients/${acme.id}`, { ...acme, enabled: false, standardFlowEnabled: true }],
      ['DELETE', `/${realm}/clients/${acme.id}`],
      ['POST', `/${realm}/clients/${acme.id}/client-secret`],
      ['POST', `/${realm}/clients/${api.id}/client-secret`],
      ['PUT', `/${realm}/clients/${sac.id}`, { ...sac, redirectUris: ['https://attacker.example/*'] }],
      ['PUT', `/${realm}/clients/${acme.id}/default-client-scopes/${profile.id}`],
      ['POST', `/${realm}/clients/${acme.id}/scope-mappings/clients/${api.id}`, [write]],
      ['POST', `/${realm}/client-scopes/${readScope.id}/scope-mappings/clients/${api.id}`, [write]],
      ['PUT', `/${realm}/client-scopes/${profile.id}`, { name: 'profile', protocol: 'openid-connect', description: 'taken over' }],
      ['POST', `/${realm}/users/${acmeSa.id}/role-mappings/clients/${api.id}`, [write]],
      ['POST', `/${realm}/users/${acmeSa.id}/role-mappings/realm`, [grantWrite]],
      ['POST', `/${realm}/clients/${api.id}/roles`, { name: 'orders:admin' }],
      ['POST', `/${realm}/client-scopes`, { name: 'intruder', protocol: 'openid-connect' }],
      ['POST', `/${realm}/users`, { username: 'intruder', enabled: true }],
      ['PUT', `/${realm}`, { displayName: 'taken over', registrationAllowed: true }],
      ['POST', `/${realm}/users/${readerSa.id}/role-mappings/clients/${rm.id}`, [manageClients]],
      ['POST', '/master/clients', { clientId: 'intruder' }],
    ];
    const statuses = [];
    for (const [method, path, body] of writes) statuses.push(`${method} ${path} -> ${(await asReader.request(method, path, body)).status}`);
    expect(statuses).toEqual(writes.map(([method, path]) => `${method} ${path} -> 403`));

    // AND Keycloak is as before
    expect(await p.admin.findClient(realm, 'intruder')).toBeUndefined();
    expect(await p.secret('acme')).toBe(secretBefore);
    expect(await p.client('acme')).toMatchObject({ enabled: true, standardFlowEnabled: false });
    expect((await p.client('security-admin-console')).redirectUris).toEqual(sac.redirectUris);
    expect((await p.admin.get<{ displayName: string }>(`/${realm}`)).displayName).toBe('Partner API');
    const inScope = await p.admin.get<{ name: string }[]>(`/${realm}/client-scopes/${readScope.id}/scope-mappings/clients/${api.id}`);
    expect(inScope.map((r) => r.name)).toEqual(['orders:read']);
    expect(await drift(defaultRunContext({ ...p.ws, part: 'customers' }), `${p.dir}/reports`)).toBe(0);
  });

  // The refused apply still records the new output in the (local) state: the next test's
  // given() repairs that with a deploy.
  it('cannot apply a plan: the deploy is refused and nothing changes in Keycloak', async () => {
    await p.given(TWO);
    p.writeCustomer('initech', { roles: ['orders:read'] });
    try {
      // Keycloak refuses the client's creation itself (the provider's message for a 403)
      await expect(deploy(asReaderWs)).rejects.toThrow(/403 Forbidden/);
      expect(await p.admin.findClient(p.realm, 'initech')).toBeUndefined();
    } finally {
      p.removeCustomer('initech');
    }
  });
});
