/**
 * Keycloak's URLs come from one function (model/keycloak-url.ts): a base URL with or without
 * the legacy `/auth` path, with or without trailing slashes, gives the same endpoints that
 * Keycloak serves. Everything that builds a Keycloak URL (the provider's `url`, the admin API,
 * the token endpoint handed to customers, the example backend's issuer and key set) uses it.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { keycloakBase, keycloakBaseProblem, keycloakEndpoints } from '../../model/keycloak-url';
import { AdminApi } from '../../engine/admin-api';
import { readSettings, SettingsError } from '../../config/settings';
import { removeTempDirs, synthApp, tempDir, TestProject, VALID_CUSTOMER } from './helpers';

afterAll(removeTempDirs);

describe('keycloakEndpoints', () => {
  it.each([
    ['https://sso.example.com', 'https://sso.example.com'],
    ['https://sso.example.com/', 'https://sso.example.com'],
    ['https://sso.example.com///', 'https://sso.example.com'],
    ['https://sso.example.com/auth', 'https://sso.example.com/auth'],
    ['https://sso.example.com/auth/', 'https://sso.example.com/auth'],
    ['  https://sso.example.com/auth// ', 'https://sso.example.com/auth'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://example.com/identity/keycloak/', 'https://example.com/identity/keycloak'],
  ])('%j: every endpoint sits below %s', (url, base) => {
    const k = keycloakEndpoints(url);
    expect(k.base).toBe(base);
    expect(keycloakBase(url)).toBe(base);
    expect(k.realm('partners')).toBe(`${base}/realms/partners`);
    expect(k.token('partners')).toBe(`${base}/realms/partners/protocol/openid-connect/token`);
    expect(k.authorization('partners')).toBe(`${base}/realms/partners/protocol/openid-connect/auth`);
    expect(k.certs('partners')).toBe(`${base}/realms/partners/protocol/openid-connect/certs`);
    expect(k.admin()).toBe(`${base}/admin/realms`);
    expect(k.admin('/partners/clients?first=0')).toBe(`${base}/admin/realms/partners/clients?first=0`);
    expect(k.serverInfo()).toBe(`${base}/admin/serverinfo`);
  });

  it('encodes a realm name into its path segment, and refuses an admin path that is not absolute', () => {
    expect(keycloakEndpoints('https://sso.example.com/auth').realm('a b/c')).toBe('https://sso.example.com/auth/realms/a%20b%2Fc');
    expect(() => keycloakEndpoints('https://sso.example.com').admin('partners')).toThrow(/must start with "\/"/);
  });

  it.each([
    ['https://sso.example.com', undefined],
    ['https://sso.example.com/auth/', undefined],
    ['http://localhost:8080/auth', undefined],
    ['sso.example.com', 'is not a URL'],
    ['ftp://sso.example.com', 'must start with https:// (or http://)'],
    ['https://sso.example.com/auth/realms/partners', 'names an endpoint (/auth/realms/partners), not the server'],
    ['https://sso.example.com/realms/partners/protocol/openid-connect/token', 'names an endpoint'],
    ['https://sso.example.com/auth/admin/master/console/', 'names an endpoint'],
    ['https://sso.example.com/auth?x=1', 'must not contain a query (?) or fragment (#)'],
    ['https://admin:secret@sso.example.com', 'must not contain a user name or password'],
  ])('keycloakBaseProblem(%j)', (url, problem) => {
    if (problem === undefined) expect(keycloakBaseProblem(url)).toBeUndefined();
    else expect(keycloakBaseProblem(url)).toContain(problem);
  });
});

describe('environments.yaml and KEYCLOAK_URL with /auth', () => {
  it('keeps /auth in the base and drops trailing slashes: the provider gets the base with /auth', () => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).write('environments.yaml', {
      legacy: { keycloak: 'https://sso.example.com/auth/' },
      plain: { keycloak: 'https://new-sso.example.com//' },
    });
    expect(p.load().environments.legacy.keycloak).toBe('https://sso.example.com/auth');
    const outdir = tempDir('auth');
    const stacks = synthApp({ root: p.root, outdir, env: { APIKEYS_STATE_DIR: path.join(outdir, 'state') } });
    for (const stack of ['api-keys-legacy', 'api-keys-legacy-platform'])
      expect(stacks[stack].provider.keycloak[0]).toMatchObject({ url: 'https://sso.example.com/auth' });
    expect(stacks['api-keys-plain'].provider.keycloak[0]).toMatchObject({ url: 'https://new-sso.example.com' });
  });

  it('refuses an endpoint URL in environments.yaml, naming the field and the fix', () => {
    const p = new TestProject({ customers: {} }).write('environments.yaml', {
      prod: { keycloak: 'https://sso.example.com/auth/realms/partners' },
    });
    expect(p.problems()).toEqual([
      'environments.yaml: prod.keycloak: names an endpoint (/auth/realms/partners), not the server: cut it before /realms/ or /admin/ (keep /auth if the server has it) ' +
        '(e.g. https://sso.example.com, or https://sso.example.com/auth for a server under /auth; never a /realms/... endpoint)',
    ]);
  });

  it('reads KEYCLOAK_URL with /auth and trailing slashes as the base, and refuses an endpoint there too', () => {
    expect(readSettings({ KEYCLOAK_URL: ' https://sso.example.com/auth/ ' }).target.keycloakUrl).toBe('https://sso.example.com/auth');
    expect(() => readSettings({ KEYCLOAK_URL: 'https://sso.example.com/auth/realms/partners' })).toThrow(SettingsError);
  });
});

describe('the admin API under /auth', () => {
  /** An HTTP server that records the paths asked for and answers like Keycloak's token and list endpoints. */
  async function recorder(): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.endsWith('/token') ? JSON.stringify({ access_token: 't', expires_in: 60 }) : '[]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, paths, close: () => new Promise((r) => server.close(() => r())) };
  }

  it.each(['/auth', '/auth/', ''])('logs in and calls the admin API below the base (%j)', async (suffix) => {
    const server = await recorder();
    try {
      const api = new AdminApi({ url: `${server.url}${suffix}`, loginRealm: 'ops', username: 'u', password: 'p' });
      expect(await api.get('/partners/clients')).toEqual([]);
      const prefix = suffix.replace(/\/$/, '');
      expect(server.paths).toEqual([
        `POST ${prefix}/realms/ops/protocol/openid-connect/token`,
        `GET ${prefix}/admin/realms/partners/clients`,
      ]);
    } finally {
      await server.close();
    }
  });
});
