/**
 * The provisioning identity, on the real server: the platform stack (deployed once by an
 * administrator) creates it; with only its client credentials the pipeline can create,
 * change and delete customers and check drift, and it cannot do anything else that
 * matters: create users, change realm settings, reach another realm, or raise its rights.
 * No test depends on another's changes (the customers test starts from none of its own).
 */
import * as fs from 'fs';
import { AdminApi } from '../../engine/admin-api';
import { adopt } from '../../engine/adopt';
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

  it("cannot view, change, re-key or delete any client that is not a customer: the API, the identities, Keycloak's own", async () => {
    const realm = `/${p.realm}`;
    const tries: [string, string, unknown?][] = [];
    const before: Record<string, any> = {};
    for (const clientId of [
      'orders-api',
      'api-keys-provisioner',
      'api-keys-reader',
      'account',
      'security-admin-console',
      'realm-management',
      'broker',
      'admin-cli',
    ]) {
      const c = await p.client(clientId);
      before[clientId] = c;
      tries.push(
        ['GET', `${realm}/clients/${c.id}`],
        ['GET', `${realm}/clients/${c.id}/client-secret`],
        [
          'PUT',
          `${realm}/clients/${c.id}`,
          { ...c, redirectUris: ['https://attacker.example/*'], attributes: { ...c.attributes, 'jwks.string': '{"keys":[]}' } },
        ],
        ['POST', `${realm}/clients/${c.id}/client-secret`],
        ['DELETE', `${realm}/clients/${c.id}`],
      );
    }
    const statuses = [];
    for (const [method, path, body] of tries)
      statuses.push(`${method} ${path} -> ${(await asProvisioner.request(method, path, body)).status}`);
    expect(statuses).toEqual(tries.map(([method, path]) => `${method} ${path} -> 403`));
    // AND every one is as it was
    for (const [clientId, c] of Object.entries(before)) {
      const now = await p.client(clientId);
      expect({ clientId, redirectUris: now.redirectUris, secret: now.secret, jwks: now.attributes?.['jwks.string'] }).toEqual({
        clientId,
        redirectUris: c.redirectUris,
        secret: c.secret,
        jwks: c.attributes?.['jwks.string'],
      });
    }
    // AND it cannot look them up either (Keycloak answers as if they did not exist)
    expect(await asProvisioner.findClient(p.realm, 'orders-api')).toBeUndefined();
  });

  it('cannot give a customer a role outside the catalog, a realm-management role, or a role of another client', async () => {
    p.writeCustomer('bounded', { roles: ['orders:read'] });
    await deploy(pipeline);
    const sa = await p.admin.get<{ id: string }>(`/${p.realm}/clients/${(await p.client('bounded')).id}/service-account-user`);
    const rm = await p.client('realm-management');
    const realmAdmin = await p.admin.get(`/${p.realm}/clients/${rm.id}/roles/realm-admin`);
    expect((await asProvisioner.request('POST', `/${p.realm}/users/${sa.id}/role-mappings/clients/${rm.id}`, [realmAdmin])).status).toBe(
      403,
    );
    expect((await asProvisioner.request('POST', `/${p.realm}/roles`, { name: 'made-up' })).status).toBe(403);
    const grant = await p.admin.get<Record<string, unknown>>(`/${p.realm}/roles/${encodeURIComponent('orders-api-grant-orders:read')}`);
    const defaultRole = await p.admin.get(`/${p.realm}/roles/default-roles-${p.realm}`);
    // nor widen what a grant role carries
    expect(
      (
        await asProvisioner.request('POST', `/${p.realm}/roles/${encodeURIComponent('orders-api-grant-orders:read')}/composites`, [
          defaultRole,
        ])
      ).status,
    ).toBe(403);
    expect(
      (
        await asProvisioner.request('PUT', `/${p.realm}/roles/${encodeURIComponent('orders-api-grant-orders:read')}`, {
          ...grant,
          description: 'x',
        })
      ).status,
    ).toBe(403);
    p.removeCustomer('bounded');
    await deploy(pipeline);
  });

  it('adopts, as the pipelines do: a client of this stack missing from state, and a hand-made machine client named by a customer file', async () => {
    // GIVEN a customer deployed, then the customers state lost (its client, marked, stays in Keycloak)
    p.writeCustomer('orphan', { roles: ['orders:read'] });
    await deploy(pipeline);
    const orphanSecret = await p.secret('orphan');
    for (const f of fs.readdirSync(`${p.dir}/state`)) if (f.startsWith('api-keys-local.tfstate')) fs.rmSync(`${p.dir}/state/${f}`);
    // AND a machine client an administrator made by hand, which a customer file now declares
    expect(
      (
        await p.admin.request('POST', `/${p.realm}/clients`, {
          clientId: 'legacy',
          publicClient: false,
          serviceAccountsEnabled: true,
          standardFlowEnabled: false,
        })
      ).status,
    ).toBe(201);
    const legacySecret = await p.secret('legacy');
    p.writeCustomer('legacy', { roles: ['invoices:read'] });
    // WHEN the pipeline deploys: the hand-made one stops the plan, naming the way out
    await expect(deploy(pipeline)).rejects.toThrow(/legacy: exists in Keycloak, not created by this project.*npm run adopt/s);
    // AND adopt (as the pipeline) then deploy
    expect((await adopt(pipeline, ['legacy'])).adopted).toEqual(['legacy']);
    await deploy(pipeline);
    // THEN both are managed with their secrets unchanged
    expect(await p.secret('orphan')).toBe(orphanSecret);
    expect(await p.secret('legacy')).toBe(legacySecret);
    const token = claims((await p.token('legacy', legacySecret)).body.access_token);
    expect(token.resource_access['orders-api'].roles).toEqual(['invoices:read']);
    expect(await drift(pipeline, `${p.dir}/reports`)).toBe(0);
    p.removeCustomer('orphan').removeCustomer('legacy');
    await deploy(pipeline, { confirmRemoval: 2 });
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
      // It may not list the realm's clients, which a platform plan starts with
      await expect(deploy({ ...pipeline, part: 'platform' })).rejects.toThrow(/listed only part of realm .*Run it as an administrator/);
      // and were that skipped, Keycloak refuses (the provider's message for a 403): it may not even read the identities
      await expect(deploy({ ...pipeline, part: 'platform', protectedClientIds: [] })).rejects.toThrow(/403 Forbidden/);
      expect((await p.admin.get<{ displayName: string }>(`/${p.realm}`)).displayName).toBe('Partner API');
    } finally {
      fs.writeFileSync(file, platform); // the other tests deploy this platform.yaml's customers stack
    }
  });
});
