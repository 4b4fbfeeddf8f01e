/**
 * Every change a platform engineer makes by pull request, proven on the real server:
 * add, change, disable, re-enable, remove; idempotence; drift made in the admin API and
 * repaired by the next deploy; saved plans; the credentials hand-over. Each test starts from
 * the customers it names (`given`), so the tests pass in any order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { credentials } from '../../engine/credentials';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext } from '../../engine/steps';
import { claims, CustomerSpec, describeIntegration, planIsEmpty, TestProject, expectLifespan } from './support/harness';

const BASE: Record<string, CustomerSpec> = {
  alpha: { roles: ['orders:read'] },
  bravo: { roles: ['orders:read', 'orders:write'] },
};
/** charlie as the first test adds it, and as the role-and-lifespan test changes it. */
const CHARLIE_ADDED: CustomerSpec = { roles: ['invoices:read'], accessTokenLifespan: 120 };
const CHARLIE_CHANGED: CustomerSpec = { roles: ['orders:read', 'invoices:read'], accessTokenLifespan: 900 };
const DELTA: CustomerSpec = { roles: [] };

describeIntegration('customer lifecycle', () => {
  let p: TestProject;
  const reports = () => path.join(p.dir, 'reports');
  const allSecrets = async () =>
    Object.fromEntries(await Promise.all(p.customerIds().map(async (id) => [id, await p.secret(id)] as const)));

  beforeAll(() => {
    p = new TestProject('life');
  });
  afterAll(async () => {
    await p.deleteRealm();
    p.cleanup();
  });

  it('adding a customer plans only that customer, and deploying the reviewed plan applies it', async () => {
    await p.given(BASE);
    const before = await allSecrets();
    p.writeCustomer('charlie', CHARLIE_ADDED);
    const { summary, planFile } = await planForReview(p.ws, reports());
    expect(summary.customers.added.map((g) => g.name)).toEqual(['charlie']);
    expect(summary.customers.changed).toEqual([]);
    expect(summary.customers.removed).toEqual([]);
    expect(summary.platform).toEqual([]);
    expect(summary.customers.unchanged).toEqual(['alpha', 'bravo']);
    expect(summary.counts).toMatchObject({ change: 0, remove: 0 });
    for (const r of summary.customers.added[0].resources) expect(r.address).toMatch(/\.customer-charlie_/);
    expect(fs.readFileSync(path.join(reports(), 'api-keys-local.plan.md'), 'utf8')).toContain(
      '- Added: charlie (roles: invoices:read; lifespan 120)\n',
    );

    await deploy(p.ws, { planFile });
    const { status, body } = await p.token('charlie', await p.secret('charlie'));
    expect(status).toBe(200);
    expect(claims(body.access_token).resource_access['orders-api'].roles).toEqual(['invoices:read']);
    const after = await allSecrets();
    expect({ alpha: after.alpha, bravo: after.bravo }).toEqual(before);
  });

  it('refuses a saved plan that is stale', async () => {
    await p.given({ ...BASE, charlie: CHARLIE_ADDED });
    const { planFile } = await planForReview(p.ws, path.join(p.dir, 'stale'));
    p.writeCustomer('delta', { roles: [] });
    await deploy(p.ws);
    await expect(deploy(p.ws, { planFile })).rejects.toThrow(
      /is stale: the state changed after it was made[\s\S]*Run `npm run plan` again/,
    );
  });

  it('changing roles and lifespan shows in the next token; the secret stays', async () => {
    await p.given({ ...BASE, charlie: CHARLIE_ADDED, delta: DELTA });
    const secret = await p.secret('charlie');
    p.writeCustomer('charlie', CHARLIE_CHANGED);
    const { summary } = await planForReview(p.ws, reports());
    expect(summary.customers.changed.map((g) => g.name)).toEqual(['charlie']);
    expect(summary.customers.changed[0].attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ attribute: 'access_token_lifespan', label: 'token lifespan (s)', before: '120', after: '900' }),
      ]),
    );
    expect(summary.customers.changed[0].headline).toBe('Changed: charlie (roles +orders:read; lifespan 120→900)');
    await deploy(p.ws);
    expect(await p.secret('charlie')).toBe(secret);
    const t = claims((await p.token('charlie', secret)).body.access_token);
    expect([...t.resource_access['orders-api'].roles].sort()).toEqual(['invoices:read', 'orders:read']);
    expectLifespan(t, 900);
  });

  it('disabling refuses tokens; re-enabling makes the same secret work again', async () => {
    await p.given({ ...BASE, charlie: CHARLIE_CHANGED, delta: DELTA });
    const secret = await p.secret('charlie');
    p.writeCustomer('charlie', { roles: ['orders:read', 'invoices:read'], accessTokenLifespan: 900, enabled: false });
    await deploy(p.ws);
    const refused = await p.token('charlie', secret);
    expect(refused.status).toBe(401);
    expect(refused.body.access_token).toBeUndefined();
    p.writeCustomer('charlie', { roles: ['orders:read', 'invoices:read'], accessTokenLifespan: 900, enabled: true });
    await deploy(p.ws);
    expect((await p.token('charlie', secret)).status).toBe(200);
  });

  it('removing the file deletes the client; its credentials stop working; other secrets are unchanged', async () => {
    await p.given({ ...BASE, charlie: CHARLIE_CHANGED, delta: DELTA });
    const before = await allSecrets();
    p.removeCustomer('charlie');
    const { summary } = await deploy(p.ws);
    expect(summary.customers.removed.map((g) => g.name)).toEqual(['charlie']);
    expect(await p.admin.findClient(p.realm, 'charlie')).toBeUndefined();
    expect((await p.token('charlie', before.charlie)).status).toBe(401);
    const after = await allSecrets();
    delete before.charlie;
    expect(after).toEqual(before);
  });

  it('is idempotent: the plan after a deploy is empty (engine exit code 0)', async () => {
    await p.given({ ...BASE, delta: DELTA });
    p.removeCustomer('delta');
    expect((await deploy(p.ws)).summary.customers.removed.map((g) => g.name)).toEqual(['delta']);
    expect(await planIsEmpty(p.ws)).toBe(true);
  });

  it('detects drift made in the admin console, names it, and the next deploy repairs it', async () => {
    await p.given(BASE);
    // GIVEN someone changes alpha by hand
    const alpha = await p.client('alpha');
    const put = await p.admin.request('PUT', `/${p.realm}/clients/${alpha.id}`, {
      ...alpha,
      standardFlowEnabled: true,
      redirectUris: ['https://attacker.example/cb'],
    });
    expect(put.status).toBe(204);
    const scopes = await p.admin.get<{ id: string; name: string }[]>(`/${p.realm}/clients/${alpha.id}/default-client-scopes`);
    const audience = scopes.find((s) => s.name === 'orders-api-audience')!;
    expect((await p.admin.request('DELETE', `/${p.realm}/clients/${alpha.id}/default-client-scopes/${audience.id}`)).status).toBe(204);
    await p.giveClientRoleByHand('alpha', 'orders-api', 'orders:write');

    // WHEN the scheduled drift check runs THEN it exits 2 and names what drifted
    expect(await drift(p.ws, reports())).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(reports(), 'api-keys-local.drift.json'), 'utf8'));
    expect(report.drift).toBe(true);
    const changed = report.customers.changed.find((g: { name: string }) => g.name === 'alpha');
    const addresses: string[] = changed.resources.map((r: { address: string }) => r.address);
    expect(addresses).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^keycloak_openid_client\.customer-alpha_client_/),
        expect.stringMatching(/^keycloak_openid_client_default_scopes\.customer-alpha_default-scopes_/),
        expect.stringMatching(/^keycloak_user_roles\.customer-alpha_service-account-roles_/),
      ]),
    );
    const attributes = changed.attributes.map((a: { attribute: string }) => a.attribute);
    expect(attributes).toEqual(expect.arrayContaining(['standard_flow_enabled', 'valid_redirect_uris', 'default_scopes', 'role_ids']));
    expect(fs.readFileSync(path.join(reports(), 'api-keys-local.drift.md'), 'utf8')).toContain('alpha');

    // WHEN deployed again THEN Keycloak is back to the declared state and the check is clean
    await deploy(p.ws);
    const repaired = await p.client('alpha');
    expect(repaired).toMatchObject({ standardFlowEnabled: false, redirectUris: [] });
    const token = claims((await p.token('alpha', await p.secret('alpha'))).body.access_token);
    expect(token.aud).toBe('orders-api');
    expect(token.resource_access['orders-api'].roles).toEqual(['orders:read']);
    expect(await drift(p.ws, reports())).toBe(0);
  });

  it('drift check fails (exit 1 as an error) when Keycloak cannot be reached', async () => {
    // GIVEN the report of an earlier, successful check
    await p.given(BASE);
    expect(await drift(p.ws, reports())).toBe(0);
    const broken = defaultRunContext({
      ...p.ws,
      env: { ...p.ws.env, KEYCLOAK_URL: 'http://127.0.0.1:9', KEYCLOAK_USER: 'admin', KEYCLOAK_PASSWORD: 'admin' },
    });
    expect(fs.existsSync(path.join(reports(), 'api-keys-local.drift.json'))).toBe(true);
    // the platform stack's check fails first, because nothing answers on 127.0.0.1:9
    // (the cause depends on Node.js: ECONNREFUSED, or "bad port" where fetch refuses port 9 itself)
    await expect(drift(broken, reports())).rejects.toThrow(
      /Keycloak at http:\/\/127\.0\.0\.1:9 cannot be reached to list the clients .*\((ECONNREFUSED|bad port)\)/,
    );
    // no report of an earlier, successful check is left to be mistaken for this one (the
    // platform stack failed first; the customers stack's old report is gone too)
    expect(fs.existsSync(path.join(reports(), 'api-keys-local.drift.json'))).toBe(false);
  });

  it('hands over credentials: the secret only when asked, files only with mode 0600', async () => {
    await p.given(BASE);
    const plain = await credentials(p.ws, 'alpha');
    expect(plain).toMatchObject({ client_id: 'alpha', token_endpoint: p.tokenEndpoint, grant_type: 'client_credentials', enabled: true });
    expect(plain.client_secret).toBeUndefined();
    const secret = await p.secret('alpha');
    expect(JSON.stringify(plain)).not.toContain(secret);
    expect((await credentials(p.ws, 'alpha', { reveal: true })).client_secret).toBe(secret);
    const file = path.join(p.dir, 'alpha-credentials.json');
    await credentials(p.ws, 'alpha', { outputFile: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).client_secret).toBe(secret);
    await expect(credentials(p.ws, 'alpha', { outputFile: file })).rejects.toThrow(/EEXIST/);
    await expect(credentials(p.ws, 'nobody')).rejects.toThrow(/No customer "nobody"/);
  });
});
