/**
 * A realm and a backend client the company already runs, referenced by configuration only
 * (`realm.create: false`, `api.create: false`): the realm was made by hand (fine-grained admin
 * permissions off) with its own event settings, and a backend client that has roles outside
 * the catalog. The platform deploy turns the permissions on, reads the backend and never
 * changes it, extends the event settings, and customers' tokens carry the existing backend.
 */
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { RunContext } from '../../engine/steps';
import { AdminApi } from '../../engine/admin-api';
import { claims, describeIntegration, TestProject } from './support/harness';

const DAY = 86400;
/** A client's representation, with the lists Keycloak returns in varying order sorted. */
const stable = (rep: Record<string, any>) => {
  const out = JSON.parse(JSON.stringify(rep));
  for (const key of ['defaultClientScopes', 'optionalClientScopes', 'redirectUris', 'webOrigins'])
    if (Array.isArray(out[key])) out[key].sort();
  return out;
};

describeIntegration('an existing realm and backend client, referenced without being taken over', () => {
  let p: TestProject;
  let backendBefore: Record<string, any>;
  let secretBefore: string;
  let rolesBefore: unknown;
  let pipeline: RunContext;
  let asProvisioner: AdminApi;
  const events = {
    eventsEnabled: true,
    enabledEventTypes: ['LOGIN', 'LOGIN_ERROR', 'LOGOUT'],
    eventsExpiration: 30 * DAY,
    eventsListeners: ['jboss-logging'],
    adminEventsEnabled: true,
    adminEventsDetailsEnabled: true,
  };
  const rolesOf = async () =>
    ((await p.admin.get(`/${p.realm}/clients/${backendBefore.id}/roles`)) as { name: string; description?: string }[])
      .map((r) => ({ name: r.name, description: r.description }))
      .sort((a, b) => a.name.localeCompare(b.name));

  beforeAll(async () => {
    p = new TestProject('existing');
    // GIVEN a realm made by hand: fine-grained admin permissions off, its own event settings
    expect((await p.admin.request('POST', '', { realm: p.realm, enabled: true })).status).toBe(201);
    expect((await p.admin.request('PUT', `/${p.realm}/events/config`, events)).status).toBe(204);
    // AND its backend client, with a role outside the catalog
    const created = await p.admin.request('POST', `/${p.realm}/clients`, {
      clientId: 'backend',
      publicClient: false,
      standardFlowEnabled: true,
      redirectUris: ['https://api.example.com/callback'],
      secret: 'company-backend-secret-0123456789',
      description: 'The company API',
    });
    expect(created.status).toBe(201);
    backendBefore = await p.client('backend');
    for (const name of ['orders:read', 'orders:write', 'admin:all'])
      expect(
        (await p.admin.request('POST', `/${p.realm}/clients/${backendBefore.id}/roles`, { name, description: `company ${name}` })).status,
      ).toBe(201);
    secretBefore = await p.secret('backend');
    rolesBefore = await rolesOf();
    // AND platform.yaml that references both
    p.write(
      'platform.yaml',
      p
        .read('platform.yaml')
        // realm.create, then api.create
        .replace(/^ {2}create: true$/m, '  create: false')
        .replace(/^ {2}create: true$/m, '  create: false')
        .replace(/^api:\n {2}clientId: orders-api$/m, 'api:\n  clientId: backend')
        .replace(/^ {4}invoices:read: .*\n/m, '')
        .replace(/^audienceScope:\n {2}name: .*$/m, 'audienceScope:\n  name: backend-audience'),
    );
    expect(p.read('platform.yaml')).toMatch(/^api:\n {2}clientId: backend\n(?: {2}#.*\n)* {2}create: false$/m);
    expect(p.read('platform.yaml')).not.toMatch(/create: true/);
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('a platform plan stops before any change while fine-grained admin permissions are off, and says how to go on', async () => {
    await expect(planForReview({ ...p.ws, part: 'platform' }, `${p.dir}/reports`)).rejects.toThrow(
      /fine-grained admin permissions off.*The platform deploy turns them on first/,
    );
    expect((await p.admin.get<Record<string, any>>(`/${p.realm}`)).adminPermissionsEnabled).toBe(false);
  });

  it('a catalog role the backend lacks stops the platform deploy before any change, naming it', async () => {
    const good = p.read('platform.yaml');
    p.write('platform.yaml', good.replace(/^ {4}orders:write: .*$/m, '$&\n    orders:cancel: Cancel orders'));
    await expect(deploy({ ...p.ws, part: 'platform' })).rejects.toThrow(/does not have: orders:cancel/);
    p.write('platform.yaml', good);
    // nothing was made: not even the identities
    expect(await p.admin.findClient(p.realm, 'api-keys-provisioner')).toBeUndefined();
  });

  describe('after the platform deploy', () => {
    beforeAll(async () => {
      await deploy({ ...p.ws, part: 'platform' });
      ({ ctx: pipeline, api: asProvisioner } = await p.pipelineIdentity('api-keys-provisioner'));
      p.setCustomers({ partner: { roles: ['orders:read'] } });
      await deploy(pipeline);
    });

    it('fine-grained admin permissions are on', async () => {
      expect((await p.admin.get<Record<string, any>>(`/${p.realm}`)).adminPermissionsEnabled).toBe(true);
    });

    it('the backend client is unchanged: settings, secret and roles', async () => {
      expect(stable(await p.client('backend'))).toEqual(stable(backendBefore));
      expect(await p.secret('backend')).toBe(secretBefore);
      expect(await rolesOf()).toEqual(rolesBefore);
    });

    it("the realm's event settings are kept and extended with the login events", async () => {
      const after = await p.admin.get<Record<string, any>>(`/${p.realm}/events/config`);
      expect(after).toMatchObject({
        eventsEnabled: true,
        eventsExpiration: 90 * DAY,
        eventsListeners: ['jboss-logging'],
        adminEventsEnabled: true,
        adminEventsDetailsEnabled: true,
      });
      expect([...after.enabledEventTypes].sort()).toEqual(['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'LOGIN', 'LOGIN_ERROR', 'LOGOUT']);
    });

    it("a customer's token carries the existing backend in aud and exactly its granted role", async () => {
      const token = claims((await p.token('partner', await p.secret('partner'))).body.access_token);
      expect(token.aud).toContain('backend');
      expect(token.resource_access.backend.roles).toEqual(['orders:read']);
    });

    it('platform and customers drift are clean; a company change to its own event types is not drift', async () => {
      const config = await p.admin.get<Record<string, any>>(`/${p.realm}/events/config`);
      expect(
        (
          await p.admin.request('PUT', `/${p.realm}/events/config`, {
            ...config,
            enabledEventTypes: [...config.enabledEventTypes, 'UPDATE_PROFILE'],
          })
        ).status,
      ).toBe(204);
      expect(await drift({ ...p.ws, part: 'platform' }, `${p.dir}/reports`)).toBe(0);
      expect(await drift(pipeline, `${p.dir}/reports`)).toBe(0);
      // but a company change that drops what the usage report needs is
      const now = await p.admin.get<Record<string, any>>(`/${p.realm}/events/config`);
      const without = now.enabledEventTypes.filter((t: string) => t !== 'CLIENT_LOGIN');
      expect((await p.admin.request('PUT', `/${p.realm}/events/config`, { ...now, enabledEventTypes: without })).status).toBe(204);
      expect(await drift({ ...p.ws, part: 'platform' }, `${p.dir}/reports`)).not.toBe(0);
      await deploy({ ...p.ws, part: 'platform' });
      const restored = await p.admin.get<Record<string, any>>(`/${p.realm}/events/config`);
      expect([...restored.enabledEventTypes].sort()).toEqual([
        'CLIENT_LOGIN',
        'CLIENT_LOGIN_ERROR',
        'LOGIN',
        'LOGIN_ERROR',
        'LOGOUT',
        'UPDATE_PROFILE',
      ]);
      expect(restored.adminEventsEnabled).toBe(true);
    });

    it('the provisioning identity cannot view or change the backend client', async () => {
      const base = `/${p.realm}/clients/${backendBefore.id}`;
      expect((await asProvisioner.request('GET', base)).status).toBe(403);
      expect((await asProvisioner.request('PUT', base, { ...backendBefore, redirectUris: ['https://evil.example/*'] })).status).toBe(403);
      expect((await asProvisioner.request('POST', `${base}/client-secret`)).status).toBe(403);
      expect((await asProvisioner.request('POST', `${base}/roles`, { name: 'orders:everything' })).status).toBe(403);
      expect((await asProvisioner.request('DELETE', `${base}/roles/admin:all`)).status).toBe(403);
      expect(await p.secret('backend')).toBe(secretBefore);
      expect(await rolesOf()).toEqual(rolesBefore);
    });
  });
});
