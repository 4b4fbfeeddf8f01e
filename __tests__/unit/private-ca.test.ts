/**
 * `caCertificate` in environments.yaml: a private CA's PEM bundle, checked when the project
 * loads (a bad file stops every command, named), given to the provider as its
 * `root_ca_certificate` and trusted by the project's own HTTPS calls (engine/tls-trust.ts).
 * A certificate that is not trusted becomes an error that names the environment and the fix.
 */
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as tls from 'tls';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AdminApi } from '../../engine/admin-api';
import { engineFailure } from '../../engine/steps';
import { engineTlsRefusal, nodeTlsRefusal } from '../../engine/tls-trust';
import { createBackend } from '../../examples/backend/server';
import { UserError, ValidationError } from '../../model/problems';
import { removeTempDirs, synthApp, tempDir, TestProject, VALID_CUSTOMER } from './helpers';
import { TestCa } from '../support/test-ca';

afterAll(removeTempDirs);

/** Node.js 22.19+ can extend its default CAs; older lines (20) cannot, and say so. */
const canTrust = typeof (tls as unknown as { setDefaultCACertificates?: unknown }).setDefaultCACertificates === 'function';

const project = (ca: string | undefined) =>
  new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).write('environments.yaml', {
    prod: { keycloak: 'https://sso.example.com/auth', ...(ca !== undefined ? { caCertificate: ca } : {}) },
  });

describe('caCertificate: a file that cannot be used is a validation problem, and nothing runs', () => {
  const ca = new TestCa();
  const expectProblem = (p: TestProject, problem: RegExp, hint: RegExp) => {
    const problems = p.problems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^environments\.yaml: prod\.caCertificate: /);
    expect(problems[0]).toMatch(problem);
    expect(problems[0]).toMatch(hint);
  };

  it('a missing file: says where it was looked for, that relative paths start at the project root', () => {
    const p = project('certs/company-ca.pem');
    expectProblem(
      p,
      new RegExp(`certs/company-ca\\.pem \\(${p.path('certs/company-ca.pem').replace(/[.]/g, '\\.')}\\) does not exist`),
      /point caCertificate at a PEM file .*relative to the project root/,
    );
  });

  it('an unreadable file: names the reason and the fix', () => {
    const p = project('ca.pem').write('ca.pem', ca.cert);
    // Root reads any file whatever its mode, so the refusal is made where the read happens
    // (on node's own module object, which the project's `import * as fs` reads through).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('fs') as typeof fs;
    const real = nodeFs.readFileSync;
    const spy = jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (file === p.path('ca.pem')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return (real as (...a: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.readFileSync);
    try {
      expectProblem(p, /ca\.pem .* cannot be read \(EACCES\)/, /make it readable by this user/);
    } finally {
      spy.mockRestore();
    }
  });

  it('a directory is not a file', () => {
    const p = project('certs');
    fs.mkdirSync(p.path('certs'));
    expectProblem(p, /certs .* is not a file/, /PEM file/);
  });

  it('text that is not PEM, and a DER (binary) certificate: no PEM certificate, with the conversion for DER', () => {
    expectProblem(
      project('ca.pem').write('ca.pem', 'this is not a certificate\n'),
      /ca\.pem .* holds no PEM certificate/,
      /openssl x509 -inform der/,
    );
    const der = Buffer.from(ca.cert.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const p = project('ca.der');
    fs.writeFileSync(p.path('ca.der'), der);
    expectProblem(p, /ca\.der .* holds no PEM certificate/, /openssl x509 -inform der/);
  });

  it('a damaged certificate block: names which one', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nTUlJQm9uZSBicm9rZW4=\n-----END CERTIFICATE-----\n';
    expectProblem(project('ca.pem').write('ca.pem', `${ca.cert}${broken}`), /certificate 2 in ca\.pem .* cannot be parsed/, /PEM file/);
  });

  it('a private key in the bundle is refused: a CA bundle is public', () => {
    const issued = ca.issue();
    expectProblem(
      project('ca.pem').write('ca.pem', `${ca.cert}${issued.key}`),
      /contains a private key \(PRIVATE KEY\)/,
      /certificates only/,
    );
  });

  it('nothing is synthesized for any environment', () => {
    const p = project('missing.pem');
    const outdir = tempDir('ca-none');
    expect(() => synthApp({ root: p.root, outdir, env: { APIKEYS_STATE_DIR: path.join(outdir, 'state') } })).toThrow(ValidationError);
    expect(fs.existsSync(path.join(outdir, 'stacks'))).toBe(false);
  });
});

describe('caCertificate: a usable bundle reaches the provider of both stacks', () => {
  const ca = new TestCa('company root');
  const intermediate = new TestCa('company intermediate');

  it.each(['relative', 'absolute'])('%s path: the certificates (and nothing else in the file) become root_ca_certificate', (kind) => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).write(
      'certs/bundle.pem',
      `# company CAs\n${ca.cert}some text between\n${intermediate.cert}`,
    );
    const file = kind === 'relative' ? 'certs/bundle.pem' : p.path('certs/bundle.pem');
    p.write('environments.yaml', {
      prod: { keycloak: 'https://sso.example.com/auth', caCertificate: file },
      dev: { keycloak: 'https://dev.example.com' },
    });
    const loaded = p.load().environments;
    expect(loaded.prod.ca).toEqual({ file, certificates: [ca.cert, intermediate.cert] });
    expect(loaded.dev.ca).toBeUndefined();
    const outdir = tempDir('ca-synth');
    const stacks = synthApp({ root: p.root, outdir, env: { APIKEYS_STATE_DIR: path.join(outdir, 'state') } });
    for (const stack of ['api-keys-prod', 'api-keys-prod-platform'])
      expect(stacks[stack].provider.keycloak[0].root_ca_certificate).toBe(`${ca.cert}${intermediate.cert}`);
    for (const stack of ['api-keys-dev', 'api-keys-dev-platform'])
      expect(stacks[stack].provider.keycloak[0]).not.toHaveProperty('root_ca_certificate');
  });
});

/** An HTTPS server with a certificate issued by `ca`, answering like Keycloak's token endpoint and admin API. */
async function httpsServer(
  ca: TestCa,
  handler?: (path: string) => object,
): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const issued = ca.issue(['localhost', '127.0.0.1']);
  const paths: string[] = [];
  const server = https.createServer({ cert: issued.cert, key: issued.key }, (req, res) => {
    paths.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(handler ? handler(req.url ?? '') : req.url?.endsWith('/token') ? { access_token: 't', expires_in: 60 } : []));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    paths,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe("the project's own HTTPS calls", () => {
  it('without caCertificate: the refusal names the environment, environments.yaml, caCertificate and the variables', async () => {
    const server = await httpsServer(new TestCa('never trusted'));
    try {
      const api = new AdminApi({ url: `${server.url}/auth`, environment: 'prod', username: 'u', password: 'p' });
      const err = await api.get('/partners/clients').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(
        new RegExp(
          `^Environment "prod": this process refused the TLS certificate of Keycloak at ${server.url}/auth \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
        ),
      );
      expect((err as Error).message).toContain('add `caCertificate: <PEM file of that CA>` to environment "prod" in environments.yaml');
      expect((err as Error).message).toMatch(/NODE_EXTRA_CA_CERTS .* SSL_CERT_FILE/);
      expect(server.paths).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('with caCertificate: trusted (Node.js 22.19+), the login and the admin call go through under /auth', async () => {
    const ca = new TestCa('trusted by the admin API');
    const server = await httpsServer(ca);
    try {
      const api = new AdminApi({
        url: `${server.url}/auth/`,
        environment: 'prod',
        ca: { file: 'certs/ca.pem', certificates: [ca.cert] },
        username: 'u',
        password: 'p',
      });
      if (!canTrust) {
        await expect(api.get('/partners/clients')).rejects.toThrow(/caCertificate \(certs\/ca\.pem\) needs Node\.js 22\.19 or newer/);
        return;
      }
      expect(await api.get('/partners/clients')).toEqual([]);
      expect(server.paths).toEqual(['POST /auth/realms/master/protocol/openid-connect/token', 'GET /auth/admin/realms/partners/clients']);
    } finally {
      await server.close();
    }
  });

  it('with a caCertificate that did not issue the server certificate: says so, naming the file', async () => {
    const server = await httpsServer(new TestCa('the real issuer'));
    const other = new TestCa('a different CA');
    try {
      const api = new AdminApi({
        url: server.url,
        environment: 'prod',
        ca: { file: 'certs/wrong.pem', certificates: [other.cert] },
        username: 'u',
        password: 'p',
      });
      const err = await api.get('/partners/clients').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      if (canTrust)
        expect((err as Error).message).toMatch(
          /caCertificate is set \(certs\/wrong\.pem\), but no certificate in it issued Keycloak's certificate/,
        );
    } finally {
      await server.close();
    }
  });

  it('a host name the certificate does not name: says to use the name it was issued for', async () => {
    const ca = new TestCa('issues for another name');
    const issued = ca.issue(['sso.example.com']);
    const server = https.createServer({ cert: issued.cert, key: issued.key }, (_req, res) => res.end('[]'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const api = new AdminApi({ url, environment: 'prod', ca: { file: 'ca.pem', certificates: [ca.cert] }, username: 'u', password: 'p' });
      const err = await api.get('/x').catch((e: unknown) => e);
      if (canTrust)
        expect((err as Error).message).toMatch(
          /ERR_TLS_CERT_ALTNAME_INVALID.*write the host name the certificate names into "prod\.keycloak"/s,
        );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('a connection refused is not mistaken for a certificate problem', () => {
    expect(nodeTlsRefusal(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBeUndefined();
    expect(
      nodeTlsRefusal(
        Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
        }),
      ),
    ).toEqual({
      kind: 'untrusted',
      detail: 'SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain',
    });
  });
});

describe("the engine's provider", () => {
  const output = [
    'Planning failed. OpenTofu encountered an error while generating this plan.',
    '',
    '╷',
    '│ Error: error sending POST request to https://localhost:28201/auth/realms/master/protocol/openid-connect/token: Post "https://localhost:28201/auth/realms/master/protocol/openid-connect/token": tls: failed to verify certificate: x509: certificate signed by unknown authority',
    '│ ',
    '╵',
  ].join('\n');
  const keycloak = { environment: 'prod', keycloakUrl: 'https://localhost:28201/auth' };

  it('an unknown authority: names the environment and caCertificate, and keeps the engine error block', () => {
    const message = engineFailure('tofu plan', '/x', { code: 1, output }, undefined, keycloak).message;
    expect(message).toMatch(
      /^Environment "prod": tofu plan \(the keycloak provider\) refused the TLS certificate of Keycloak at https:\/\/localhost:28201\/auth \(tls: failed to verify certificate: x509: certificate signed by unknown authority\)\./,
    );
    expect(message).toContain('add `caCertificate: <PEM file of that CA>` to environment "prod" in environments.yaml');
    expect(message).toContain('│ Error: error sending POST request');
  });

  it('an unknown authority with caCertificate set: names the file that lacks the issuer', () => {
    const message = engineFailure('tofu apply', '/x', { code: 1, output }, undefined, {
      ...keycloak,
      ca: { file: 'certs/ca.pem', certificates: [] },
    }).message;
    expect(message).toContain("caCertificate is set (certs/ca.pem), but no certificate in it issued Keycloak's certificate");
  });

  it('other x509 refusals are told apart; other failures keep their own words', () => {
    expect(engineTlsRefusal('x509: certificate is valid for sso.example.com, not localhost')?.kind).toBe('name');
    expect(engineTlsRefusal('x509: certificate has expired or is not yet valid: current time ...')?.kind).toBe('expired');
    expect(engineTlsRefusal('Error: error sending POST request: dial tcp 127.0.0.1:9: connect: connection refused')).toBeUndefined();
    expect(engineFailure('tofu plan', '/x', { code: 1, output: 'Error: something else' }, undefined, keycloak).message).toMatch(
      /^tofu plan failed with exit code 1/,
    );
  });
});

describe('the example backend', () => {
  it('fetches the key set under /auth over TLS from a private CA, and accepts a token of that issuer', async () => {
    const ca = new TestCa('backend CA');
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const keycloak = await httpsServer(ca, (p) => (p === '/auth/realms/partners/protocol/openid-connect/certs' ? { keys: [jwk] } : {}));
    const backend = createBackend({
      keycloakUrl: `${keycloak.url}/auth/`,
      ca: [ca.cert],
      realm: 'partners',
      audience: 'orders-api',
      routes: { 'GET /orders': 'orders:read' },
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    try {
      const token = await new SignJWT({ azp: 'acme', resource_access: { 'orders-api': { roles: ['orders:read'] } } })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(`${keycloak.url}/auth/realms/partners`)
        .setAudience('orders-api')
        .setExpirationTime('60s')
        .sign(privateKey);
      const res = await fetch(`http://127.0.0.1:${(backend.address() as AddressInfo).port}/orders`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 200,
        body: { ok: true, route: 'GET /orders', client: 'acme' },
      });
      expect(keycloak.paths).toEqual(['GET /auth/realms/partners/protocol/openid-connect/certs']);
    } finally {
      await new Promise((r) => backend.close(r));
      await keycloak.close();
    }
  });
});
