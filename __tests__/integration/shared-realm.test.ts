/**
 * The pipeline identities in a realm the project does not own (`realm.create: false`): the
 * company's login client and its own confidential client share the realm with the customers.
 * An administrator deploys the platform once; from then on the identities, acting exactly as
 * the pipelines do, cannot view, change, re-key or delete the company's clients, the platform
 * plan warns about the login clients, and a client the company adds later is protected by the
 * next platform deploy (which a platform drift check asks for).
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { adopt } from '../../engine/adopt';
import { deploy } from '../../engine/deploy';
import { planForReview } from '../../engine/plan-review';
import { createBackend } from '../../examples/backend/server';
import { drift } from '../../engine/drift';
import { RunContext } from '../../engine/steps';
import { AdminApi } from '../../engine/admin-api';
import { claims, describeIntegration, TestProject } from './support/harness';

async function logged<T>(fn: () => Promise<T>): Promise<{ result: T; out: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    return { result: await fn(), out: lines.join('') };
  } finally {
    spy.mockRestore();
  }
}

describeIntegration('pipeline identities in a realm the project does not own', () => {
  let p: TestProject;
  let platformLog: string;
  let pipeline: RunContext;
  let asProvisioner: AdminApi;
  let asReader: AdminApi;

  /** The company's clients, made by hand as an administrator would. */
  async function companyClient(rep: Record<string, unknown>): Promise<Record<string, any>> {
    expect((await p.admin.request('POST', `/${p.realm}/clients`, rep)).status).toBe(201);
    return p.client(String(rep.clientId));
  }

  beforeAll(async () => {
    p = new TestProject('shared');
    // GIVEN the company's realm, with fine-grained admin permissions on, its login client and a service of its own
    expect((await p.admin.request('POST', '', { realm: p.realm, enabled: true, adminPermissionsEnabled: true })).status).toBe(201);
    await companyClient({
      clientId: 'frontend',
      publicClient: true,
      redirectUris: ['https://app.example.com/*'],
      standardFlowEnabled: true,
    });
    await companyClient({
      clientId: 'payments',
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret: 'payments-secret-0123456789',
    });
    // AND platform.yaml that references it instead of creating it
    p.write('platform.yaml', p.read('platform.yaml').replace(/^ {2}create: true$/m, '  create: false'));
    expect(p.read('platform.yaml')).toMatch(/^ {2}create: false$/m);
    // WHEN an administrator deploys the platform
    ({ out: platformLog } = await logged(() => deploy({ ...p.ws, part: 'platform' })));
    ({ ctx: pipeline, api: asProvisioner } = await p.pipelineIdentity('api-keys-provisioner'));
    ({ api: asReader } = await p.pipelineIdentity('api-keys-reader'));
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('the platform deploy warns that customers share the realm with a login client, and names it', () => {
    expect(platformLog).toMatch(
      /WARNING: customers share this realm with 1 client\(s\) people log in through: frontend \(it is a public client\)/,
    );
    expect(platformLog).toContain('realm of their own');
  });

  it("the provisioner cannot view, re-point, re-key or delete the company's clients; the reader cannot read them", async () => {
    const realm = `/${p.realm}`;
    const frontend = await p.client('frontend');
    const payments = await p.client('payments');
    const tries: [AdminApi, string, string, string, unknown?][] = [
      [
        asProvisioner,
        'provisioner',
        'PUT',
        `${realm}/clients/${frontend.id}`,
        { ...frontend, redirectUris: ['https://attacker.example/*'] },
      ],
      [asProvisioner, 'provisioner', 'DELETE', `${realm}/clients/${frontend.id}`],
      [asProvisioner, 'provisioner', 'GET', `${realm}/clients/${payments.id}/client-secret`],
      [asProvisioner, 'provisioner', 'POST', `${realm}/clients/${payments.id}/client-secret`],
      [asProvisioner, 'provisioner', 'PUT', `${realm}/clients/${payments.id}`, { ...payments, serviceAccountsEnabled: false }],
      [asReader, 'reader', 'GET', `${realm}/clients/${payments.id}`],
      [asReader, 'reader', 'GET', `${realm}/clients/${payments.id}/client-secret`],
    ];
    const statuses = [];
    for (const [api, who, method, path, body] of tries)
      statuses.push(`${who} ${method} ${path} -> ${(await api.request(method, path, body)).status}`);
    expect(statuses).toEqual(tries.map(([, who, method, path]) => `${who} ${method} ${path} -> 403`));
    expect((await p.client('frontend')).redirectUris).toEqual(['https://app.example.com/*']);
    expect(await p.secret('payments')).toBe('payments-secret-0123456789');
  });

  it('the provisioner deploys customers beside them, whose tokens carry the API and the granted role; its drift check is clean', async () => {
    p.setCustomers({ partner: { roles: ['orders:read'] } });
    await deploy(pipeline);
    const token = claims((await p.token('partner', await p.secret('partner'))).body.access_token);
    expect(token.aud).toContain('orders-api');
    expect(token.resource_access['orders-api'].roles).toEqual(['orders:read']);
    expect(await drift(pipeline, `${p.dir}/reports`)).toBe(0);
  });

  it('a backend that trusts two issuers (the realm people log in to, and one for customers) accepts either, and only those', async () => {
    const backend = (realm: string | string[]) =>
      new Promise<http.Server>((resolve) => {
        const server = createBackend({ keycloakUrl: p.url, realm, audience: 'orders-api', routes: { 'GET /orders': 'orders:read' } });
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    p.setCustomers({ partner: { roles: ['orders:read'] } });
    await deploy(pipeline);
    const token = (await p.token('partner', await p.secret('partner'))).body.access_token as string;
    const call = async (server: http.Server) => {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: await res.json() };
    };
    const both = await backend(['master', p.realm]);
    const other = await backend(['master']);
    try {
      expect(await call(both)).toMatchObject({ status: 200, body: { ok: true, client: 'partner' } });
      expect(await call(other)).toMatchObject({
        status: 401,
        body: { error_description: expect.stringContaining('not a trusted issuer') },
      });
    } finally {
      both.close();
      other.close();
    }
  });

  it("a customer file named after the company's login client is refused by plan, by adopt and by the pipeline's deploy; the client stays as it was", async () => {
    const before = await p.client('frontend');
    p.setCustomers({ partner: { roles: ['orders:read'] }, frontend: { roles: ['orders:read'] } });
    try {
      // an administrator's plan names it as a login client, and offers no adoption
      const planned = planForReview({ ...p.ws, part: 'customers' }, `${p.dir}/reports`);
      await expect(planned).rejects.toThrow(
        /frontend: exists in Keycloak and is a client people log in through \(it is a public client\).*rename the customer file/s,
      );
      await expect(planForReview({ ...p.ws, part: 'customers' }, `${p.dir}/reports`)).rejects.not.toThrow(/npm run adopt/);
      await expect(adopt(p.ws, ['frontend'])).rejects.toThrow(
        /frontend: a client people log in through \(it is a public client\).*Rename customers\/frontend\.yaml/s,
      );
      // the pipeline cannot even see it: Keycloak refuses the create, and the message says why
      await expect(deploy(pipeline)).rejects.toThrow(
        /client "frontend" exists in Keycloak already, and this identity may not see it.*Rename customers\/frontend\.yaml/s,
      );
      const after = await p.client('frontend');
      expect({
        publicClient: after.publicClient,
        redirectUris: after.redirectUris,
        standardFlowEnabled: after.standardFlowEnabled,
      }).toEqual({
        publicClient: before.publicClient,
        redirectUris: before.redirectUris,
        standardFlowEnabled: before.standardFlowEnabled,
      });
    } finally {
      p.setCustomers({ partner: { roles: ['orders:read'] } });
    }
  });

  it('a client the company adds later is platform drift, and the next platform deploy keeps the provisioner away from it', async () => {
    const late = await companyClient({
      clientId: 'late-app',
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
    });
    // Until then Keycloak's permission for every other client reaches it: that is the drift
    expect(await drift({ ...p.ws, part: 'platform' }, `${p.dir}/reports`)).toBe(2);
    await deploy({ ...p.ws, part: 'platform' });
    expect((await asProvisioner.request('PUT', `/${p.realm}/clients/${late.id}`, { ...late, description: 'taken' })).status).toBe(403);
    expect(await drift({ ...p.ws, part: 'platform' }, `${p.dir}/reports`)).toBe(0);
  });
});
