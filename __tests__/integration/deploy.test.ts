/**
 * GIVEN the example platform and customers, WHEN they are deployed to the local Keycloak
 * through the real engine, THEN the realm exists and a second plan has no changes. Each test
 * sets up its own starting point (nothing deployed, or deployed once), in any order.
 */
import { deploy } from '../../engine/deploy';
import { describeIntegration, planIsEmpty, TestProject } from './support/harness';

describeIntegration('deploy to the local Keycloak', () => {
  let p: TestProject;
  beforeAll(() => {
    p = new TestProject('deploy', { copyExampleCustomers: true });
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  /** The examples deployed by one deploy (not converged: the tests below check that one deploy is enough). */
  const deployedOnce = async () => {
    if (!(await p.realmExists())) await deploy(p.ws);
  };

  it('creates the realm, the API client and every customer client', async () => {
    await p.reset();
    const result = await deploy(p.ws);
    expect(result.changed).toBe(true);
    expect(result.summary.customers.added.map((g) => g.name)).toEqual(['acme-logistics', 'globex-analytics', 'initech-billing']);

    const realm = await p.admin.get<{ realm: string; enabled: boolean }>(`/${p.realm}`);
    expect(realm).toMatchObject({ realm: p.realm, enabled: true });
    const api = await p.client('orders-api');
    expect(api).toMatchObject({ publicClient: false, serviceAccountsEnabled: false, standardFlowEnabled: false });
    for (const id of ['acme-logistics', 'globex-analytics', 'initech-billing']) {
      expect(await p.client(id)).toMatchObject({ clientId: id, serviceAccountsEnabled: true, publicClient: false });
    }
  });

  it('plans no changes the second time (engine exit code 0)', async () => {
    await deployedOnce();
    expect(await planIsEmpty(p.ws)).toBe(true);
  });

  it('reports "no changes" from a second deploy', async () => {
    await deployedOnce();
    const again = await deploy(p.ws);
    expect(again.changed).toBe(false);
  });
});
