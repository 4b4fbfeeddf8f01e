/**
 * A throw-away copy of the project for one integration test file: its own realm in the
 * local Keycloak, its own customers/ directory (from the shared project builder), state and
 * synthesized output. Everything runs through the same code as the real commands, against
 * the real engine and Keycloak. Each test states its own starting point with `given()`,
 * so the tests of a file pass in any order.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { KeyLike, SignJWT } from 'jose';
import * as os from 'os';
import * as path from 'path';
import { AdminApi, adminLogin } from '../../../engine/admin-api';
import { localSettings, localUrl } from '../../../config/local-keycloak';
import { keycloakEndpoints } from '../../../model/keycloak-url';
import { projectRoot } from '../../../config/paths';
import { PARTS } from '../../../stacks/target';
import { defaultRunContext, init, plan, synth, RunContext } from '../../../engine/steps';
import { credentials } from '../../../engine/credentials';
import { deploy, DeployResult } from '../../../engine/deploy';
import { describeGated, labelled, toolchainMissing } from '../../support/gates';
import { CustomerSpec, ProjectFiles } from '../../support/project-files';

/**
 * Runs the suite when the toolchain is there (see global-setup.ts); otherwise skips it as
 * "NOT RUN: <reason>", or fails it under APIKEYS_REQUIRE_INTEGRATION=1 (__tests__/support/gates.ts).
 * Every suite's name ends with the Keycloak version it runs against (APIKEYS_KEYCLOAK_VERSION),
 * e.g. "tokens [Keycloak 26.4.7]".
 */
export const describeIntegration: jest.Describe = labelled(
  describeGated('toolchain', toolchainMissing()),
  `Keycloak ${localSettings().version}`,
);

export type { CustomerSpec } from '../../support/project-files';

/** The repository's platform.yaml with the realm renamed: each test file gets a realm of its own. */
function platformFor(realm: string): string {
  const platform = fs.readFileSync(path.join(projectRoot, 'platform.yaml'), 'utf8').replace(/^ {2}name: partners$/m, `  name: ${realm}`);
  if (!platform.includes(realm)) throw new Error('platform.yaml no longer has "  name: partners"; update the test harness');
  return platform;
}

/** The repository's example customers/ files, by file name. */
function exampleCustomers(): Record<string, string> {
  const dir = path.join(projectRoot, 'customers');
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** The removal-guard refusals (engine/removal-guard.ts), which name the count that confirms them. */
const REMOVAL_REFUSED =
  /(?:the plan removes \d+ of \d+ customers|no customer file targets this environment, but its state holds \d+ customer).*--confirm-removal (\d+)/s;

/**
 * Project files (the shared builder) in a realm of their own in the local Keycloak, with
 * the admin API and the deploy helpers: one throw-away copy of the project per test file.
 */
export class TestProject extends ProjectFiles {
  readonly realm: string;
  readonly ws: RunContext;
  readonly admin: AdminApi;
  readonly url = localUrl();

  constructor(label: string, options: { copyExampleCustomers?: boolean } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `apikeys-${label}-`));
    const realm = `it-${label}-${path.basename(dir).split('-').pop()!.toLowerCase()}`;
    super(dir, { platform: platformFor(realm), customers: options.copyExampleCustomers ? exampleCustomers() : {} });
    this.realm = realm;
    this.ws = defaultRunContext({
      root: this.dir,
      outdir: path.join(this.dir, 'cdktf.out'),
      quiet: true,
      env: { APIKEYS_STATE_DIR: path.join(this.dir, 'state'), KEYCLOAK_URL: '', APIKEYS_REALM: '' },
    });
    this.admin = new AdminApi(adminLogin(this.ws.settings, { local: true, environment: 'local', keycloakUrl: this.url }));
  }

  /** The project's directory (the builder's root). */
  get dir(): string {
    return this.root;
  }

  /**
   * A test's precondition: customers/ holds exactly `customers`, deployed and converged.
   * Deploys (with `ws`, the project's own by default) until a deploy changes nothing, so
   * whatever an earlier test left (other customers, hand-made drift, the `service_account`
   * scope Keycloak re-attaches after a client update) is repaired first. When everything is
   * already there this is one no-change deploy. Removals the guard refuses are confirmed
   * with the count the refusal names: setting up a test is the intended removal.
   */
  async given(customers: Record<string, CustomerSpec>, ws: RunContext = this.ws): Promise<void> {
    this.setCustomers(customers);
    await this.converge(ws);
  }

  /** Deploys customers/ as it is until a deploy changes nothing (see given()). */
  async converge(ws: RunContext = this.ws): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (!(await this.deployConfirmingRemovals(ws)).changed) return;
    }
    throw new Error(`${this.realm}: customers/ (${this.customerIds().join(', ')}) did not converge in 3 deploys`);
  }

  /** True when the realm exists in Keycloak (something deployed it). */
  async realmExists(): Promise<boolean> {
    const { status } = await this.admin.request('GET', `/${this.realm}`);
    if (status !== 200 && status !== 404) throw new Error(`GET /${this.realm}: ${status}`);
    return status === 200;
  }

  /** Back to nothing deployed: deletes the realm and the local state. */
  async reset(): Promise<void> {
    if (await this.realmExists()) await this.deleteRealm();
    fs.rmSync(path.join(this.dir, 'state'), { recursive: true, force: true });
  }

  private async deployConfirmingRemovals(ws: RunContext): Promise<DeployResult> {
    try {
      return await deploy(ws);
    } catch (err) {
      const refused = REMOVAL_REFUSED.exec((err as Error).message);
      if (!refused) throw err;
      return deploy(ws, { confirmRemoval: Number(refused[1]) });
    }
  }

  get tokenEndpoint(): string {
    return keycloakEndpoints(this.url).token(this.realm);
  }

  async client(clientId: string): Promise<Record<string, any>> {
    const c = await this.admin.findClient(this.realm, clientId);
    if (!c) throw new Error(`client ${clientId} not found in realm ${this.realm}`);
    return c;
  }

  /** Drift made by hand, as in the admin console: gives `owner`'s role `role` to `customer`'s service account. */
  async giveClientRoleByHand(customer: string, owner: string, role: string): Promise<void> {
    const realm = `/${this.realm}`;
    const [account, client] = await Promise.all([this.client(customer), this.client(owner)]);
    const sa = await this.admin.get<{ id: string }>(`${realm}/clients/${account.id}/service-account-user`);
    const rep = await this.admin.get(`${realm}/clients/${client.id}/roles/${encodeURIComponent(role)}`);
    expect((await this.admin.request('POST', `${realm}/users/${sa.id}/role-mappings/clients/${client.id}`, [rep])).status).toBe(204);
  }

  /**
   * What a pipeline holding only one identity's credentials runs with (the provisioner's or
   * the read-only identity's, both clients of the realm): the private key as
   * `npm run credentials -- <identity> --reveal` hands it over, a run context for the
   * customers stack with `KEYCLOAK_CLIENT_ID` and `KEYCLOAK_JWT_SIGNING_KEY`, and the admin API
   * as that identity.
   */
  async pipelineIdentity(clientId: string): Promise<{ ctx: RunContext; api: AdminApi; privateKey: string }> {
    const handed = await credentials(this.ws, clientId, { reveal: true });
    const privateKey = String(handed.private_key);
    const env = {
      ...this.ws.env,
      KEYCLOAK_REALM: this.realm,
      KEYCLOAK_CLIENT_ID: clientId,
      KEYCLOAK_JWT_SIGNING_KEY: privateKey,
      KEYCLOAK_CLIENT_SECRET: '',
      KEYCLOAK_USER: '',
      KEYCLOAK_PASSWORD: '',
    };
    return {
      ctx: defaultRunContext({ ...this.ws, part: 'customers', env }),
      api: new AdminApi({ url: this.url, loginRealm: this.realm, clientId, jwtSigningKey: privateKey }),
      privateKey,
    };
  }

  /**
   * A pipeline identity (see pipelineIdentity) as a pipeline finds it: after an administrator
   * deployed the platform part, which creates the identities. Deploys the platform part once
   * per project (again only after reset()).
   */
  async pipelineAfterPlatformDeploy(clientId: string): Promise<{ ctx: RunContext; api: AdminApi; privateKey: string }> {
    if (!this.platformDeployed || !(await this.realmExists())) {
      await deploy({ ...this.ws, part: 'platform' });
      this.platformDeployed = true;
    }
    return this.pipelineIdentity(clientId);
  }
  private platformDeployed = false;

  async secret(clientId: string): Promise<string> {
    return this.admin.clientSecret(this.realm, (await this.client(clientId)).id);
  }

  /** The client-credentials grant with HTTP Basic, as a customer's application sends it. */
  async token(clientId: string, secret: string, extra: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(this.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...extra }),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  /**
   * A `private_key_jwt` client assertion for `clientId`, signed with `key` (RS256; `kid` when the
   * client's keys come from a JWKS), for this realm's token endpoint, valid for 60 s, used once.
   */
  assertion(clientId: string, key: KeyLike, kid?: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', ...(kid ? { kid } : {}) })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(keycloakEndpoints(this.url).realm(this.realm))
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(key);
  }

  /** The client-credentials grant with a client assertion (`private_key_jwt`), as such a customer sends it. */
  async tokenWithAssertion(clientId: string, jwt: string): Promise<{ status: number; body: Record<string, any> }> {
    const res = await fetch(this.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: jwt,
      }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  }

  /**
   * A client made by hand, as in the admin console: confidential, with a service account, plus
   * `fields` (an admin-API client representation). Returns its secret.
   */
  async clientByHand(clientId: string, fields: Record<string, unknown> = {}): Promise<string> {
    // A machine client (a login client is never adopted: shared-realm.test.ts); the console's
    // defaults would switch the browser flow on.
    const created = await this.admin.request('POST', `/${this.realm}/clients`, {
      clientId,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      ...fields,
    });
    if (created.status !== 201) throw new Error(`creating client ${clientId} by hand: ${created.status} ${JSON.stringify(created.data)}`);
    return this.secret(clientId);
  }

  async deleteRealm(): Promise<void> {
    await this.admin.request('DELETE', `/${this.realm}`);
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** True when the engine plans no change for any stack of the run context (detailed exit code 0). */
export async function planIsEmpty(ws: RunContext): Promise<boolean> {
  for (const part of ws.part ? [ws.part] : PARTS) {
    const s = synth({ ...ws, part });
    await init(s.ctx, s.target);
    if (await plan(s.ctx)) return false;
  }
  return true;
}

/** The claims of a JWT, without verifying it (verification is tested separately with jose). */
export function claims(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * Asserts a token's lifespan. Keycloak reads its clock once for `iat` and again for `exp`, so
 * `exp - iat` is the lifespan, or one second more when a second boundary passes in between
 * (seen on a loaded machine); anything else is a wrong lifespan.
 */
export function expectLifespan(token: { exp?: number; iat?: number }, seconds: number): void {
  expect([seconds, seconds + 1]).toContain(token.exp! - token.iat!);
}

/** Waits `ms` milliseconds (for polling something a test waits on, never as the thing tested). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `f` with this process's stderr (where the commands log progress) captured instead of
 * printed; returns what `f` returned, or threw, with the text written meanwhile.
 */
export async function captureStderr<T>(f: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stderr: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const [result] = await Promise.allSettled([f()]);
    return { result, stderr: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** A process of ours seen in /proc. */
export interface OurProcess {
  pid: number;
  ppid: number;
  cmdline: string[];
}

/** Every process (of any parent) whose working directory is `dir`. */
export function processesIn(dir: string): OurProcess[] {
  const out: OurProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) !== dir) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(entry), ppid, cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0') });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

/**
 * Sends SIGKILL to the engine running `command` (plan, apply) for the stack in `dir`, a child of
 * this test process, as soon as `ready` holds; polls every 100 ms for at most `seconds`.
 * False when it never found both.
 */
export async function killEngineWhen(dir: string, command: string, ready: () => Promise<boolean>, seconds = 120): Promise<boolean> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    const engine = processesIn(dir).find((x) => x.ppid === process.pid && x.cmdline.includes(command));
    if (engine && (await ready())) {
      process.kill(engine.pid, 'SIGKILL');
      return true;
    }
    await sleep(100);
  }
  return false;
}

/** Waits (polling every `everyMs`) until `done` holds; throws with `what` after `seconds`. */
export async function waitFor(what: string, done: () => boolean | Promise<boolean>, seconds = 120, everyMs = 200): Promise<void> {
  for (const end = Date.now() + seconds * 1000; ; await sleep(everyMs)) {
    if (await done()) return;
    if (Date.now() > end) throw new Error(`waited ${seconds} s for ${what}`);
  }
}
