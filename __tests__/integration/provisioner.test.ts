/**
 * The provisioning identity, on the real server: the platform stack (deployed once by an
 * administrator) creates it; with only its client credentials the pipeline can create,
 * change and delete customers and check drift, and it cannot do anything else that
 * matters: create users, change realm settings, reach another realm, or raise its rights.
 * No test depends on another's changes (the customers test starts from none of its own).
 */
import * as fs from 'fs';
import { AdminApi } from '../../engine/admin-api';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { RunContext } from '../../engine/steps';
import { claims, describeIntegration, TestProject } from './support/harness';

describeIntegration('provisioning identity', () => {
  let p: TestProject;
  let pipeline: RunContext;
  let asProvisioner: AdminApi;

  beforeAll(async () => {
    p = new TestProject('prov');
    // GIVEN an administrator deployed the platform part once
    await deploy({ ...p.ws, part: 'platform' });
    // AND the pipeline holds only the provisioner's client credentials
    ({ ctx: pipeline, api: asProvisioner } = await p.pipelineIdentity('api-keys-provisioner'));
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('creates, changes and deletes customers, and checks drift', async () => {
    p.writeCustomer('via-pipeline', { roles: ['orders:read'] });
    p.writeCustomer('other', { roles: ['invoices:read'] });
    await deploy(pipeline);
    const token = claims((await p.token('via-pipeline', await p.secret('via-pipeline'))).body.access_token);
    expect(token.resource_access['orders-api'].roles).toEqual(['orders:read']);

    p.writeCustomer('via-pipeline', { roles: ['orders:read', 'orders:write'], accessTokenLifespan: 120 });
    expect((await deploy(pipeline)).summary.customers.changed.map((g) => g.name)).toEqual(['via-pipeline']);
    const changed = claims((await p.token('via-pipeline', await p.secret('via-pipeline'))).body.access_token);
    expect([...changed.resource_access['orders-api'].roles].sort()).toEqual(['orders:read', 'orders:write']);

    p.removeCustomer('via-pipeline');
    expect((await deploy(pipeline)).summary.customers.removed.map((g) => g.name)).toEqual(['via-pipeline']);
    expect(await p.admin.findClient(p.realm, 'via-pipeline')).toBeUndefined();
    expect(await drift(pipeline, `${p.dir}/reports`)).toBe(0);
  });

  it('cannot create users', async () => {
    expect((await asProvisioner.request('POST', `/${p.realm}/users`, { username: 'intruder', enabled: true })).status).toBe(403);
  });

  it('cannot change realm settings', async () => {
    expect((await asProvisioner.request('PUT', `/${p.realm}`, { displayName: 'taken over', registrationAllowed: true })).status).toBe(403);
    expect((await p.admin.get<{ displayName: string }>(`/${p.realm}`)).displayName).toBe('Partner API');
  });

  it('cannot read or change another realm', async () => {
    expect((await asProvisioner.request('GET', '/master/clients')).status).toBe(403);
    expect((await asProvisioner.request('POST', '/master/clients', { clientId: 'intruder' })).status).toBe(403);
  });

  it('cannot grant itself more rights', async () => {
    const self = await p.client('api-keys-provisioner');
    const sa = await p.admin.get<{ id: string }>(`/${p.realm}/clients/${self.id}/service-account-user`);
    const rm = await p.client('realm-management');
    for (const role of ['manage-users', 'manage-realm', 'realm-admin', 'manage-authorization']) {
      const rep = await p.admin.get(`/${p.realm}/clients/${rm.id}/roles/${role}`);
      expect({
        role,
        status: (await asProvisioner.request('POST', `/${p.realm}/users/${sa.id}/role-mappings/clients/${rm.id}`, [rep])).status,
      }).toEqual({ role, status: 403 });
    }
    // nor widen its own fine-grained permissions
    const apc = await p.client('admin-permissions');
    const widened = await asProvisioner.request('POST', `/${p.realm}/clients/${apc.id}/authz/resource-server/permission/scope`, {
      name: 'escalate',
      resourceType: 'Users',
      scopes: ['manage'],
      policies: [],
    });
    expect(widened.status).toBe(403);
  });

  it('cannot deploy the platform part', async () => {
    // A realm setting change must be applied by an administrator: with the pipeline identity it is refused.
    const file = `${p.dir}/platform.yaml`;
    const platform = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, platform.replace('displayName: Partner API', 'displayName: Changed By Pipeline'));
    try {
      // Keycloak refuses the realm update itself (the provider's message for a 403)
      await expect(deploy({ ...pipeline, part: 'platform' })).rejects.toThrow(
        new RegExp(`error sending PUT request to \\S*/admin/realms/${p.realm}: 403 Forbidden`),
      );
      expect((await p.admin.get<{ displayName: string }>(`/${p.realm}`)).displayName).toBe('Partner API');
    } finally {
      fs.writeFileSync(file, platform); // the other tests deploy this platform.yaml's customers stack
    }
  });
});
