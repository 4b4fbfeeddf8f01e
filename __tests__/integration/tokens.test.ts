/**
 * The tokens customers get are the tokens the backend must accept: every enabled customer
 * gets a signed token for the API with exactly its roles, and every other way in is refused.
 */
import { AddressInfo } from 'net';
import * as http from 'http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { deploy } from '../../engine/deploy';
import { loadProject } from '../../model/load';
import { createBackend } from '../../examples/backend/server';
import { claims, describeIntegration, TestProject, expectLifespan } from './support/harness';

describeIntegration('tokens issued to customers', () => {
  let p: TestProject;
  let backend: http.Server;
  let backendUrl: string;
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    p = new TestProject('tokens', { copyExampleCustomers: true });
    p.writeCustomer('gen-reader', { roles: ['orders:read'], accessTokenLifespan: 120 });
    p.writeCustomer('gen-nothing', { roles: [] });
    p.writeCustomer('gen-all', { roles: ['orders:read', 'orders:write', 'invoices:read'], accessTokenLifespan: 3600 });
    await deploy(p.ws);
    for (const c of loadProject({ root: p.dir }).customers) secrets.set(c.clientId, await p.secret(c.clientId));
    backend = createBackend({
      keycloakUrl: p.url,
      realm: p.realm,
      audience: 'orders-api',
      routes: { 'GET /orders': 'orders:read', 'POST /orders': 'orders:write', 'GET /invoices': 'invoices:read' },
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => backend?.close(r));
    await p.deleteRealm();
    p.cleanup();
  });

  const enabledCustomers = () => loadProject({ root: p.dir }).customers.filter((c) => c.enabled);

  it('gives every enabled customer a verified token for the API with exactly its roles', async () => {
    const jwks = createRemoteJWKSet(new URL(`${p.url}/realms/${p.realm}/protocol/openid-connect/certs`));
    const customers = enabledCustomers();
    expect(customers.length).toBe(5);
    for (const c of customers) {
      // WHEN the customer's application uses the client-credentials grant with HTTP Basic
      const asked = Date.now();
      const { status, body } = await p.token(c.clientId, secrets.get(c.clientId)!);
      const tookSeconds = Math.ceil((Date.now() - asked) / 1000);
      expect({ client: c.clientId, status }).toEqual({ client: c.clientId, status: 200 });
      // THEN the token verifies against the realm's keys, for the realm and the API
      const { payload } = await jwtVerify(body.access_token, jwks, { issuer: `${p.url}/realms/${p.realm}`, audience: 'orders-api' });
      const aud = ([] as string[]).concat(payload.aud as string | string[]);
      expect(aud).toEqual(['orders-api']);
      expect(payload.azp).toBe(c.clientId);
      expect(payload.sub).toEqual(expect.any(String));
      const access = (payload.resource_access ?? {}) as Record<string, { roles: string[] }>;
      expect(Object.keys(access).filter((k) => k !== 'orders-api')).toEqual([]);
      expect([...(access['orders-api']?.roles ?? [])].sort()).toEqual([...c.roles].sort());
      expect((payload.realm_access as { roles?: string[] } | undefined)?.roles ?? []).toEqual([]);
      expectLifespan(payload, c.accessTokenLifespan);
      expect(body.refresh_token).toBeUndefined();
      // expires_in counts from when Keycloak answered, not from iat: a slow server says less, by at
      // most the time the request took (and one second for rounding); exp - iat above is the lifespan.
      expect(body.expires_in).toBeGreaterThanOrEqual(c.accessTokenLifespan - tookSeconds - 1);
      expect(body.expires_in).toBeLessThanOrEqual(c.accessTokenLifespan);
    }
  });

  it('refuses the password grant', async () => {
    const res = await p.token('acme-logistics', secrets.get('acme-logistics')!, {
      grant_type: 'password',
      username: 'admin',
      password: 'admin',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('does not start a browser login (authorization-code flow) for a customer', async () => {
    const url = new URL(`${p.url}/realms/${p.realm}/protocol/openid-connect/auth`);
    url.search = new URLSearchParams({
      client_id: 'acme-logistics',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1/cb',
      scope: 'openid',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const html = await res.text();
    expect(html).not.toMatch(/kc-form-login|name="password"/);
    expect([400, 302]).toContain(res.status);
    if (res.status === 302) expect(res.headers.get('location') ?? '').not.toContain('code=');
  });

  it('refuses a wrong secret with 401', async () => {
    const res = await p.token('acme-logistics', 'not-the-secret');
    expect(res.status).toBe(401);
    // Keycloak 26.7 answers `unauthorized_client` here (RFC 6749 says invalid_client).
    expect(res.body).toMatchObject({ error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' });
  });

  it('refuses a disabled customer', async () => {
    const res = await p.token('initech-billing', secrets.get('initech-billing')!);
    expect(res.status).toBe(401);
    expect(res.body.access_token).toBeUndefined();
  });

  it('refuses tokens to the backend client itself', async () => {
    const apiSecret = await p.secret('orders-api');
    const res = await p.token('orders-api', apiSecret);
    expect(res.status).toBe(401); // measured on Keycloak 26.7.3 (the password grant above: 400)
    expect(res.body.error).toBe('unauthorized_client');
  });

  describe('the example backend', () => {
    const call = async (method: string, path: string, token: string) =>
      (await fetch(`${backendUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } })).status;

    it('accepts a customer token for a route its roles allow', async () => {
      const { body } = await p.token('acme-logistics', secrets.get('acme-logistics')!);
      expect(await call('GET', '/orders', body.access_token)).toBe(200);
      expect(await call('POST', '/orders', body.access_token)).toBe(200);
    });

    it('answers 403 to a customer without the role', async () => {
      const { body } = await p.token('gen-reader', secrets.get('gen-reader')!);
      expect(await call('GET', '/orders', body.access_token)).toBe(200);
      expect(await call('POST', '/orders', body.access_token)).toBe(403);
      expect(await call('GET', '/invoices', body.access_token)).toBe(403);
    });

    it('rejects, for its audience, the token of another client of the realm', async () => {
      // GIVEN a service-account client created by hand, without the audience scope
      const secret = await p.clientByHand('hand-made', { standardFlowEnabled: false });
      const { status, body } = await p.token('hand-made', secret);
      expect(status).toBe(200);
      expect(([] as string[]).concat(claims(body.access_token).aud ?? [])).not.toContain('orders-api');
      const res = await fetch(`${backendUrl}/orders`, { headers: { authorization: `Bearer ${body.access_token}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(/aud/);
    });

    it('rejects a request without a token', async () => {
      expect((await fetch(`${backendUrl}/orders`)).status).toBe(401);
    });
  });
});
