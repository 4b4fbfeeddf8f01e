/**
 * The project against a production-shaped Keycloak (support/production-keycloak.ts): two
 * nodes on PostgreSQL, HTTPS only with a company CA nobody else trusts, `/auth`, mTLS
 * requested, and a realm made by hand before this project came (`atlas`: a login client, the
 * company's own `backend` with its roles, a user, its own event settings, fine-grained admin
 * permissions off). The project gets configuration only. It deploys through node 1; customers
 * get tokens from node 2.
 */
import { describeGated, opensslMissing, postgresMissing, toolchainMissing } from '../support/gates';
import * as fs from 'fs';
import { COMPANY, KeycloakNode, ProductionKeycloak, seedCompanyRealm } from './support/production-keycloak';

/** Ports of this suite's servers (28300-28399): PostgreSQL, then per node HTTPS, management, cluster. */
const PORTS = {
  postgres: 28300,
  nodes: [
    { https: 28310, management: 28311, cluster: 28312 },
    { https: 28320, management: 28321, cluster: 28322 },
  ],
} as const;

const describeProduction = describeGated('toolchain, PostgreSQL and openssl', toolchainMissing() ?? postgresMissing() ?? opensslMissing());

describeProduction('a production-shaped Keycloak: two nodes, PostgreSQL, HTTPS with a company CA, an existing realm', () => {
  let kc: ProductionKeycloak;

  beforeAll(async () => {
    kc = await ProductionKeycloak.start({ postgresPort: PORTS.postgres, nodes: [...PORTS.nodes] });
    await seedCompanyRealm(kc);
  }, 900_000);
  afterAll(async () => {
    await kc?.stop();
  }, 120_000);

  it('the two nodes form one cluster: a client made, cached and deleted on either node is seen by the other at once', async () => {
    const [n1, n2] = kc.nodes;
    const r = `/${COMPANY.realm}`;
    const probe = { grant_type: 'client_credentials', client_id: 'cluster-probe', client_secret: 'probe-secret-0123456789' };
    const token = (node: KeycloakNode) =>
      kc.request(`${node.url}/realms/${COMPANY.realm}/protocol/openid-connect/token`, { body: new URLSearchParams(probe) });
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
    const id = (await kc.adminGet<{ id: string }[]>(n2, `${r}/clients?clientId=${probe.client_id}`))[0].id;
    expect((await kc.admin(n2, 'DELETE', `${r}/clients/${id}`)).status).toBe(204);
    expect((await token(n1)).status).toBe(401);
    // and each node's log shows a view of two members
    for (const node of kc.nodes) expect(fs.readFileSync(node.log, 'utf8')).toMatch(/ISPN000094: Received new cluster view .*\(2\)/);
  });
});
