/**
 * The project against a production-shaped Keycloak (support/production-keycloak.ts): two
 * nodes on PostgreSQL, HTTPS only with a company CA nobody else trusts, `/auth`, mTLS
 * requested, and a realm made by hand before this project came (`atlas`: a login client, the
 * company's own `backend` with its roles, a user, its own event settings, fine-grained admin
 * permissions off). The project gets configuration only: platform.yaml references the realm
 * and the backend (`create: false`), environments.yaml names node 1 and the CA file
 * (`caCertificate`), and no process trusts the CA any other way (no SSL_CERT_FILE, no
 * NODE_EXTRA_CA_CERTS). The project deploys through node 1; customers get tokens from node 2.
 *
 * The server is started and seeded once, and the platform and customers deployed once, for the
 * whole file; each test that depends on the customers states its starting point (`given`), so
 * the tests pass in any order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { adopt } from '../../engine/adopt';
import { credentials } from '../../engine/credentials';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext, RunContext } from '../../engine/steps';
import { CustomerSpec, ProjectFiles, removeTempDirs, tempDir } from '../support/project-files';
import { describeGated, opensslMissing, postgresMissing, toolchainMissing } from '../support/gates';
import { signClientAssertion } from '../../config/identity-keys';
import { claims } from './support/harness';
import { COMPANY, HttpsAnswer, KeycloakNode, ProductionKeycloak, seedCompanyRealm } from './support/production-keycloak';

/** Ports of this suite's servers (28300-28399): PostgreSQL, then per node HTTPS, management, cluster. */
const PORTS = {
  postgres: 28300,
  nodes: [
    { https: 28310, management: 28311, cluster: 28312 },
    { https: 28320, management: 28321, cluster: 28322 },
  ],
} as const;

const DAY = 86400;
/**
 * A client representation as compared before and after: Keycloak lists a client's scopes in no
 * fixed order from one read to the next, so those lists are compared as sets; everything else as is.
 */
const comparable = (rep: Record<string, any> | undefined): Record<string, any> | undefined =>
  rep && {
    ...rep,
    defaultClientScopes: [...(rep.defaultClientScopes ?? [])].sort(),
    optionalClientScopes: [...(rep.optionalClientScopes ?? [])].sort(),
  };
const ENV = 'atlas-prod';
/** Variables that would make a process trust the test CA without the project's configuration. */
const CA_VARIABLES = ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS'] as const;
/** The customers: one with a client secret, one with its client certificate. */
const PARTNER = 'atlas-partner';
const MTLS = 'atlas-mtls';

const describeProduction = describeGated('toolchain, PostgreSQL and openssl', toolchainMissing() ?? postgresMissing() ?? opensslMissing());

describeProduction('a production-shaped Keycloak: two nodes, PostgreSQL, HTTPS with a company CA, an existing realm', () => {
  let kc: ProductionKeycloak;
  let n1: KeycloakNode;
  let n2: KeycloakNode;
  const savedCaVariables: Partial<Record<string, string>> = {};

  beforeAll(async () => {
    for (const v of CA_VARIABLES) {
      savedCaVariables[v] = process.env[v];
      delete process.env[v];
    }
    kc = await ProductionKeycloak.start({ postgresPort: PORTS.postgres, nodes: [...PORTS.nodes] });
    [n1, n2] = kc.nodes;
    await seedCompanyRealm(kc);
  }, 900_000);
  afterAll(async () => {
    await kc?.stop();
    removeTempDirs();
    for (const v of CA_VARIABLES) if (savedCaVariables[v] !== undefined) process.env[v] = savedCaVariables[v];
  }, 120_000);

  const r = `/${COMPANY.realm}`;
  const tokenUrl = (node: KeycloakNode) => `${node.url}/realms/${COMPANY.realm}/protocol/openid-connect/token`;
  /** The client-credentials grant with HTTP Basic, as a customer's application sends it. */
  const tokenBySecret = (node: KeycloakNode, clientId: string, secret: string): Promise<HttpsAnswer> =>
    kc.request(tokenUrl(node), {
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
  const clientOn = async (node: KeycloakNode, clientId: string): Promise<Record<string, any> | undefined> =>
    (await kc.adminGet<Record<string, any>[]>(node, `${r}/clients?clientId=${encodeURIComponent(clientId)}`)).find(
      (c) => c.clientId === clientId,
    );
  const secretOn = async (node: KeycloakNode, clientId: string): Promise<string> =>
    (await kc.adminGet<{ value: string }>(node, `${r}/clients/${(await clientOn(node, clientId))!.id}/client-secret`)).value;

  it('the two nodes form one cluster: a client made, cached and deleted on either node is seen by the other at once', async () => {
    const probe = { grant_type: 'client_credentials', client_id: 'cluster-probe', client_secret: 'probe-secret-0123456789' };
    const token = (node: KeycloakNode) => kc.request(tokenUrl(node), { body: new URLSearchParams(probe) });
    const created = await kc.admin(n1, 'POST', `${r}/clients`, {
      clientId: probe.client_id,
      secret: probe.client_secret,
      serviceAccountsEnabled: true,
    });
    expect(created.status).toBe(201);
    // both nodes answer for it (and so hold it in their caches)
    expect((await token(n2)).status).toBe(200);
    expect((await token(n1)).status).toBe(200);
    // deleted through node 2, node 1 refuses at once: only the cluster's invalidation tells it
    const id = (await clientOn(n2, probe.client_id))!.id;
    expect((await kc.admin(n2, 'DELETE', `${r}/clients/${id}`)).status).toBe(204);
    expect((await token(n1)).status).toBe(401);
    // and each node's log shows a view of two members
    for (const node of kc.nodes) expect(fs.readFileSync(node.log, 'utf8')).toMatch(/ISPN000094: Received new cluster view .*\(2\)/);
  });

  describe('the project, configured only, deploying through node 1', () => {
    let project: ProjectFiles;
    /** The administrator's runs (the bootstrap admin of the master realm). */
    let admin: RunContext;
    /** The pipelines' runs, with the identities' keys as `npm run credentials -- <identity> --reveal` hands them over. */
    let asProvisioner: RunContext;
    let asReader: RunContext;
    let provisionerKey: string;
    let backendBefore: Record<string, any>;
    let backendSecretBefore: string;
    let backendRolesBefore: unknown;
    let frontendBefore: Record<string, any>;
    let reports: string;

    const customers = (extra: Record<string, CustomerSpec> = {}): Record<string, CustomerSpec> => ({
      [PARTNER]: { roles: ['orders:read'] },
      [MTLS]: { roles: ['orders:write'], auth: { method: 'mtls', subjectDn: kc.pki.clientSubjectDn } },
      ...extra,
    });
    const environments = (node: KeycloakNode) => ({
      [ENV]: {
        description: 'Atlas production, as the company runs it',
        keycloak: node.url,
        caCertificate: kc.pki.caFile,
        state: { local: { path: 'state/atlas-prod.tfstate' } },
      },
    });
    const backendRoles = async () =>
      (await kc.adminGet<{ name: string; description?: string; composite: boolean }[]>(n2, `${r}/clients/${backendBefore.id}/roles`))
        .map((x) => ({ name: x.name, description: x.description, composite: x.composite }))
        .sort((a, b) => a.name.localeCompare(b.name));
    /** A run as `clientId` with its private key, the way a pipeline runs (the customers stack). */
    const pipeline = (clientId: string, key: string): RunContext =>
      defaultRunContext({
        ...admin,
        part: 'customers',
        env: {
          ...admin.env,
          KEYCLOAK_REALM: COMPANY.realm,
          KEYCLOAK_CLIENT_ID: clientId,
          KEYCLOAK_JWT_SIGNING_KEY: key,
          KEYCLOAK_USER: '',
          KEYCLOAK_PASSWORD: '',
        },
      });
    /**
     * A test's precondition: customers/ holds exactly `specs`, deployed through node 1 by the
     * pipeline until a deploy changes nothing (repairing whatever an earlier test left), so the
     * tests pass in any order. When everything is there already this is one no-change deploy.
     */
    const given = async (specs: Record<string, CustomerSpec>): Promise<void> => {
      project.setCustomers(specs);
      for (let attempt = 1; attempt <= 3; attempt++) if (!(await deploy(asProvisioner)).changed) return;
      throw new Error(`customers/ (${Object.keys(specs).join(', ')}) did not converge in 3 deploys`);
    };
    const revealed = async (clientId: string): Promise<string> =>
      String((await credentials(admin, clientId, { reveal: true })).private_key);

    beforeAll(async () => {
      // GIVEN what the company had before the project came
      backendBefore = (await clientOn(n1, COMPANY.backend))!;
      backendSecretBefore = await secretOn(n1, COMPANY.backend);
      backendRolesBefore = await backendRoles();
      frontendBefore = (await clientOn(n1, COMPANY.frontend))!;
      expect((await kc.adminGet(n1, r)).adminPermissionsEnabled).toBe(false);
      // AND a copy of the project that knows the server from configuration alone
      const root = tempDir('production');
      reports = path.join(root, 'reports');
      project = new ProjectFiles(root, {
        platform: {
          realm: { name: COMPANY.realm, create: false },
          api: {
            clientId: COMPANY.backend,
            create: false,
            roles: { 'orders:read': 'Read orders', 'orders:write': 'Create and change orders' },
          },
          audienceScope: { name: 'backend-audience' },
          usage: { eventRetention: '90d' },
        },
        environments: environments(n1),
        customers: {},
      });
      project.setCustomers(customers());
      admin = defaultRunContext({
        root,
        outdir: path.join(root, 'cdktf.out'),
        environment: ENV,
        quiet: true,
        env: {
          KEYCLOAK_USER: kc.adminUser,
          KEYCLOAK_PASSWORD: kc.adminPassword,
          KEYCLOAK_CLIENT_ID: '',
          KEYCLOAK_CLIENT_SECRET: '',
          KEYCLOAK_JWT_SIGNING_KEY: '',
          KEYCLOAK_REALM: '',
          KEYCLOAK_URL: '',
          APIKEYS_REALM: '',
          APIKEYS_STATE_DIR: '',
          APIKEYS_STATE_PASSPHRASE: `atlas-state-${Math.random().toString(36).slice(2)}-passphrase`,
        },
      });
      for (const v of CA_VARIABLES) expect(admin.env[v]).toBeUndefined();
      // WHEN an administrator deploys the platform through node 1
      await deploy({ ...admin, part: 'platform' });
      // AND the pipeline deploys the customers through node 1, as the provisioning identity
      provisionerKey = await revealed('api-keys-provisioner');
      asProvisioner = pipeline('api-keys-provisioner', provisionerKey);
      asReader = pipeline('api-keys-reader', await revealed('api-keys-reader'));
      await deploy(asProvisioner);
    }, 1_200_000);

    it("the platform turned the realm's fine-grained admin permissions on itself", async () => {
      expect((await kc.adminGet(n2, r)).adminPermissionsEnabled).toBe(true);
    });

    it('tokens from node 2 carry the backend in aud and exactly the granted roles', async () => {
      await given(customers());
      const answer = await tokenBySecret(n2, PARTNER, await secretOn(n2, PARTNER));
      expect(answer.status).toBe(200);
      const token = claims(answer.json.access_token);
      expect(token.iss).toBe(`${n2.url}/realms/${COMPANY.realm}`);
      expect([token.aud].flat()).toContain(COMPANY.backend);
      expect(token.resource_access[COMPANY.backend].roles).toEqual(['orders:read']);
    });

    it('the mTLS customer gets a token from node 2 with its client certificate, and only with it', async () => {
      await given(customers());
      const grant = { grant_type: 'client_credentials', client_id: MTLS };
      const answer = await kc.request(tokenUrl(n2), { body: new URLSearchParams(grant), client: kc.pki.client });
      expect(answer.status).toBe(200);
      const token = claims(answer.json.access_token);
      expect([token.aud].flat()).toContain(COMPANY.backend);
      expect(token.resource_access[COMPANY.backend].roles).toEqual(['orders:write']);
      // no certificate: refused
      expect((await kc.request(tokenUrl(n2), { body: new URLSearchParams(grant) })).status).toBe(401);
      // the same subject DN from a CA the server does not trust: refused in the handshake or at the endpoint
      const stranger = await kc
        .request(tokenUrl(n2), { body: new URLSearchParams(grant), client: kc.pki.strangerClient })
        .then((a) => a.status)
        .catch(() => 'handshake refused');
      expect(['handshake refused', 401]).toContain(stranger);
    });

    it('the backend client is unchanged: every setting, its secret and its three roles', async () => {
      expect(comparable(await clientOn(n2, COMPANY.backend))).toEqual(comparable(backendBefore));
      expect(await secretOn(n2, COMPANY.backend)).toBe(backendSecretBefore);
      expect(await backendRoles()).toEqual(backendRolesBefore);
      expect((backendRolesBefore as { name: string }[]).map((x) => x.name)).toEqual(COMPANY.backendRoles);
    });

    it("the realm's own event settings are kept and extended: its types, admin events with details, retention max(30d, 90d)", async () => {
      const after = await kc.adminGet(n2, `${r}/events/config`);
      expect(after).toMatchObject({
        eventsEnabled: true,
        eventsExpiration: 90 * DAY,
        eventsListeners: ['jboss-logging'],
        adminEventsEnabled: true,
        adminEventsDetailsEnabled: true,
      });
      expect([...after.enabledEventTypes].sort()).toEqual(['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'LOGIN', 'LOGIN_ERROR', 'LOGOUT']);
    });

    it('drift through node 2, with the same state, finds nothing', async () => {
      await given(customers());
      project.write('environments.yaml', environments(n2));
      try {
        expect(await drift(admin, reports)).toBe(0);
      } finally {
        project.write('environments.yaml', environments(n1));
      }
    });

    it("the read-only identity plans: nothing when in sync, a pull request's new customer when there is one", async () => {
      await given(customers());
      expect((await planForReview(asReader, reports)).changed).toBe(false);
      project.setCustomers(customers({ 'atlas-newcomer': { roles: ['orders:read'] } }));
      try {
        const { summary, changed } = await planForReview(asReader, reports);
        expect(changed).toBe(true);
        expect(summary.customers.added.map((g) => g.name)).toEqual(['atlas-newcomer']);
        expect(summary.customers.removed).toEqual([]);
      } finally {
        project.setCustomers(customers());
      }
    });

    it('the provisioning identity is refused (403) every change to the backend client, which stays as it was', async () => {
      const api = new ProvisionerApi(kc, n1, provisionerKey);
      const base = `${r}/clients/${backendBefore.id}`;
      const tries: [string, string, unknown?][] = [
        ['PUT', base, { ...backendBefore, description: 'taken over', redirectUris: ['https://evil.example/*'] }],
        ['POST', `${base}/client-secret`],
        ['POST', `${base}/roles`, { name: 'orders:everything' }],
      ];
      const statuses = [];
      for (const [method, p, body] of tries) statuses.push(`${method} ${p} -> ${(await api.request(method, p, body)).status}`);
      expect(statuses).toEqual(tries.map(([method, p]) => `${method} ${p} -> 403`));
      expect(comparable(await clientOn(n2, COMPANY.backend))).toEqual(comparable(backendBefore));
      expect(await secretOn(n2, COMPANY.backend)).toBe(backendSecretBefore);
      expect(await backendRoles()).toEqual(backendRolesBefore);
    });

    it('a customer file named after the login client is refused by plan and by adopt; frontend stays as it was', async () => {
      await given(customers());
      project.setCustomers(customers({ [COMPANY.frontend]: { roles: ['orders:read'] } }));
      try {
        await expect(planForReview({ ...admin, part: 'customers' }, reports)).rejects.toThrow(
          /frontend: exists in Keycloak and is a client people log in through \(it is a public client\).*rename the customer file/s,
        );
        await expect(adopt(admin, [COMPANY.frontend])).rejects.toThrow(
          /frontend: a client people log in through \(it is a public client\).*Rename customers\/frontend\.yaml/s,
        );
      } finally {
        project.setCustomers(customers());
      }
      expect(comparable(await clientOn(n2, COMPANY.frontend))).toEqual(comparable(frontendBefore));
    });

    it('a rotation deployed through node 1 takes effect on node 2 at once: the old secret refused, the new one accepted', async () => {
      await given(customers());
      const old = await secretOn(n2, PARTNER);
      expect((await tokenBySecret(n2, PARTNER, old)).status).toBe(200);
      // a rotation id never used before, whatever ran earlier
      project.setCustomers(customers({ [PARTNER]: { roles: ['orders:read'], secretRotation: `r-${Date.now()}` } }));
      await deploy(asProvisioner);
      const fresh = await secretOn(n2, PARTNER);
      expect(fresh).not.toBe(old);
      expect((await tokenBySecret(n2, PARTNER, old)).status).toBe(401);
      expect((await tokenBySecret(n2, PARTNER, fresh)).status).toBe(200);
    });

    it('a suspension deployed through node 1 takes effect on node 2 at once', async () => {
      await given(customers());
      const secret = await secretOn(n2, PARTNER);
      expect((await tokenBySecret(n2, PARTNER, secret)).status).toBe(200);
      project.setCustomers(customers({ [PARTNER]: { roles: ['orders:read'], enabled: false } }));
      await deploy(asProvisioner);
      // (measured on 26.7.3: a disabled client answers invalid_client, a wrong secret unauthorized_client)
      const refused = await tokenBySecret(n2, PARTNER, secret);
      expect({ status: refused.status, error: refused.json?.error }).toEqual({ status: 401, error: 'invalid_client' });
      // the client and its secret are kept
      expect(await secretOn(n2, PARTNER)).toBe(secret);
    });

    it('a removal deployed through node 1 takes effect on node 2 at once', async () => {
      await given(customers());
      const secret = await secretOn(n2, PARTNER);
      expect((await tokenBySecret(n2, PARTNER, secret)).status).toBe(200);
      project.removeCustomer(PARTNER);
      await deploy(asProvisioner);
      expect(await clientOn(n2, PARTNER)).toBeUndefined();
      expect((await tokenBySecret(n2, PARTNER, secret)).status).toBe(401);
      // the other customer goes on working
      const mtls = await kc.request(tokenUrl(n2), {
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: MTLS }),
        client: kc.pki.client,
      });
      expect(mtls.status).toBe(200);
    });
  });
});

/** The admin API as the provisioning identity (private_key_jwt), through one node, trusting the test CA. */
class ProvisionerApi {
  private token?: string;
  constructor(
    private readonly kc: ProductionKeycloak,
    private readonly node: KeycloakNode,
    private readonly key: string,
  ) {}

  async request(method: string, apiPath: string, body?: unknown): Promise<HttpsAnswer> {
    if (!this.token) {
      const realmUrl = `${this.node.url}/realms/${COMPANY.realm}`;
      const res = await this.kc.request(`${realmUrl}/protocol/openid-connect/token`, {
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'api-keys-provisioner',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: signClientAssertion(this.key, 'api-keys-provisioner', realmUrl),
        }),
      });
      if (res.status !== 200) throw new Error(`provisioner login: HTTP ${res.status} ${res.text}`);
      this.token = res.json.access_token as string;
    }
    return this.kc.request(`${this.node.url}/admin/realms${apiPath}`, { method, body, headers: { authorization: `Bearer ${this.token}` } });
  }
}
