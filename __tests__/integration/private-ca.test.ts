/**
 * A production-shaped Keycloak: HTTPS only, with a certificate from a private CA, served under
 * the legacy `/auth` path. The project reaches it with nothing but environments.yaml
 * (`keycloak: https://localhost:<port>/auth`, `caCertificate: certs/company-ca.pem`): every
 * command runs as a user runs it (`npm run <command>`, a process of its own) with SSL_CERT_FILE,
 * SSL_CERT_DIR and NODE_EXTRA_CA_CERTS removed, so that the CA can only come from the file.
 *
 * The tests run in order, each on what the one before made (one server, one realm, one state).
 * One Keycloak of the toolchain's distribution (a copy of it: `start-dev` rebuilds the
 * distribution it runs from with these options) on ports 28210-28213 of this suite's own.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { localSettings } from '../../config/local-keycloak';
import { paths, projectRoot } from '../../config/paths';
import { keycloakEndpoints } from '../../model/keycloak-url';
import { requireJava } from '../../toolchain/provision';
import { ProjectFiles } from '../support/project-files';
import { TestCa } from '../support/test-ca';
import { describeIntegration } from './support/harness';

/** This suite's ports: Keycloak's HTTPS port, its management port, the example backend. */
const PORT = Number(process.env.APIKEYS_PRIVATE_CA_PORT ?? 28210);
const MANAGEMENT_PORT = PORT + 1;
const BACKEND_PORT = PORT + 2;
/** `start-dev` binds its plain HTTP port even with `--http-enabled=false` (measured: 8080 taken fails the start): one of ours. */
const HTTP_PORT = PORT + 3;
const BASE = `https://localhost:${PORT}/auth`;
const ENV = 'secure';
const REALM = 'partners';
/** What of the repository the commands need besides the data files. */
const CODE = [
  'cli',
  'config',
  'engine',
  'keycloak',
  'model',
  'stacks',
  'toolchain',
  'schemas',
  'examples',
  'main.ts',
  'package.json',
  'tsconfig.json',
  'toolchain.json',
  'cdktf.json',
];
/** Where a machine's CAs come from besides a project's file: none of them reaches a child process. */
const CA_VARIABLES = ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS'];

describeIntegration('a Keycloak under /auth with a certificate from a private CA', () => {
  const ca = new TestCa('Example Corp Root CA');
  const adminPassword = randomBytes(12).toString('hex');
  let work: string;
  let project: ProjectFiles;
  let keycloak: ChildProcess | undefined;
  let backend: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  /** This test's own calls trust the test CA through an agent of their own, not through the process's defaults. */
  const agent = new https.Agent({ ca: [...tls.rootCertificates, ca.cert] });

  /** One HTTPS request from this test, trusting the test CA through its own agent. */
  function request(
    url: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  /** `npm run <args>` in the test project, as a user runs it, with `extra` in the environment. */
  function npmRun(args: string[], extra: NodeJS.ProcessEnv = {}): { code: number | null; out: string; stdout: string } {
    const childEnv = { ...env, ...extra };
    for (const name of CA_VARIABLES) delete childEnv[name];
    const res = spawnSync(
      process.execPath,
      [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(project.root, 'cli', 'main.ts'), ...args],
      {
        cwd: project.root,
        env: childEnv,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: res.status, out: `${res.stdout}${res.stderr}`, stdout: res.stdout };
  }
  const outcome = (r: { code: number | null; out: string }, expected: number) => ({
    code: r.code,
    tail: r.code === expected ? '' : r.out.split('\n').slice(-40).join('\n'),
  });

  /** environments.yaml with one environment: this Keycloak, with or without the CA. */
  const environments = (withCa: boolean) =>
    project.write('environments.yaml', {
      [ENV]: {
        keycloak: `${BASE}/`,
        ...(withCa ? { caCertificate: 'certs/company-ca.pem' } : {}),
        state: { local: { path: 'state/secure.tfstate' } },
      },
    });

  /** An admin access token (the bootstrap admin), from the token endpoint under /auth. */
  async function adminToken(): Promise<string> {
    const res = await request(keycloakEndpoints(BASE).token('master'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: adminPassword }).toString(),
    });
    expect(res.status).toBe(200);
    return JSON.parse(res.body).access_token;
  }

  async function waitForKeycloak(logFile: string): Promise<void> {
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      if (keycloak?.exitCode !== null)
        throw new Error(`Keycloak exited: ${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
      const ready = await request(`${BASE}/realms/master/.well-known/openid-configuration`).catch(() => undefined);
      if (ready?.status === 200) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`Keycloak not ready after 240 s: ${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
  }

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-private-ca-'));
    // The CA and Keycloak's certificate, issued for localhost (the name in the URL)
    const issued = ca.issue(['localhost', '127.0.0.1']);
    fs.writeFileSync(path.join(work, 'server.pem'), issued.cert);
    fs.writeFileSync(path.join(work, 'server.key'), issued.key, { mode: 0o600 });
    // Keycloak from a copy of the distribution, HTTPS only, on loopback, under /auth
    const home = path.join(work, 'keycloak');
    // The version the local Keycloak runs (APIKEYS_KEYCLOAK_VERSION), which global setup provisioned.
    fs.cpSync(paths.keycloakHome(localSettings().version), home, { recursive: true });
    const javaHome = requireJava();
    const logFile = path.join(work, 'keycloak.log');
    const out = fs.openSync(logFile, 'a');
    keycloak = spawn(
      path.join(home, 'bin', 'kc.sh'),
      [
        'start-dev',
        '--http-enabled=false',
        '--http-host=127.0.0.1',
        `--http-port=${HTTP_PORT}`,
        `--https-port=${PORT}`,
        `--http-management-port=${MANAGEMENT_PORT}`,
        '--http-relative-path=/auth',
        `--https-certificate-file=${path.join(work, 'server.pem')}`,
        `--https-certificate-key-file=${path.join(work, 'server.key')}`,
        '--features=client-secret-rotation',
        '--db=dev-file',
        `--db-url=jdbc:h2:file:${path.join(work, 'data', 'keycloakdb')};NON_KEYWORDS=VALUE`,
      ],
      {
        stdio: ['ignore', out, out],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...(javaHome ? { JAVA_HOME: javaHome } : {}),
          JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
          KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
          KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
        },
      },
    );
    fs.closeSync(out);
    // The project: a runnable copy of the code with the repository's platform and one customer
    project = new ProjectFiles(path.join(work, 'project'), {
      platform: fs.readFileSync(path.join(projectRoot, 'platform.yaml'), 'utf8'),
      customers: {},
    });
    for (const entry of CODE) fs.cpSync(path.join(projectRoot, entry), project.path(entry), { recursive: true });
    fs.cpSync(path.join(projectRoot, '.gen'), project.path('.gen'), { recursive: true });
    fs.symlinkSync(path.join(projectRoot, 'node_modules'), project.path('node_modules'), 'dir');
    project.write('certs/company-ca.pem', ca.cert);
    project.writeCustomer('acme', { roles: ['orders:read'] });
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CHECKPOINT_DISABLE: '1',
      APIKEYS_CACHE_DIR: process.env.APIKEYS_CACHE_DIR,
      KEYCLOAK_USER: 'admin',
      KEYCLOAK_PASSWORD: adminPassword,
      APIKEYS_STATE_PASSPHRASE: randomBytes(24).toString('hex'),
    };
    if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
    await waitForKeycloak(logFile);
  });

  afterAll(async () => {
    for (const child of [backend, keycloak]) {
      if (!child || child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          r(undefined);
        }, 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          r(undefined);
        });
      });
    }
    agent.destroy();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('without caCertificate, the platform deploy is refused with an error that names the environment and the fix', () => {
    environments(false);
    const refused = npmRun(['deploy', '--env', ENV, '--part', 'platform']);
    expect(outcome(refused, 1)).toEqual({ code: 1, tail: '' });
    expect(refused.out).toContain(`error: Environment "${ENV}": this process refused the TLS certificate of Keycloak at ${BASE}`);
    expect(refused.out).toContain(`add \`caCertificate: <PEM file of that CA>\` to environment "${ENV}" in environments.yaml`);
    expect(fs.existsSync(project.path('state/secure-platform.tfstate'))).toBe(false);
  });

  it('with caCertificate: platform deploy, customers deploy, plan (fast check), drift and credentials under /auth', async () => {
    environments(true);
    expect(outcome(npmRun(['deploy', '--env', ENV, '--part', 'platform']), 0)).toEqual({ code: 0, tail: '' });
    expect(outcome(npmRun(['deploy', '--env', ENV, '--part', 'customers']), 0)).toEqual({ code: 0, tail: '' });
    // the customer's client is in the realm, checked here through the admin API under /auth
    const token = await adminToken();
    const listed = await request(keycloakEndpoints(BASE).admin(`/${REALM}/clients?clientId=acme`), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(JSON.parse(listed.body).map((c: { clientId: string }) => c.clientId)).toEqual(['acme']);

    const plan = npmRun(['plan', '--env', ENV, '--part', 'customers', '--out', path.join(work, 'reports')]);
    expect(outcome(plan, 0)).toEqual({ code: 0, tail: '' });
    expect(plan.out).toContain('Keycloak matches the state');
    const drift = npmRun(['drift', '--env', ENV, '--out', path.join(work, 'reports')]);
    expect(outcome(drift, 0)).toEqual({ code: 0, tail: '' });

    const handed = npmRun(['credentials', 'acme', '--env', ENV, '--reveal']);
    expect(outcome(handed, 0)).toEqual({ code: 0, tail: '' });
    const info = JSON.parse(handed.stdout);
    expect(info.token_endpoint).toBe(`https://localhost:${PORT}/auth/realms/${REALM}/protocol/openid-connect/token`);
    expect(info.client_secret).toEqual(expect.any(String));
  });

  it("a customer's token from the token endpoint under /auth, accepted by the example backend (its key set fetched under /auth, trusting the CA)", async () => {
    const info = JSON.parse(npmRun(['credentials', 'acme', '--env', ENV, '--reveal']).stdout);
    const res = await request(info.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`acme:${encodeURIComponent(info.client_secret)}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const accessToken = JSON.parse(res.body).access_token as string;
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
    expect(claims.iss).toBe(`https://localhost:${PORT}/auth/realms/${REALM}`);

    const childEnv: NodeJS.ProcessEnv = { ...env, ENVIRONMENT: ENV, PORT: String(BACKEND_PORT) };
    for (const name of CA_VARIABLES) delete childEnv[name];
    backend = spawn(
      process.execPath,
      [require.resolve('ts-node/dist/bin'), '--transpile-only', project.path('examples/backend/server.ts')],
      {
        cwd: project.root,
        env: childEnv,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    backend.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes('example backend on') && Date.now() < deadline) {
      if (backend.exitCode !== null) throw new Error(`the example backend exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(stderr).toContain(`(tokens from ${BASE})`);
    const call = (route: string) =>
      fetch(`http://127.0.0.1:${BACKEND_PORT}${route}`, { headers: { authorization: `Bearer ${accessToken}` } }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(await call('/orders')).toEqual({ status: 200, body: { ok: true, route: 'GET /orders', client: 'acme' } });
    expect(await call('/invoices')).toEqual({
      status: 403,
      body: { error: 'insufficient_scope', error_description: 'needs role invoices:read' },
    });
  });

  it('usage reads the login events under /auth', () => {
    const report = npmRun(['usage', '--env', ENV, '--json']);
    expect(outcome(report, 0)).toEqual({ code: 0, tail: '' });
    const [secure] = JSON.parse(report.stdout) as {
      environment: string;
      realm: string;
      customers: { clientId: string; tokens7d: number }[];
    }[];
    expect({ environment: secure.environment, realm: secure.realm }).toEqual({ environment: ENV, realm: REALM });
    expect(secure.customers.map((c) => c.clientId)).toEqual(['acme']);
    // the token of the test before is counted: the events were read from this Keycloak
    expect(secure.customers[0].tokens7d).toBeGreaterThanOrEqual(1);
  });

  it('adopts a machine client made by hand, its secret unchanged', async () => {
    const token = await adminToken();
    const admin = keycloakEndpoints(BASE);
    const created = await request(admin.admin(`/${REALM}/clients`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'hand-made',
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
      }),
    });
    expect(created.status).toBe(201);
    const { id: uuid } = await findClient(token, 'hand-made');
    const secretBefore = JSON.parse(
      (await request(admin.admin(`/${REALM}/clients/${uuid}/client-secret`), { headers: { authorization: `Bearer ${token}` } })).body,
    ).value;
    project.writeCustomer('hand-made', { roles: ['orders:read'] });
    const adopted = npmRun(['adopt', '--env', ENV, 'hand-made']);
    expect(outcome(adopted, 0)).toEqual({ code: 0, tail: '' });
    expect(adopted.out).toContain('importing hand-made (its secret is read, not changed)');
    // the state has it: a deploy converges it instead of refusing a client it did not create
    expect(outcome(npmRun(['deploy', '--env', ENV, '--part', 'customers']), 0)).toEqual({ code: 0, tail: '' });
    const secretAfter = JSON.parse(
      (
        await request(admin.admin(`/${REALM}/clients/${uuid}/client-secret`), {
          headers: { authorization: `Bearer ${await adminToken()}` },
        })
      ).body,
    ).value;
    expect(secretAfter).toBe(secretBefore);
  });

  async function findClient(token: string, clientId: string): Promise<{ id: string }> {
    const res = await request(keycloakEndpoints(BASE).admin(`/${REALM}/clients?clientId=${clientId}`), {
      headers: { authorization: `Bearer ${token}` },
    });
    return (JSON.parse(res.body) as { id: string; clientId: string }[]).find((c) => c.clientId === clientId)!;
  }

  it("the provisioning identity's private_key_jwt login under /auth: a customers plan as the pipeline runs it", () => {
    const handed = npmRun(['credentials', 'api-keys-provisioner', '--env', ENV, '--reveal']);
    expect(outcome(handed, 0)).toEqual({ code: 0, tail: '' });
    const key = JSON.parse(handed.stdout).private_key as string;
    const pipeline = {
      KEYCLOAK_USER: '',
      KEYCLOAK_PASSWORD: '',
      KEYCLOAK_REALM: REALM,
      KEYCLOAK_CLIENT_ID: 'api-keys-provisioner',
      KEYCLOAK_JWT_SIGNING_KEY: key,
    };
    const plan = npmRun(['plan', '--env', ENV, '--part', 'customers', '--out', path.join(work, 'reports')], pipeline);
    expect(outcome(plan, 0)).toEqual({ code: 0, tail: '' });
  });

  it("without caCertificate, the engine's provider is refused too, and the error names the environment and the fix", () => {
    environments(false);
    try {
      // No Node.js call before the engine: every customer is in state and the bulk check is off.
      const refused = npmRun(['plan', '--env', ENV, '--part', 'customers', '--out', path.join(work, 'reports')], {
        APIKEYS_FAST_CHECK: '0',
      });
      expect(outcome(refused, 1)).toEqual({ code: 1, tail: '' });
      expect(refused.out).toMatch(
        new RegExp(
          `Environment "${ENV}": \\S+ plan \\(the keycloak provider\\) refused the TLS certificate of Keycloak at ${BASE.replace(/[.]/g, '\\.')} \\(.*x509: certificate signed by unknown authority\\)`,
        ),
      );
      expect(refused.out).toContain(`add \`caCertificate: <PEM file of that CA>\` to environment "${ENV}" in environments.yaml`);
    } finally {
      environments(true);
    }
  });
});
