/**
 * A throw-away copy of the project for one integration test file: its own realm in the
 * local Keycloak, its own customers/ directory, state and synthesized output. Everything
 * runs through the same code as the real commands, against the real engine and Keycloak.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AdminApi, adminLogin } from '../../../engine/admin-api';
import { localUrl } from '../../../config/local-keycloak';
import { projectRoot } from '../../../config/paths';
import { PARTS } from '../../../stacks/target';
import { defaultRunContext, init, plan, synth, RunContext } from '../../../engine/steps';

/**
 * `describe` when nothing is missing; otherwise a skipped suite whose name says what is
 * missing ("NOT RUN: <reason>"), so a skip is never mistaken for a pass.
 */
export function describeUnless(missing: string | undefined): jest.Describe {
  if (!missing) return describe;
  return ((name: string) =>
    describe.skip(`${name} (NOT RUN: ${missing.split('\n')[0]})`, () => {
      it('needs what is missing', () => undefined);
    })) as unknown as jest.Describe;
}

/** Runs the suite when the toolchain is there (see global-setup.ts). */
export const describeIntegration: jest.Describe = describeUnless(process.env.APIKEYS_INTEGRATION_UNAVAILABLE);

export interface CustomerSpec {
  name?: string;
  contact?: string;
  description?: string;
  enabled?: boolean;
  roles?: string[];
  accessTokenLifespan?: number;
}

export class TestProject {
  readonly dir: string;
  readonly realm: string;
  readonly ws: RunContext;
  readonly admin: AdminApi;
  readonly url = localUrl();

  constructor(label: string, options: { copyExampleCustomers?: boolean } = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `apikeys-${label}-`));
    this.realm = `it-${label}-${path.basename(this.dir).split('-').pop()!.toLowerCase()}`;
    const platform = fs
      .readFileSync(path.join(projectRoot, 'platform.yaml'), 'utf8')
      .replace(/^ {2}name: partners$/m, `  name: ${this.realm}`);
    if (!platform.includes(this.realm)) throw new Error('platform.yaml no longer has "  name: partners"; update the test harness');
    fs.writeFileSync(path.join(this.dir, 'platform.yaml'), platform);
    fs.mkdirSync(path.join(this.dir, 'customers'));
    if (options.copyExampleCustomers) {
      for (const f of fs.readdirSync(path.join(projectRoot, 'customers'))) {
        fs.copyFileSync(path.join(projectRoot, 'customers', f), path.join(this.dir, 'customers', f));
      }
    }
    this.ws = defaultRunContext({
      root: this.dir,
      outdir: path.join(this.dir, 'cdktf.out'),
      quiet: true,
      env: { APIKEYS_STATE_DIR: path.join(this.dir, 'state'), KEYCLOAK_URL: '', APIKEYS_REALM: '' },
    });
    this.admin = new AdminApi(adminLogin(this.ws.settings, { local: true, environment: 'local', keycloakUrl: this.url }));
  }

  get tokenEndpoint(): string {
    return `${this.url}/realms/${this.realm}/protocol/openid-connect/token`;
  }

  writeCustomer(clientId: string, spec: CustomerSpec = {}): void {
    const data = { name: spec.name ?? `Customer ${clientId}`, contact: spec.contact ?? `ops@${clientId}.example`, ...spec };
    fs.writeFileSync(path.join(this.dir, 'customers', `${clientId}.yaml`), stringify(data));
  }

  removeCustomer(clientId: string): void {
    fs.rmSync(path.join(this.dir, 'customers', `${clientId}.yaml`));
  }

  customerIds(): string[] {
    return fs
      .readdirSync(path.join(this.dir, 'customers'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -5))
      .sort();
  }

  async client(clientId: string): Promise<Record<string, any>> {
    const c = await this.admin.findClient(this.realm, clientId);
    if (!c) throw new Error(`client ${clientId} not found in realm ${this.realm}`);
    return c;
  }

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
