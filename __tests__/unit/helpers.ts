/**
 * Throw-away projects for unit tests: the shared project builder (../support/project-files.ts)
 * with the unit tests' platform, loaded and synthesized through the same code as the commands.
 */
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Content, ProjectFiles, removeTempDirs, tempDir as sharedTempDir } from '../support/project-files';
import { loadProject, Project } from '../../model/load';
import { formatProblem, ValidationError } from '../../model/problems';
import { buildApp, BuildOptions } from '../../stacks/app';
import { stackName } from '../../stacks/target';
import { readSettings, Settings } from '../../config/settings';

/** The stacks of the local environment, which synthProject builds. */
export const PLATFORM_STACK = stackName('local', 'platform');
export const CUSTOMERS_STACK = stackName('local', 'customers');

/** The platform used by most tests: three roles, a default lifespan that is not the built-in 300. */
export const PLATFORM = {
  realm: { name: 'partners', create: true, displayName: 'Partner API' },
  api: {
    clientId: 'orders-api',
    name: 'Orders API',
    description: 'The backend that third-party applications call.',
    roles: {
      'orders:read': 'Read orders and their status',
      'orders:write': 'Create, change and cancel orders',
      'invoices:read': 'Download invoices',
    },
  },
  audienceScope: { name: 'orders-api-audience' },
  defaults: { accessTokenLifespan: 600 },
};

/** The smallest valid customer file. */
export const VALID_CUSTOMER = 'name: Acme Corp\ncontact: api-team@acme.example\n';

export type { Content } from '../support/project-files';

export interface ProjectSpec {
  /** platform.yaml; `null` leaves it out. @default PLATFORM */
  readonly platform?: Content | null;
  /** customers/<name> -> content; `null` leaves the customers/ directory out. @default {} */
  readonly customers?: Record<string, Content> | null;
}

/** A temp directory that removeTempDirs() deletes. */
export function tempDir(label = 'unit'): string {
  return sharedTempDir(label);
}

export { removeTempDirs };

/** Project files (the shared builder) that unit tests load and synthesize. */
export class TestProject extends ProjectFiles {
  constructor(spec: ProjectSpec = {}) {
    super(sharedTempDir('project'), { platform: spec.platform === undefined ? PLATFORM : spec.platform, customers: spec.customers });
  }

  load(): Project {
    return loadProject({ root: this.root });
  }

  /** The formatted problem lines of the ValidationError that loading must throw. */
  problems(): string[] {
    return this.validationError().problems.map(formatProblem);
  }

  validationError(): ValidationError {
    try {
      this.load();
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
    throw new Error(`expected a ValidationError, but ${this.root} loaded without problems`);
  }

  /** Synthesizes both stacks of the local environment into a temp directory and returns their parsed cdk.tf.json. */
  synth(): Synth {
    return synthProject({ root: this.root });
  }
}

/** One synthesized stack (its cdk.tf.json). */
export interface SynthJson {
  '//': { metadata: { stackName: string; backend: string } };
  provider: Record<string, Record<string, unknown>[]>;
  /** Absent when the stack has no resources (e.g. a customers stack without customers). */
  resource?: Record<string, Record<string, Resource>>;
  data?: Record<string, Record<string, Resource>>;
  output?: Record<string, { value: unknown }>;
  terraform: Record<string, any>;
}

/** The two stacks of one environment: `platform` (realm, API, roles, audience scope, provisioner) and `customers`. */
export interface Synth {
  readonly platform: SynthJson;
  readonly customers: SynthJson;
}

export type Resource = Record<string, any> & { '//': { metadata: { path: string; uniqueId: string } } };

/** Environment the tests synthesize with: a remote Keycloak URL and state in the synth directory. */
function testEnv(outdir: string): NodeJS.ProcessEnv {
  return { KEYCLOAK_URL: 'https://keycloak.test', APIKEYS_STATE_DIR: path.join(outdir, 'state') };
}

/** Variables a test inherits from the run: the local Keycloak the tests use, and the cache. */
const INHERITED = ['APIKEYS_KEYCLOAK_PORT', 'APIKEYS_KEYCLOAK_MANAGEMENT_PORT', 'APIKEYS_CACHE_DIR'];

/** Settings for a test: exactly these variables, plus the run's local Keycloak port and cache directory. */
export function testSettings(env: NodeJS.ProcessEnv = {}): Settings {
  return readSettings({ ...Object.fromEntries(INHERITED.map((n) => [n, process.env[n]])), ...env });
}

/** One fixed key pair per identity client id, made once per test file (so that two synths of a file write the same keys). */
const IDENTITY_KEYS = new Map<string, { publicKeyPem: string; privateKeyPem: string }>();

/** The test key pair of a pipeline identity: the same for every environment and every call in a test file. */
export function testIdentityKeyPair(identityClientId: string): { publicKeyPem: string; privateKeyPem: string } {
  let pair = IDENTITY_KEYS.get(identityClientId);
  if (!pair) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pair = {
      publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
    IDENTITY_KEYS.set(identityClientId, pair);
  }
  return pair;
}

/**
 * BuildOptions.identityKey for tests: the fixed test key of each identity, so that no key file
 * is read or written (the product's default makes `<root>/.keys/<env>/<id>.pem`).
 */
export const testIdentityKey = (_environment: string, identityClientId: string): string =>
  testIdentityKeyPair(identityClientId).publicKeyPem;

/** What a test builds an app with: buildApp's options, the settings as variables if wanted, an outdir of its own. */
export type SynthOptions = Omit<BuildOptions, 'outdir' | 'settings'> & { outdir?: string; settings?: Settings; env?: NodeJS.ProcessEnv };

/** Builds and synthesizes the app as buildApp does for the commands; returns stack name -> cdk.tf.json of every stack built. */
export function synthApp(options: SynthOptions): Record<string, SynthJson> {
  const outdir = options.outdir ?? tempDir('synth');
  const settings = options.settings ?? testSettings(options.env ?? testEnv(outdir));
  const { app, targets } = buildApp({ identityKey: testIdentityKey, ...options, outdir, settings });
  app.synth();
  const written = fs.readdirSync(path.join(outdir, 'stacks')).sort();
  // every stack written is a target, and every target was written
  expect(written).toEqual(targets.map((t) => t.stackName).sort());
  return Object.fromEntries(
    written.map((name) => [name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]),
  );
}

/** Synthesizes the local environment from a project root (validating it) or from an already loaded project: both of its stacks. */
export function synthProject(source: { root: string } | { project: Project }): Synth {
  const stacks = synthApp({ ...source, environments: ['local'] });
  expect(Object.keys(stacks).sort()).toEqual([CUSTOMERS_STACK, PLATFORM_STACK]);
  return { platform: stacks[PLATFORM_STACK], customers: stacks[CUSTOMERS_STACK] };
}

/** The stack's name, as written into its cdk.tf.json (and prefixed to every construct path in it). */
export function stackOf(json: SynthJson): string {
  return json['//'].metadata.stackName;
}

/** The resources of one type, by their key. */
export function resourcesOf(json: SynthJson, type: string): Record<string, Resource> {
  return json.resource?.[type] ?? {};
}

/** The data sources of one type, by their key. */
export function dataOf(json: SynthJson, type: string): Record<string, Resource> {
  return json.data?.[type] ?? {};
}

/** Every resource (or data source) of the stack as [`type`, `key`, body]. */
export function entriesOf(json: SynthJson, kind: 'resource' | 'data' = 'resource'): [string, string, Resource][] {
  return Object.entries((kind === 'resource' ? json.resource : json.data) ?? {}).flatMap(([type, byKey]) =>
    Object.entries(byKey).map(([key, body]): [string, string, Resource] => [type, key, body]),
  );
}

/** Key and body of the resource of that type whose construct path (below the stack) is `constructPath`. */
export function find(
  json: SynthJson,
  type: string,
  constructPath: string,
  kind: 'resource' | 'data' = 'resource',
): { key: string; body: Resource } {
  const all = (kind === 'resource' ? resourcesOf : dataOf)(json, type);
  const hits = Object.entries(all).filter(([, r]) => r['//'].metadata.path === `${stackOf(json)}/${constructPath}`);
  if (hits.length !== 1) {
    throw new Error(
      `expected one ${kind} ${type} at ${stackOf(json)}/${constructPath}, found ${hits.length} (have: ${Object.values(all)
        .map((r) => r['//'].metadata.path)
        .join(', ')})`,
    );
  }
  return { key: hits[0][0], body: hits[0][1] };
}

/** Every resource whose construct path lies below the construct `constructPath`. */
export function below(json: SynthJson, type: string, constructPath: string): Resource[] {
  return Object.values(resourcesOf(json, type)).filter((r) => r['//'].metadata.path.startsWith(`${stackOf(json)}/${constructPath}/`));
}

/** `${type.key.attribute}`: how cdktf writes a reference to another resource's attribute. */
export function ref(type: string, key: string, attribute: string): string {
  return `\${${type}.${key}.${attribute}}`;
}

/** `${data.type.key.attribute}`: how cdktf writes a reference to a data source's attribute. */
export function dataRef(type: string, key: string, attribute: string): string {
  return `\${data.${type}.${key}.${attribute}}`;
}
