/**
 * The one builder of throw-away project files for every test: a temp directory with a
 * platform.yaml, optionally an environments.yaml, and a customers/ directory. The unit
 * tests load and synthesize it (__tests__/unit/helpers.ts); the integration harness adds a
 * realm of its own, the admin API and deploys on top (__tests__/integration/support/harness.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

/** File content: a string is written as is (to test YAML itself), anything else as YAML. */
export type Content = string | Record<string, unknown> | unknown[];

/** A customer file's fields as data; `name` and `contact` get defaults from the client id. */
export interface CustomerSpec {
  name?: string;
  contact?: string;
  description?: string;
  enabled?: boolean;
  roles?: string[];
  accessTokenLifespan?: number;
  [field: string]: unknown;
}

export interface ProjectSpec {
  /** platform.yaml; `null` leaves it out. */
  readonly platform: Content | null;
  /** customers/<file name> -> content; `null` leaves the customers/ directory out. @default {} */
  readonly customers?: Record<string, Content> | null;
  /** environments.yaml; left out (the built-in `local` environment) unless given. */
  readonly environments?: Content;
}

const created: string[] = [];

/** A temp directory that removeTempDirs() deletes. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `apikeys-${label}-`));
  created.push(dir);
  return dir;
}

/** Deletes every temp directory made so far (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

function toText(content: Content): string {
  return typeof content === 'string' ? content : stringify(content);
}

const CUSTOMER_FILE = /\.ya?ml$/;

export class ProjectFiles {
  constructor(
    readonly root: string,
    spec: ProjectSpec,
  ) {
    if (spec.platform !== null) this.write('platform.yaml', spec.platform);
    if (spec.environments !== undefined) this.write('environments.yaml', spec.environments);
    if (spec.customers !== null) {
      fs.mkdirSync(this.path('customers'), { recursive: true });
      for (const [name, content] of Object.entries(spec.customers ?? {})) this.customer(name, content);
    }
  }

  path(rel: string): string {
    return path.join(this.root, rel);
  }

  write(rel: string, content: Content): this {
    fs.mkdirSync(path.dirname(this.path(rel)), { recursive: true });
    fs.writeFileSync(this.path(rel), toText(content));
    return this;
  }

  read(rel: string): string {
    return fs.readFileSync(this.path(rel), 'utf8');
  }

  /** Writes customers/<fileName> as given. */
  customer(fileName: string, content: Content): this {
    return this.write(path.join('customers', fileName), content);
  }

  /** Writes customers/<clientId>.yaml from fields, with a name and a contact unless the spec has them. */
  writeCustomer(clientId: string, spec: CustomerSpec = {}): this {
    return this.customer(`${clientId}.yaml`, { name: `Customer ${clientId}`, contact: `ops@${clientId}.example`, ...spec });
  }

  removeCustomer(clientId: string): this {
    fs.rmSync(this.path(path.join('customers', `${clientId}.yaml`)));
    return this;
  }

  /** Makes customers/ hold exactly these customers: writes each, deletes every other customer file. */
  setCustomers(customers: Record<string, CustomerSpec>): this {
    for (const f of fs.readdirSync(this.path('customers'))) {
      if (CUSTOMER_FILE.test(f) && !(f.replace(CUSTOMER_FILE, '') in customers)) fs.rmSync(this.path(path.join('customers', f)));
    }
    for (const [id, spec] of Object.entries(customers)) this.writeCustomer(id, spec);
    return this;
  }

  /** The client ids of the customer files, sorted. */
  customerIds(): string[] {
    return fs
      .readdirSync(this.path('customers'))
      .filter((f) => CUSTOMER_FILE.test(f))
      .map((f) => f.replace(CUSTOMER_FILE, ''))
      .sort();
  }
}
