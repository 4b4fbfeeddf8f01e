/**
 * examples/flask-backend, the Python backend, accepts what the project's customers get and
 * nothing else: it runs in the virtual environment scripts/flask-venv.sh makes (.ci/run
 * makes it), against the local Keycloak, as a separate process on a port of 28600-28699.
 */
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { adminLogin } from '../../engine/admin-api';
import { projectRoot } from '../../config/paths';
import { describeGated, flaskVenvMissing, flaskVenvPython } from '../support/gates';
import { claims, describeIntegration, TestProject, waitFor } from './support/harness';

/** The first port of 28600-28699 nothing listens on. */
async function freePort(): Promise<number> {
  for (let port = 28600; port <= 28699; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 28600-28699 for the Flask backend');
}

describeIntegration('the Flask example backend', () => {
  describeGated('Python', flaskVenvMissing())('checking customer tokens', () => {
    let p: TestProject;
    let flask: ChildProcess | undefined;
    let output = '';
    let url: string;
    const secrets = new Map<string, string>();

    const call = async (method: string, route: string, token?: string) => {
      const res = await fetch(`${url}${route}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, challenge: res.headers.get('www-authenticate') };
    };
    const tokenOf = async (clientId: string): Promise<string> => {
      const { status, body } = await p.token(clientId, secrets.get(clientId)!);
      expect({ clientId, status }).toEqual({ clientId, status: 200 });
      return body.access_token;
    };

    beforeAll(async () => {
      // GIVEN the project's example customers and one that may only read orders, deployed
      p = new TestProject('flask', { copyExampleCustomers: true });
      p.writeCustomer('flask-reader', { roles: ['orders:read'] });
      await p.converge();
      for (const id of ['acme-logistics', 'flask-reader']) secrets.set(id, await p.secret(id));

      // AND the Flask backend serving this realm's tokens for the API
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      flask = spawn(flaskVenvPython()!, [path.join(projectRoot, 'examples', 'flask-backend', 'app.py')], {
        env: { PATH: process.env.PATH, KEYCLOAK_URL: p.url, REALM: p.realm, AUDIENCE: 'orders-api', HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      flask.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      flask.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      await waitFor(
        `the Flask backend on ${url}`,
        async () => {
          if (flask!.exitCode !== null) throw new Error(`the Flask backend exited with ${flask!.exitCode}:\n${output}`);
          return fetch(`${url}/orders`).then(
            () => true,
            () => false,
          );
        },
        60,
      );
    });
    afterAll(async () => {
      if (flask && flask.exitCode === null) {
        const exited = new Promise((r) => flask!.once('exit', r));
        flask.kill();
        await exited;
      }
      await p?.deleteRealm();
      p?.cleanup();
    });

    it('answers 200 to a customer whose roles allow the route', async () => {
      const token = await tokenOf('acme-logistics');
      expect(await call('GET', '/orders', token)).toEqual({
        status: 200,
        body: { ok: true, route: 'GET /orders', client: 'acme-logistics' },
        challenge: null,
      });
      expect((await call('POST', '/orders', token)).status).toBe(200);
    });

    it('answers 403 to a customer without the route role', async () => {
      const reader = await tokenOf('flask-reader');
      expect((await call('GET', '/orders', reader)).status).toBe(200);
      expect(await call('POST', '/orders', reader)).toEqual({
        status: 403,
        body: { error: 'insufficient_scope', error_description: 'needs role orders:write' },
        challenge: 'Bearer error="insufficient_scope"',
      });
      // acme-logistics reads and writes orders but has no invoices:read
      expect((await call('GET', '/invoices', await tokenOf('acme-logistics'))).status).toBe(403);
    });

    it('answers 401 without a token', async () => {
      expect(await call('GET', '/orders')).toEqual({
        status: 401,
        body: { error: 'invalid_token', error_description: 'no bearer token' },
        challenge: 'Bearer error="invalid_token"',
      });
    });

    it('answers 401 to a token of the same realm that is not for the API (wrong audience)', async () => {
      // GIVEN a service-account client made by hand, without the audience scope: Keycloak signs its token
      const secret = await p.clientByHand('flask-hand-made');
      const { status, body } = await p.token('flask-hand-made', secret);
      expect(status).toBe(200);
      expect(([] as string[]).concat(claims(body.access_token).aud ?? [])).not.toContain('orders-api');
      const res = await call('GET', '/orders', body.access_token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_token', error_description: expect.stringMatching(/^aud: /) });
    });

    it("answers 401 to another realm's token (the administrator's, from admin-cli)", async () => {
      const login = adminLogin(p.ws.settings, { local: true, environment: 'local', keycloakUrl: p.url });
      const res = await fetch(`${p.url}/realms/master/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: login.username!, password: login.password! }),
      });
      expect(res.status).toBe(200);
      const token = ((await res.json()) as { access_token: string }).access_token;
      expect(await call('GET', '/orders', token)).toEqual({
        status: 401,
        body: { error: 'invalid_token', error_description: `iss: not a trusted issuer (${p.url}/realms/master)` },
        challenge: 'Bearer error="invalid_token"',
      });
    });

    it('answers 401 to a customer token whose signature was tampered with', async () => {
      const [header, payload, signature] = (await tokenOf('acme-logistics')).split('.');
      const flipped = (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
      const res = await call('GET', '/orders', `${header}.${payload}.${signature.slice(0, 10)}${flipped}`);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_token');
    });
  });
});
