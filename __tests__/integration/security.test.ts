/**
 * Security properties on the real server: secret rotation, customers without a shared
 * secret (private_key_jwt), data-file strings that reach Keycloak literally, and no
 * client secret in clear in anything the project writes.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { exportJWK, exportSPKI, generateKeyPair, KeyLike } from 'jose';
import { parse, stringify } from 'yaml';
import { credentials } from '../../engine/credentials';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { planForReview } from '../../engine/plan-review';
import { defaultRunContext, RunContext } from '../../engine/steps';
import { captureStderr, claims, CustomerSpec, describeIntegration, TestProject } from './support/harness';

describeIntegration('security', () => {
  let p: TestProject;
  let ws: RunContext;
  let jwksServer: http.Server;
  let keyA: { publicKey: KeyLike; privateKey: KeyLike };
  let keyB: { publicKey: KeyLike; privateKey: KeyLike };
  /** The customer files as beforeAll deploys them. */
  let files: Record<string, CustomerSpec>;

  const assertion = (clientId: string, key: KeyLike, kid?: string) => p.assertion(clientId, key, kid);
  const tokenWithAssertion = (clientId: string, jwt: string) => p.tokenWithAssertion(clientId, jwt);

  beforeAll(async () => {
    p = new TestProject('sec');
    // Rotation here is the plain kind (no secretRotation in platform.yaml: the old secret is
    // refused at once); key-lifecycle.test.ts covers rotation with a grace period.
    const platformFile = path.join(p.dir, 'platform.yaml');
    const { secretRotation: _overlap, ...platform } = parse(fs.readFileSync(platformFile, 'utf8'));
    fs.writeFileSync(platformFile, stringify(platform));
    // State and plans of this project are encrypted, as on a shared backend.
    ws = defaultRunContext({ ...p.ws, env: { ...p.ws.env, APIKEYS_STATE_PASSPHRASE: 'a long enough test passphrase' } });
    keyA = await generateKeyPair('RS256', { extractable: true });
    keyB = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(keyB.publicKey)), kid: 'b-1', use: 'sig', alg: 'RS256' };
    jwksServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));

    files = {
      'rot-a': { roles: ['orders:read'] },
      'rot-b': { roles: ['orders:read'] },
      'jwt-key': { roles: ['orders:read'], auth: { method: 'private-key-jwt', publicKey: await exportSPKI(keyA.publicKey) } },
      'jwt-url': {
        roles: ['invoices:read'],
        auth: { method: 'private-key-jwt', jwksUrl: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks` },
      },
      literal: {
        name: 'Interp ${file("/etc/hostname")} Co',
        description: '%{ if true }y%{ endif } and $${already} and ${path.module}',
        roles: [],
      },
    };
    p.setCustomers(files);
    const first = await captureStderr(() => deploy(ws));
    if (first.result.status === 'rejected') throw first.result.reason;
  });
  afterAll(async () => {
    await new Promise((r) => jwksServer?.close(r));
    await p.deleteRealm();
    p.cleanup();
  });

  describe('secret rotation', () => {
    it('rotates only the customer whose secretRotation changed; the old secret is refused at once', async () => {
      await p.given(files, ws);
      const [a0, b0] = [await p.secret('rot-a'), await p.secret('rot-b')];
      p.writeCustomer('rot-a', { roles: ['orders:read'], secretRotation: '2026-12' });
      const { summary } = await deploy(ws);
      expect(summary.customers.changed.map((g) => g.name)).toEqual(['rot-a']);
      const a1 = await p.secret('rot-a');
      expect(a1).not.toBe(a0);
      expect((await p.token('rot-a', a1)).status).toBe(200);
      expect((await p.token('rot-a', a0)).status).toBe(401);
      expect(await p.secret('rot-b')).toBe(b0);
      expect((await p.token('rot-b', b0)).status).toBe(200);
      // AND deploying again without a new value does not rotate again
      await deploy(ws);
      expect(await p.secret('rot-a')).toBe(a1);
    });
  });

  describe('private_key_jwt', () => {
    it('issues a token for an assertion signed with the key in the customer file', async () => {
      const { status, body } = await tokenWithAssertion('jwt-key', await assertion('jwt-key', keyA.privateKey));
      expect(status).toBe(200);
      const t = claims(body.access_token);
      expect(t).toMatchObject({ azp: 'jwt-key', aud: 'orders-api' });
      expect(t.resource_access['orders-api'].roles).toEqual(['orders:read']);
    });

    it('issues a token for an assertion whose key comes from the customer JWKS URL', async () => {
      const { status, body } = await tokenWithAssertion('jwt-url', await assertion('jwt-url', keyB.privateKey, 'b-1'));
      expect(status).toBe(200);
      expect(claims(body.access_token).resource_access['orders-api'].roles).toEqual(['invoices:read']);
    });

    // Keycloak 26.7 answers both with 400 (not 401) and `invalid_client` (measured), and nothing else.
    const refused = (res: { status: number; body: Record<string, any> }) => {
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'invalid_client' });
      expect(res.body.access_token).toBeUndefined();
    };

    it('refuses an assertion signed with another key', async () => {
      refused(await tokenWithAssertion('jwt-key', await assertion('jwt-key', keyB.privateKey)));
    });

    it('refuses a client secret for that client', async () => {
      const stored = await p.secret('jwt-key').catch(() => 'no-secret-stored');
      refused(await p.token('jwt-key', stored));
      refused(await p.token('jwt-key', 'guessed'));
    });
  });

  it('passes ${...} and %{...} from data files to Keycloak literally', async () => {
    const client = await p.client('literal');
    expect(client.name).toBe('Interp ${file("/etc/hostname")} Co');
    expect(client.description).toBe('%{ if true }y%{ endif } and $${already} and ${path.module}');
  });

  it('never writes a client secret in clear: logs, engine logs, plan summaries, drift reports, state, saved plans, synthesized config', async () => {
    await p.given(files, ws);
    // GIVEN the usual day-to-day commands ran, as on a terminal (engine logs to files, progress to
    // stderr), everything they logged captured: this test's own commands, not what others left
    const reports = path.join(p.dir, 'reports-scan');
    const loud: RunContext = { ...ws, quiet: false };
    p.writeCustomer('rot-b', { roles: ['orders:read', 'orders:write'] });
    const { result, stderr: logs } = await captureStderr(async () => {
      await planForReview(loud, reports);
      await deploy(loud);
      expect(await drift(loud, reports)).toBe(0);
      await credentials(loud, 'rot-a');
    });
    if (result.status === 'rejected') throw result.reason;
    expect(logs).toMatch(/engine log in \S+\.log/);
    // WHEN every file the project wrote and every line it logged is searched
    const secrets = await Promise.all(['rot-a', 'rot-b', 'literal'].map((id) => p.secret(id)));
    expect(secrets.every((s) => s.length >= 20)).toBe(true);
    const written: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'providers') walk(full); // .terraform/providers: the provider binary
        } else written.push(full);
      }
    };
    walk(p.dir);
    expect(written.some((f) => f.endsWith('.tfstate'))).toBe(true);
    expect(written.some((f) => f.endsWith('.plan.md'))).toBe(true);
    expect(written.some((f) => f.endsWith('.tfplan'))).toBe(true);
    expect(written.some((f) => f.endsWith('.log'))).toBe(true);
    // THEN no secret appears anywhere
    const haystacks = [...written.map((f) => ({ name: f, text: fs.readFileSync(f).toString('latin1') })), { name: 'logs', text: logs }];
    for (const { name, text } of haystacks) {
      for (const secret of secrets) expect({ name, found: text.includes(secret) }).toEqual({ name, found: false });
    }
    // AND the state is really encrypted (the engine wrote ciphertext, not resources)
    const state = written
      .filter((f) => f.endsWith('.tfstate'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    expect(state).toContain('encrypted_data');
    expect(state).not.toContain('keycloak_openid_client');
  });
});
