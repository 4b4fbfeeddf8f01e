/**
 * The read-only identity, on the real server: pull-request plans and drift checks run with
 * it, so it must be able to refresh and plan the customers stack, and Keycloak must refuse
 * every write it attempts, through the engine or straight at the admin API. Each test starts
 * from the two customers deployed and converged (`given`), so the tests pass in any order.
 */
import { AdminApi } from '../../engine/admin-api';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext, RunContext } from '../../engine/steps';
import { CustomerSpec, describeIntegration, TestProject } from './support/harness';

const TWO: Record<string, CustomerSpec> = { acme: { roles: ['orders:read'] }, globex: { roles: ['invoices:read'] } };

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
    // AND a pull-request plan holds only the read-only identity's client credentials
    ({ ctx: asReaderWs, api: asReader } = await p.pipelineIdentity('api-keys-reader'));
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it("plans the customers stack: nothing when in sync, a pull request's changes when there are some", async () => {
    await p.given(TWO);
    const out = `${p.dir}/reports`;
    expect((await planForReview(asReaderWs, out)).changed).toBe(false);
    // WHEN a pull request adds one customer and changes another
    p.writeCustomer('initech', { roles: ['orders:read'] });
    p.writeCustomer('globex', { roles: ['invoices:read', 'orders:read'] });
    const { summary, changed } = await planForReview(asReaderWs, out);
    // THEN the plan shows exactly that
    expect(changed).toBe(true);
    expect(summary.customers.added.map((g) => g.name)).toEqual(['initech']);
    expect(summary.customers.changed.map((g) => g.name)).toEqual(['globex']);
    expect(summary.customers.removed).toEqual([]);
  });

  it('saves a plan that the provisioning identity applies (main.yml plans with the reader, deploys with the provisioner)', async () => {
    await p.given(TWO);
    p.writeCustomer('initech', { roles: ['orders:read'] });
    const { planFile } = await planForReview(asReaderWs, `${p.dir}/reports`);
    const { ctx: asProvisioner } = await p.pipelineIdentity('api-keys-provisioner');
    expect((await deploy(asProvisioner, { planFile })).summary.customers.added.map((g) => g.name)).toEqual(['initech']);
    expect((await p.admin.findClient(p.realm, 'initech'))?.clientId).toBe('initech');
  });

  it("reads customers' client secrets (refreshing a client reads its secret): its own secret must be kept like the state", async () => {
    const acme = await p.client('acme');
    const res = await asReader.request<{ value: string }>('GET', `/${p.realm}/clients/${acme.id}/client-secret`);
    expect(res.status).toBe(200);
    expect(res.data.value).toBe(await p.secret('acme'));
  });

  it('checks drift', async () => {
    await p.given(TWO);
    expect(await drift(asReaderWs, `${p.dir}/reports`)).toBe(0);
  });

  it('is refused (403) every write at the admin API, and nothing changes', async () => {
    await p.given(TWO);
    const realm = p.realm;
    const acme = await p.client('acme');
    const secretBefore = await p.secret('acme');
    const api = await p.client('orders-api');
    const write = await p.admin.get(`/${realm}/clients/${api.id}/roles/${encodeURIComponent('orders:write')}`);
    const acmeSa = await p.admin.get<{ id: string }>(`/${realm}/clients/${acme.id}/service-account-user`);
    const readerSa = await p.admin.get<{ id: string }>(`/${realm}/clients/${(await p.client('api-keys-reader')).id}/service-account-user`);
    const rm = await p.client('realm-management');
    const manageClients = await p.admin.get(`/${realm}/clients/${rm.id}/roles/manage-clients`);
    const clientScopes = await p.admin.get<{ id: string; name: string }[]>(`/${realm}/client-scopes`);
    const profile = clientScopes.find((s) => s.name === 'profile')!;
    const readScope = clientScopes.find((s) => s.name === 'orders-api-role-orders:read')!;
    const read = await p.admin.get(`/${realm}/clients/${api.id}/roles/${encodeURIComponent('orders:read')}`);

    const writes: [string, string, unknown?][] = [
      ['POST', `/${realm}/clients`, { clientId: 'intruder', secret: 'chosen' }],
      ['PUT', `/${realm}/clients/${acme.id}`, { ...acme, enabled: false, standardFlowEnabled: true }],
      ['DELETE', `/${realm}/clients/${acme.id}`],
      ['POST', `/${realm}/clients/${acme.id}/client-secret`],
      ['PUT', `/${realm}/clients/${acme.id}/default-client-scopes/${profile.id}`],
      ['POST', `/${realm}/clients/${acme.id}/scope-mappings/clients/${api.id}`, [write]],
      // it may list every client role as if to put it into a scope (the bulk check's one list), and still put none there
      ['POST', `/${realm}/client-scopes/${readScope.id}/scope-mappings/clients/${api.id}`, [write]],
      ['DELETE', `/${realm}/client-scopes/${readScope.id}/scope-mappings/clients/${api.id}`, [read]],
      ['POST', `/${realm}/users/${acmeSa.id}/role-mappings/clients/${api.id}`, [write]],
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
      await expect(deploy(asReaderWs)).rejects.toThrow(
        new RegExp(`error sending POST request to \\S*/admin/realms/${p.realm}/clients: 403 Forbidden`),
      );
      expect(await p.admin.findClient(p.realm, 'initech')).toBeUndefined();
    } finally {
      p.removeCustomer('initech');
    }
  });
});
