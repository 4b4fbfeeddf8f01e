/**
 * A production-shaped Keycloak on loopback, as a company runs it: `kc.sh build` + `kc.sh start
 * --optimized` from the pinned distribution, PostgreSQL, HTTPS only with a certificate from a CA
 * the test makes (no public CA, nothing in the system trust store), `/auth` as relative path,
 * client certificates requested (mTLS customers) and trusted from a second CA, and TWO nodes
 * sharing the database, clustered through Keycloak's default `jdbc-ping` stack. The first node
 * is where the project deploys; the second is where customers ask for tokens.
 *
 * Everything lives in one temp directory and in processes this module started; `stop()` ends
 * them (SIGTERM to each node's process group, SIGKILL after a grace period) and deletes it,
 * and an exit hook kills whatever is left should the test process end first.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { paths, toolchain } from '../../../config/paths';
import { inheritedEnvironment } from '../../../config/settings';
import { ensureKeycloak, requireJava } from '../../../toolchain/provision';
import { Postgres, startPostgres } from './postgres';

/** A TLS client identity: PEM certificate and key. */
export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
}

/** The certificates the test makes. */
export interface TestPki {
  /** The server CA (PEM) and the file it is in: what the project's environment names as `caCertificate`. */
  readonly caPem: string;
  readonly caFile: string;
  /** The server's certificate and key files (for `localhost` and 127.0.0.1). */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** The CA the servers trust for client certificates (PEM file). */
  readonly clientCaFile: string;
  /** A client certificate from that CA, and its subject DN (RFC 4514). */
  readonly client: TlsIdentity;
  readonly clientSubjectDn: string;
  /** A client certificate with the same subject DN from a CA nobody trusts. */
  readonly strangerClient: TlsIdentity;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A self-signed CA in `dir`: `<name>.pem`, `<name>.key`. */
function makeCa(dir: string, name: string, subject: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/** A leaf certificate `<name>.pem`/`<name>.key` in `dir`, signed by the CA `<ca>.pem`. */
function makeLeaf(dir: string, name: string, ca: string, subject: string, extensions: string[]): void {
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ['basicConstraints=CA:FALSE', ...extensions].join('\n') + '\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** The server CA and certificate, the client CA, a trusted client certificate and an untrusted one. */
export function makeTestPki(dir: string): TestPki {
  fs.mkdirSync(dir, { recursive: true });
  makeCa(dir, 'server-ca', '/O=API Keys Test/CN=API Keys Test Server CA');
  makeLeaf(dir, 'server', 'server-ca', '/CN=localhost', [
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
  ]);
  makeCa(dir, 'client-ca', '/O=API Keys Test/CN=API Keys Test Client CA');
  const clientSubject = '/C=DE/O=Acme Corp/CN=atlas-mtls-client';
  const clientExt = ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'];
  makeLeaf(dir, 'client', 'client-ca', clientSubject, clientExt);
  makeCa(dir, 'stranger-ca', '/O=Somebody Else/CN=Untrusted CA');
  makeLeaf(dir, 'stranger', 'stranger-ca', clientSubject, clientExt);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return {
    caPem: read('server-ca.pem'),
    caFile: path.join(dir, 'server-ca.pem'),
    serverCertFile: path.join(dir, 'server.pem'),
    serverKeyFile: path.join(dir, 'server.key'),
    clientCaFile: path.join(dir, 'client-ca.pem'),
    client: { cert: read('client.pem'), key: read('client.key') },
    clientSubjectDn: 'CN=atlas-mtls-client,O=Acme Corp,C=DE',
    strangerClient: { cert: read('stranger.pem'), key: read('stranger.key') },
  };
}

export interface HttpsAnswer {
  readonly status: number;
  readonly text: string;
  /** The body parsed as JSON, or undefined. */
  readonly json: any;
}

export interface HttpsOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A string is sent as is; URLSearchParams as a form; anything else as JSON. */
  readonly body?: unknown;
  /** The CA that signed the server's certificate (PEM). */
  readonly ca: string;
  /** A client certificate to present. */
  readonly client?: TlsIdentity;
}

/** One HTTPS request with Node's own TLS (this process does not trust the test CA otherwise). */
export function httpsRequest(url: string, options: HttpsOptions): Promise<HttpsAnswer> {
  let body: string | undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (options.body instanceof URLSearchParams) {
    body = options.body.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        ca: options.ca,
        cert: options.client?.cert,
        key: options.client?.key,
        // a fresh connection per request: a client certificate must not ride on a pooled one
        agent: false,
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in 60 s`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** One Keycloak node of the cluster. */
export interface KeycloakNode {
  readonly name: string;
  /** `https://localhost:<port>/auth`: what an environment's `keycloak` names. */
  readonly url: string;
  readonly port: number;
  readonly managementPort: number;
  readonly clusterPort: number;
  readonly log: string;
}

/** The ports of one node: HTTPS, management (health, plain HTTP on loopback), cluster transport. */
export interface NodePorts {
  readonly https: number;
  readonly management: number;
  readonly cluster: number;
}

export interface ProductionKeycloakOptions {
  /** PostgreSQL's port on 127.0.0.1. */
  readonly postgresPort: number;
  /** The two nodes' ports. */
  readonly nodes: readonly [NodePorts, NodePorts];
  /** Maximum Java heap of each node. @default "600m" */
  readonly heap?: string;
  /** Seconds to wait for the build, and for each node to be ready. @default 420 */
  readonly timeoutSeconds?: number;
}

const RUNNING = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills a process group we started (the node's shell and its Java), ignoring one that is gone. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of RUNNING) if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
  });
}

function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return '(no log)';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to its end, with a timeout after which its whole process group is killed. */
function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, seconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    RUNNING.add(child);
    const timer = setTimeout(() => {
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    }, seconds * 1000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      RUNNING.delete(child);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${path.basename(command)} ${args[0]} ended with ${signal ?? `exit code ${code}`}. Last lines of ${logFile}:\n${tail(logFile)}`,
          ),
        );
    });
  });
}

export class ProductionKeycloak {
  readonly adminUser = 'admin';
  readonly adminPassword = `Adm1n-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
  readonly nodes: KeycloakNode[] = [];
  pki!: TestPki;
  private pg?: Postgres;
  private readonly children = new Map<string, ChildProcess>();
  private adminToken?: { node: string; value: string; expires: number };

  private constructor(
    readonly dir: string,
    private readonly options: ProductionKeycloakOptions,
  ) {}

  /**
   * Starts PostgreSQL, makes the certificates, builds the distribution and starts both nodes
   * (the second once the first is ready: one schema migration at a time). On any failure,
   * whatever was started is stopped again before the error is thrown.
   */
  static async start(options: ProductionKeycloakOptions): Promise<ProductionKeycloak> {
    installExitHook();
    const kc = new ProductionKeycloak(fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-prod-kc-')), options);
    try {
      await kc.startAll();
      return kc;
    } catch (err) {
      await kc.stop();
      throw err;
    }
  }

  private get timeoutSeconds(): number {
    return this.options.timeoutSeconds ?? 420;
  }

  private javaEnv(): NodeJS.ProcessEnv {
    const javaHome = requireJava();
    const env: NodeJS.ProcessEnv = {
      ...inheritedEnvironment(),
      ...(javaHome ? { JAVA_HOME: javaHome } : {}),
      JAVA_OPTS_KC_HEAP: `-Xms64m -Xmx${this.options.heap ?? '600m'}`,
      KC_BOOTSTRAP_ADMIN_USERNAME: this.adminUser,
      KC_BOOTSTRAP_ADMIN_PASSWORD: this.adminPassword,
      KC_DB_PASSWORD: this.pg?.password ?? '',
    };
    // Keycloak's trust comes from its own options only
    delete env.SSL_CERT_FILE;
    delete env.NODE_EXTRA_CA_CERTS;
    return env;
  }

  private async startAll(): Promise<void> {
    this.pki = makeTestPki(path.join(this.dir, 'pki'));
    this.pg = await startPostgres({ port: this.options.postgresPort, databases: ['keycloak'] });
    // the pinned version (toolchain.json), whatever the local Keycloak runs; `kc.sh build`
    // rewrites the distribution, so each node gets a copy of the cached one
    const version = toolchain.keycloak.version;
    await ensureKeycloak(version);
    const home1 = path.join(this.dir, 'node1');
    execFileSync('cp', ['-a', paths.keycloakHome(version), home1]);
    await runToEnd(
      path.join(home1, 'bin', 'kc.sh'),
      [
        'build',
        '--db=postgres',
        '--features=client-secret-rotation',
        '--http-relative-path=/auth',
        '--health-enabled=true',
        // a build-time option in 26.x: client certificates are asked for, never required
        '--https-client-auth=request',
      ],
      this.javaEnv(),
      path.join(this.dir, 'build.log'),
      this.timeoutSeconds,
    );
    const home2 = path.join(this.dir, 'node2');
    execFileSync('cp', ['-a', home1, home2]);
    for (const [i, home] of [home1, home2].entries()) {
      const node = await this.startNode(`node${i + 1}`, home, this.options.nodes[i]);
      this.nodes.push(node);
    }
  }

  private async startNode(name: string, home: string, ports: NodePorts): Promise<KeycloakNode> {
    const url = `https://localhost:${ports.https}/auth`;
    const log = path.join(this.dir, `${name}.log`);
    const args = [
      'start',
      '--optimized',
      `--db-url=jdbc:postgresql://127.0.0.1:${this.pg!.port}/keycloak`,
      `--db-username=${this.pg!.user}`,
      '--http-enabled=false',
      '--http-host=127.0.0.1',
      `--https-port=${ports.https}`,
      `--https-certificate-file=${this.pki.serverCertFile}`,
      `--https-certificate-key-file=${this.pki.serverKeyFile}`,
      `--hostname=${url}`,
      `--truststore-paths=${this.pki.clientCaFile}`,
      `--http-management-port=${ports.management}`,
      '--http-management-scheme=http',
      '--cache-embedded-network-bind-address=127.0.0.1',
      `--cache-embedded-network-bind-port=${ports.cluster}`,
      '--http-access-log-enabled=true',
    ];
    const out = fs.openSync(log, 'a');
    const child = spawn(path.join(home, 'bin', 'kc.sh'), args, { env: this.javaEnv(), detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    if (child.pid === undefined) throw new Error(`${name}: kc.sh could not be started`);
    RUNNING.add(child);
    this.children.set(name, child);
    let exited: string | undefined;
    child.on('exit', (code, signal) => {
      exited = signal ?? `exit code ${code}`;
      RUNNING.delete(child);
    });
    const deadline = Date.now() + this.timeoutSeconds * 1000;
    for (;;) {
      if (exited) throw new Error(`${name} ended (${exited}) before it was ready. Last lines of ${log}:\n${tail(log)}`);
      if (await this.ready(ports.management)) break;
      if (Date.now() > deadline) throw new Error(`${name} not ready after ${this.timeoutSeconds} s. Last lines of ${log}:\n${tail(log)}`);
      await sleep(1000);
    }
    return { name, url, port: ports.https, managementPort: ports.management, clusterPort: ports.cluster, log };
  }

  private async ready(managementPort: number): Promise<boolean> {
    for (const p of ['/auth/health/ready', '/health/ready']) {
      try {
        const res = await fetch(`http://127.0.0.1:${managementPort}${p}`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return true;
      } catch {
        // not listening yet
      }
    }
    return false;
  }

  /** The nodes' logs, for a failing test to show. */
  logTails(lines = 30): string {
    return this.nodes.map((n) => `--- ${n.name} (${n.log})\n${tail(n.log, lines)}`).join('\n');
  }

  /** One HTTPS request to a node, trusting the test CA. */
  request(url: string, options: Omit<HttpsOptions, 'ca'> = {}): Promise<HttpsAnswer> {
    return httpsRequest(url, { ...options, ca: this.pki.caPem });
  }

  /** An admin API request (`path` relative to `/admin/realms`) as the bootstrap admin, through `node`. */
  async admin(node: KeycloakNode, method: string, apiPath: string, body?: unknown): Promise<HttpsAnswer> {
    if (!this.adminToken || this.adminToken.node !== node.name || this.adminToken.expires < Date.now() + 5000) {
      const res = await this.request(`${node.url}/realms/master/protocol/openid-connect/token`, {
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'admin-cli',
          username: this.adminUser,
          password: this.adminPassword,
        }),
      });
      if (res.status !== 200) throw new Error(`admin login at ${node.name}: HTTP ${res.status} ${res.text}`);
      this.adminToken = { node: node.name, value: res.json.access_token, expires: Date.now() + res.json.expires_in * 1000 };
    }
    return this.request(`${node.url}/admin/realms${apiPath}`, {
      method,
      body,
      headers: { authorization: `Bearer ${this.adminToken.value}` },
    });
  }

  /** An admin API read that must succeed. */
  async adminGet<T = any>(node: KeycloakNode, apiPath: string): Promise<T> {
    const res = await this.admin(node, 'GET', apiPath);
    if (res.status !== 200) throw new Error(`GET ${apiPath} at ${node.name}: HTTP ${res.status} ${res.text}`);
    return res.json as T;
  }

  /** Stops both nodes and PostgreSQL and deletes everything; safe to call twice or after a failed start. */
  async stop(): Promise<void> {
    const children = [...this.children.values()];
    for (const c of children) if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) killGroup(c.pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(250);
    for (const c of children) if (c.pid !== undefined) killGroup(c.pid, 'SIGKILL');
    this.children.clear();
    try {
      this.pg?.stop();
    } finally {
      this.pg = undefined;
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** The company's realm as the suite seeds it (names the assertions use). */
export const COMPANY = {
  realm: 'atlas',
  frontend: 'frontend',
  backend: 'backend',
  backendRoles: ['admin:all', 'orders:read', 'orders:write'],
  user: 'alice',
  /** The realm's own event settings, made by hand. */
  events: {
    eventsEnabled: true,
    eventsListeners: ['jboss-logging'],
    enabledEventTypes: ['LOGIN', 'LOGIN_ERROR', 'LOGOUT'],
    eventsExpiration: 30 * 24 * 3600,
    adminEventsEnabled: true,
    adminEventsDetailsEnabled: true,
  },
} as const;

/**
 * Seeds, as a company's administrator would by hand through node 1's admin API, the realm
 * `atlas`: a public login client `frontend`, a confidential `backend` with three client roles
 * (one of them outside the project's catalog), a user, and its own event settings. Fine-grained
 * admin permissions stay off, as in any realm made by hand.
 */
export async function seedCompanyRealm(kc: ProductionKeycloak): Promise<void> {
  const node = kc.nodes[0];
  const must = async (what: string, res: Promise<HttpsAnswer>, ok: number[]) => {
    const r = await res;
    if (!ok.includes(r.status)) throw new Error(`seeding ${what}: HTTP ${r.status} ${r.text}`);
  };
  const r = `/${COMPANY.realm}`;
  await must('the realm', kc.admin(node, 'POST', '', { realm: COMPANY.realm, enabled: true, displayName: 'Atlas Corp' }), [201]);
  await must('the event settings', kc.admin(node, 'PUT', `${r}/events/config`, COMPANY.events), [204]);
  await must(
    'frontend',
    kc.admin(node, 'POST', `${r}/clients`, {
      clientId: COMPANY.frontend,
      name: 'Atlas web app',
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      redirectUris: ['https://app.atlas.example/*'],
      webOrigins: ['https://app.atlas.example'],
    }),
    [201],
  );
  await must(
    'backend',
    kc.admin(node, 'POST', `${r}/clients`, {
      clientId: COMPANY.backend,
      name: 'Atlas orders backend',
      description: 'Made by hand; owned by the backend team.',
      publicClient: false,
      secret: 'backend-own-secret-0123456789',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      attributes: { 'access.token.lifespan': '600' },
    }),
    [201],
  );
  const backend = (await kc.adminGet<{ id: string }[]>(node, `${r}/clients?clientId=${COMPANY.backend}`))[0];
  for (const role of COMPANY.backendRoles)
    await must(
      `role ${role}`,
      kc.admin(node, 'POST', `${r}/clients/${backend.id}/roles`, { name: role, description: `made by hand: ${role}` }),
      [201],
    );
  await must(
    'the user',
    kc.admin(node, 'POST', `${r}/users`, {
      username: COMPANY.user,
      email: 'alice@atlas.example',
      firstName: 'Alice',
      lastName: 'Atlas',
      enabled: true,
      emailVerified: true,
      credentials: [{ type: 'password', value: 'alice-Password-1', temporary: false }],
    }),
    [201],
  );
}
