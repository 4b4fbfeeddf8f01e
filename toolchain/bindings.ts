/**
 * The keycloak provider's TypeScript bindings (`.gen/`), generated at install time from a
 * committed schema.
 *
 * `toolchain/keycloak-provider/schema.json` is the engine's `providers schema -json` for the
 * pinned provider, cut down to the resource and data-source types the project imports, with
 * the provider version the engine selected (`provider_versions`, as `cdktf get` records it).
 * `npm ci` (postinstall) and `npm run bindings` turn it into `.gen/` with cdktf's own
 * generator library, the one `cdktf get` uses, so the output is what `cdktf get` writes for
 * those types: no engine, no provider binary, no network. `npm run bindings:schema` refreshes
 * the schema from the pinned engine and provider (after a provider upgrade, or when the code
 * starts importing another binding).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { paths, projectRoot } from '../config/paths';
import { inheritedEnvironment, withProcessEnvironment } from '../config/settings';
import { UserError } from '../model/problems';
import { capture, log } from './process';

/** The committed schema, relative to the project root. */
export const SCHEMA_FILE = 'toolchain/keycloak-provider/schema.json';

/** What the engine's `providers schema -json` prints (the parts used here), plus `provider_versions`. */
export interface ProviderSchemaFile {
  format_version: string;
  provider_schemas: Record<
    string,
    { provider: unknown; resource_schemas?: Record<string, unknown>; data_source_schemas?: Record<string, unknown> }
  >;
  provider_versions?: Record<string, string>;
}

/** One place that pins the provider version, as read from its file. */
export interface Pin {
  /** The file, relative to the project root: what to fix when the pins disagree. */
  readonly file: string;
  /** The provider's source address, when the file names one. */
  readonly source?: string;
  /** The version it pins, or undefined when the file does not say. */
  readonly version: string | undefined;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The project's cdktf.json: where the bindings go and the provider constraint `cdktf get` would use. */
function cdktfConfig(root: string): { outdir: string; constraint: string } {
  const config = readJson(path.join(root, 'cdktf.json'));
  const providers: string[] = config.terraformProviders ?? [];
  if (providers.length !== 1)
    throw new UserError(`cdktf.json: terraformProviders must name the keycloak provider once, not ${JSON.stringify(providers)}`);
  return { outdir: path.join(root, config.codeMakerOutput ?? '.gen'), constraint: providers[0] };
}

/** The provider's source address in lower case, as the engine writes it (`registry.terraform.io/keycloak/keycloak`). */
function normalSource(source: string): string {
  return source.toLowerCase();
}

/**
 * Every place that pins the keycloak provider: toolchain.json (what `npm run tools` builds),
 * cdktf.json (the constraint in the bindings and in the synthesized `required_providers`),
 * the committed schema (the version it was read from) and the generated bindings' version
 * record (`.gen/versions.json`, from the schema at install time).
 */
export function readPins(root = projectRoot): Pin[] {
  const pins: Pin[] = [];
  const toolchain = readJson(path.join(root, 'toolchain.json'));
  pins.push({ file: 'toolchain.json', source: toolchain.keycloakProvider?.source, version: toolchain.keycloakProvider?.version });

  const { outdir, constraint } = cdktfConfig(root);
  const at = constraint.lastIndexOf('@');
  pins.push({
    file: 'cdktf.json',
    source: at > 0 ? constraint.slice(0, at) : constraint,
    version: at > 0 ? constraint.slice(at + 1) : undefined,
  });

  const schemaFile = path.join(root, SCHEMA_FILE);
  const schema = (fs.existsSync(schemaFile) ? readJson(schemaFile) : {}) as Partial<ProviderSchemaFile>;
  const [schemaSource] = Object.keys(schema.provider_schemas ?? {});
  pins.push({ file: SCHEMA_FILE, source: schemaSource, version: schemaSource ? schema.provider_versions?.[schemaSource] : undefined });

  const versionsFile = path.join(outdir, 'versions.json');
  const rel = path.relative(root, versionsFile);
  if (!fs.existsSync(versionsFile)) pins.push({ file: rel, version: undefined });
  else {
    const [[source, version] = []] = Object.entries(readJson(versionsFile) as Record<string, string>);
    pins.push({ file: rel, source, version });
  }
  return pins;
}

/**
 * What is wrong with the pins, one line each, naming the file to fix; empty when they agree.
 * toolchain.json is the reference: it is the one place docs/toolchain.md tells maintainers to change.
 */
export function pinProblems(pins: Pin[]): string[] {
  const [reference, ...others] = pins;
  const problems: string[] = [];
  if (!reference.version || !reference.source) return [`${reference.file}: keycloakProvider.source and .version must be set`];
  const howToFix: Record<string, string> = {
    'cdktf.json': `set terraformProviders to ["${reference.source}@${reference.version}"]`,
    [SCHEMA_FILE]: 'run `npm run bindings:schema` to read it from the pinned engine and provider',
  };
  for (const pin of others) {
    const fix = howToFix[pin.file] ?? 'run `npm run bindings` to generate the bindings from the committed schema';
    if (pin.version === undefined) problems.push(`${pin.file}: names no keycloak provider version (want ${reference.version}); ${fix}`);
    else if (pin.version !== reference.version)
      problems.push(`${pin.file}: keycloak provider ${pin.version}, but toolchain.json pins ${reference.version}; ${fix}`);
    else if (pin.source !== undefined && normalSource(pin.source) !== normalSource(reference.source))
      problems.push(`${pin.file}: provider source ${pin.source}, but toolchain.json has ${reference.source}; ${fix}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------

/** The parts of cdktf's generator library used here (its own type declarations are not exported from one entry point). */
interface Generator {
  generate(target: unknown): void;
  buildResourceModels(fqpn: string, target?: unknown): { terraformType: string; filePath: string }[];
  versions: Record<string, string | undefined>;
}
interface GeneratorLibrary {
  newGenerator(schema: ProviderSchemaFile): { generator: Generator; save(dir: string): Promise<void> };
  target(constraint: string): { version?: string; name: string };
  sanitize(schema: ProviderSchemaFile): ProviderSchemaFile;
  cdktfVersion: string;
}

let library: GeneratorLibrary | undefined;

/**
 * Loads `@cdktf/provider-generator` (and, through its own dependencies, the exact
 * `@cdktf/commons` and `codemaker` it was built with). `@cdktf/commons` starts
 * `<TERRAFORM_BINARY_NAME> version -json` as it loads and may report a failure to cdktf's
 * telemetry: neither is needed to generate code, so the engine name points at nothing and
 * telemetry is off while it loads.
 */
function loadGenerator(): GeneratorLibrary {
  if (library) return library;
  const noEngine = { TERRAFORM_BINARY_NAME: path.join(os.tmpdir(), 'no-engine-is-needed-to-generate-bindings'), CHECKPOINT_DISABLE: '1' };
  return withProcessEnvironment(noEngine, () => withoutWebStorage(loadGeneratorModules));
}

/**
 * Runs `load` with Node's `localStorage` global hidden. Node.js 25 and later define it, and
 * reading it without `--localstorage-file` prints an ExperimentalWarning: @cdktf/commons loads
 * cdktf's telemetry client (Sentry), whose offline queue (localforage) probes it as it loads,
 * so every `npm ci` on Node.js 26 printed the warning. Generating code needs no web storage.
 */
function withoutWebStorage<T>(load: () => T): T {
  const own = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  if (!own?.configurable) return load();
  Object.defineProperty(globalThis, 'localStorage', { value: undefined, configurable: true, writable: true });
  try {
    return load();
  } finally {
    Object.defineProperty(globalThis, 'localStorage', own);
  }
}

/** The generator's modules, loaded once. */
function loadGeneratorModules(): GeneratorLibrary {
  const fromGenerator = createRequire(require.resolve('@cdktf/provider-generator'));
  const { TerraformProviderGenerator } = fromGenerator('./get/generator/provider-generator');
  const { CodeMaker } = fromGenerator('codemaker');
  const commons = fromGenerator('@cdktf/commons');
  const fromSchema = createRequire(fromGenerator.resolve('@cdktf/provider-schema'));
  const { sanitizeProviderSchema } = fromSchema('./provider-schema');
  library = {
    newGenerator: (schema) => {
      const code = new CodeMaker();
      return { generator: new TerraformProviderGenerator(code, schema), save: (dir) => code.save(dir) };
    },
    // As `cdktf get` reads cdktf.json's terraformProviders: a constraint, then its TypeScript target.
    target: (constraint) =>
      commons.ConstructsMakerProviderTarget.from(new commons.TerraformProviderConstraint(constraint), commons.LANGUAGES[0]),
    sanitize: sanitizeProviderSchema,
    cdktfVersion: commons.DISPLAY_VERSION,
  };
  return library;
}

/**
 * Writes the bindings for `schema` into `outdir` the way `cdktf get` does: the provider's
 * folder under `providers/`, `versions.json` (the provider versions generated) and
 * `constraints.json` (the constraints they were generated for).
 */
async function writeBindings(schema: ProviderSchemaFile, constraint: string, outdir: string): Promise<void> {
  const lib = loadGenerator();
  const target = lib.target(constraint);
  const { generator, save } = lib.newGenerator(lib.sanitize(JSON.parse(JSON.stringify(schema))));
  generator.generate(target);
  await save(outdir);
  fs.writeFileSync(path.join(outdir, 'versions.json'), `${JSON.stringify(generator.versions, null, 2)}\n`);
  // Keyed by the provider's name, as cdktf-cli 0.21.0's `get` wrote it for this project.
  const constraints = { cdktf: lib.cdktfVersion, providers: { [target.name]: target.version } };
  fs.writeFileSync(path.join(outdir, 'constraints.json'), `${JSON.stringify(constraints, null, 2)}\n`);
}

/**
 * Generates `.gen/` (cdktf.json's codeMakerOutput) from the committed schema, replacing
 * what is there. Refuses when the pins disagree: bindings for another provider version
 * than the engine installs would synthesize a constraint the engine cannot meet.
 */
export async function generateBindings(root = projectRoot): Promise<{ outdir: string; types: number; seconds: number }> {
  const started = Date.now();
  const problems = pinProblems(readPins(root).slice(0, 3));
  if (problems.length) throw new UserError(`the keycloak provider pins disagree:\n  ${problems.join('\n  ')}`);
  const { outdir, constraint } = cdktfConfig(root);
  const schema = readJson(path.join(root, SCHEMA_FILE)) as ProviderSchemaFile;
  // Written beside the target and moved into place, so that a failure never leaves half a .gen/.
  const staging = fs.mkdtempSync(`${outdir}.tmp-`);
  try {
    await writeBindings(schema, constraint, staging);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const provider = Object.values(schema.provider_schemas)[0];
  const types = Object.keys(provider.resource_schemas ?? {}).length + Object.keys(provider.data_source_schemas ?? {}).length;
  return { outdir, types, seconds: (Date.now() - started) / 1000 };
}

/** Generates the bindings for `schema` into a new directory (for the tests: compare with `.gen/`). */
export async function generateBindingsInto(dir: string, root = projectRoot): Promise<void> {
  await writeBindings(readJson(path.join(root, SCHEMA_FILE)), cdktfConfig(root).constraint, dir);
}

// ---------------------------------------------------------------------------------------
// The schema
// ---------------------------------------------------------------------------------------

/** Where the project's own TypeScript lives (everything but what is generated or installed). */
const NOT_SOURCE = new Set(['node_modules', '.git', '.cache', 'cdktf.out', '.state', 'reports', 'logs', 'coverage']);

/**
 * The binding folders the project's code imports (`.gen/providers/keycloak/<folder>`), with
 * the files that import each.
 */
export function importedBindings(root = projectRoot): Map<string, string[]> {
  const { outdir } = cdktfConfig(root);
  const genName = path.basename(outdir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`from '(?:\\.\\.?/)+${genName}/providers/keycloak/([a-z0-9-]+)'`, 'g');
  const found = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_SOURCE.has(entry.name) && file !== outdir && !entry.name.startsWith(`${path.basename(outdir)}.tmp-`)) visit(file);
      } else if (entry.name.endsWith('.ts')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
          found.set(m[1], [...(found.get(m[1]) ?? []), path.relative(root, file)]);
        }
      }
    }
  };
  visit(root);
  return found;
}

/**
 * Cuts the engine's full schema down to the provider block and the types whose binding
 * folder is in `folders` (the generator's own naming decides which folder a type gets).
 */
export function filterSchema(full: ProviderSchemaFile, folders: Set<string>, constraint: string): ProviderSchemaFile {
  const lib = loadGenerator();
  const sources = Object.keys(full.provider_schemas ?? {});
  if (sources.length !== 1) throw new UserError(`expected the schema of one provider, got ${sources.join(', ') || 'none'}`);
  const [fqpn] = sources;
  const provider = full.provider_schemas[fqpn];
  const models = lib
    .newGenerator(lib.sanitize(JSON.parse(JSON.stringify(full))))
    .generator.buildResourceModels(fqpn, lib.target(constraint));
  const folderOf = new Map(models.map((m) => [m.terraformType, m.filePath.split('/').slice(-2, -1)[0]]));
  const unknown = [...folders].filter((f) => f !== 'provider' && ![...folderOf.values()].includes(f));
  if (unknown.length) throw new UserError(`the code imports bindings the provider does not have: ${unknown.join(', ')}`);
  const keep = (schemas: Record<string, unknown> | undefined, prefix: string) =>
    Object.fromEntries(Object.entries(schemas ?? {}).filter(([type]) => folders.has(folderOf.get(`${prefix}${type}`) ?? '')));
  return {
    format_version: full.format_version,
    provider_schemas: {
      [fqpn]: {
        provider: provider.provider,
        resource_schemas: keep(provider.resource_schemas, ''),
        data_source_schemas: keep(provider.data_source_schemas, 'data_'),
      },
    },
    provider_versions: full.provider_versions,
  };
}

/**
 * Reads the full schema from the pinned engine and provider (`npm run tools` provisions
 * them), filters it to what the code imports, writes `toolchain/keycloak-provider/schema.json`
 * and regenerates `.gen/`. Only this needs the engine; installing and building never do.
 */
export async function refreshSchema(root = projectRoot): Promise<void> {
  const problems = pinProblems(readPins(root).slice(0, 2));
  if (problems.length) throw new UserError(`the keycloak provider pins disagree:\n  ${problems.join('\n  ')}`);
  await (await import('./provision')).provision({ keycloakServer: false });
  const { engineBinary } = await import('./inspect');
  const toolchain = readJson(path.join(root, 'toolchain.json')).keycloakProvider;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keycloak-schema-'));
  try {
    const config = { terraform: { required_providers: { keycloak: { source: toolchain.source, version: toolchain.version } } } };
    fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(config, null, 2));
    const env = {
      ...inheritedEnvironment(),
      TF_CLI_CONFIG_FILE: paths.cliConfig(),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
    };
    const engine = (args: string[]) => {
      const r = capture(engineBinary(), args, { cwd: work, env });
      if (r.code !== 0) throw new UserError(`${engineBinary()} ${args.join(' ')} failed (exit code ${r.code}):\n${r.stderr || r.stdout}`);
      return r.stdout;
    };
    engine(['init', '-input=false', '-no-color']);
    const full = JSON.parse(engine(['providers', 'schema', '-json'])) as ProviderSchemaFile;
    // As `cdktf get` does: the version the engine selected goes with the schema.
    full.provider_versions = JSON.parse(engine(['version', '-json'])).provider_selections;

    const imported = importedBindings(root);
    const schema = filterSchema(full, new Set([...imported.keys(), 'provider']), cdktfConfig(root).constraint);
    fs.writeFileSync(path.join(root, SCHEMA_FILE), `${JSON.stringify(schema, null, 2)}\n`);
    const provider = Object.values(schema.provider_schemas)[0];
    log(
      `bindings: wrote ${SCHEMA_FILE}: ${Object.keys(provider.resource_schemas ?? {}).length} resource and ` +
        `${Object.keys(provider.data_source_schemas ?? {}).length} data-source types the code imports, of ` +
        `${Object.keys(full.provider_schemas[Object.keys(full.provider_schemas)[0]].resource_schemas ?? {}).length} and ` +
        `${Object.keys(full.provider_schemas[Object.keys(full.provider_schemas)[0]].data_source_schemas ?? {}).length}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const { outdir, types, seconds } = await generateBindings(root);
  log(`bindings: generated ${types} types into ${path.relative(root, outdir)}/ in ${seconds.toFixed(1)} s`);
}
