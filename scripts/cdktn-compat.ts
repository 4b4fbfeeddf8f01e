/**
 * `npm run compat:cdktn`: shows that this project runs unchanged on CDK Terrain (cdktn), the
 * community continuation of the archived cdktf, and notices the day that stops being true.
 *
 *   npm run compat:cdktn                  # everything; records a full success in docs/cdktn-compat.md
 *   npm run compat:cdktn -- --no-deploy   # only the part that needs no engine or Keycloak (not recorded)
 *   npm run compat:cdktn -- --keep        # keep the temporary copies (and their logs) for debugging
 *
 * In a temporary copy of the project only package.json changes: `cdktf` and `cdktf-cli`
 * become npm aliases of `cdktn` and `cdktn-cli`, so every `import ... from 'cdktf'`,
 * including the bindings in .gen/, loads cdktn, and no source file is edited.
 * The copy is type-checked and its unit tests run; the example project and a 1,000-customer
 * project, once in one customers stack and once in 10 shards, are synthesized by both CLIs and
 * compared (scripts/synth-diff.ts). When the toolchain can be provisioned, the copy deploys the
 * example project to the local Keycloak with `cdktn deploy`, into a realm of its own, and the
 * project's drift check must then find nothing to change, run once under cdktn and once under
 * cdktf against the same state; then the same again with the example customers in 2 shards.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateProject } from '../benchmarks/synth';
import { stackName } from '../stacks/target';
import { allShards } from '../stacks/shards';
import { AdminApi, adminLogin } from '../engine/admin-api';
import { inheritedEnvironment, readSettings } from '../config/settings';
import { baseEnv, engineEnv } from '../engine/environment';
import { keycloakDown, keycloakUp } from '../toolchain/local-keycloak';
import { localUrl } from '../config/local-keycloak';
import { projectRoot, toolchain } from '../config/paths';
import { capture, formatSeconds, log, runLong, runStatus } from '../toolchain/process';
import { UserError } from '../model/problems';
import { compareSynthOutputs, SynthComparison } from './synth-diff';
import { provisionAll } from '../toolchain/provision';
import { compareVersions } from '../toolchain/inspect';
import { withCredentials } from '../engine/steps';
import { parseOptions } from '../toolchain/args';

/** What the check moves to. Change these (and docs/cdktn-compat.md follows) to check a newer cdktn. */
export const CDKTN = {
  version: '0.24.0',
  /**
   * cdktn 0.24.0 takes constructs as a peer in `>=10.6.0 <10.8.0`; this project pins 10.8.1
   * for cdktf, which npm refuses (ERESOLVE). 10.7.2 is the newest release inside that range.
   */
  constructs: '10.7.2',
  /**
   * cdktn-cli 0.24.0 declares Node.js >=22.19.0 and means it: on Node.js 20 every command
   * fails at start-up ("markAsUncloneable is not a function" in its bundled HTTP client).
   */
  minimumNode: '22.19.0',
  /** The Node.js release the copy installs for the cdktn CLI when this Node.js is older: the project's pinned 22 line. */
  nodeRuntime: toolchain.node.lines['22'],
} as const;

/** The name the 1,000-customer project and the example project go by in the output. */
const PROJECTS = {
  example: 'example project',
  large: '1,000-customer project',
  sharded: '1,000-customer project in 10 shards',
} as const;
const LARGE_PROJECT_CUSTOMERS = 1000;
/** The shard count of the sharded comparison and of the sharded deploy (customerShards, docs/shards.md). */
export const COMPARED_SHARDS = 10;
export const DEPLOYED_SHARDS = 2;

const docFile = path.join(projectRoot, 'docs', 'cdktn-compat.md');
const START = '<!-- compat:cdktn:start -->';
const END = '<!-- compat:cdktn:end -->';

// ---------------------------------------------------------------------------------------
// The copy
// ---------------------------------------------------------------------------------------

/** Directories that are generated or installed, never part of a fresh clone. */
const NOT_IN_A_CLONE = new Set(['.git', 'node_modules', '.cache', 'cdktf.out', '.state', 'reports', 'coverage']);

/** The project's files as a fresh clone has them: what git tracks, plus new files it does not ignore. */
function projectFiles(): string[] {
  const git = capture('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: projectRoot });
  if (git.code === 0) return git.stdout.split('\0').filter((f) => f !== '' && fs.existsSync(path.join(projectRoot, f)));
  // Not a git checkout (an unpacked archive): everything but what is generated or installed.
  const found: string[] = [];
  const visit = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(projectRoot, rel), { withFileTypes: true })) {
      if (NOT_IN_A_CLONE.has(entry.name)) continue;
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) visit(child);
      else found.push(child);
    }
  };
  visit('');
  return found;
}

/**
 * Copies the project to `dest`, with the provider bindings that `npm ci` generated in .gen/
 * (a copy that runs `npm install` generates them again, the same). With `customers`, that
 * directory replaces customers/. With `nodeModules`, the copy uses those installed packages
 * through a symlink.
 */
export function copyProject(dest: string, options: { customers?: string; nodeModules?: string } = {}): void {
  for (const file of projectFiles()) {
    if (options.customers && file.startsWith(`customers${path.sep}`)) continue;
    fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    fs.copyFileSync(path.join(projectRoot, file), path.join(dest, file));
  }
  const bindings = path.join(projectRoot, '.gen');
  if (fs.existsSync(bindings)) fs.cpSync(bindings, path.join(dest, '.gen'), { recursive: true });
  if (options.customers) fs.cpSync(options.customers, path.join(dest, 'customers'), { recursive: true });
  if (options.nodeModules) fs.symlinkSync(options.nodeModules, path.join(dest, 'node_modules'), 'dir');
}

/** The npm package with a Node.js binary for this machine, when this Node.js is too old for the cdktn CLI. */
function nodeRuntimePackage(): string | undefined {
  if (compareVersions(process.versions.node, CDKTN.minimumNode) >= 0) return undefined;
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new UserError(
      `cdktn-cli ${CDKTN.version} needs Node.js ${CDKTN.minimumNode} or newer; this is ${process.version}. Run the check with a newer Node.js.`,
    );
  }
  return `node-${process.platform}-${process.arch}`;
}

/**
 * The package.json of the copy: the only file the move to cdktn changes. Exported for the
 * migration steps in docs/cdktf.md and their test, which must say the same.
 */
export function cdktnPackageJson(pkg: Record<string, any>, nodeRuntime?: string): Record<string, any> {
  const out = JSON.parse(JSON.stringify(pkg));
  const section = (name: string) => {
    const found = ['dependencies', 'devDependencies'].find((s) => out[s]?.[name] !== undefined);
    if (!found) throw new UserError(`package.json has no "${name}" dependency; the cdktn check expects the project's cdktf set-up`);
    return out[found] as Record<string, string>;
  };
  section('cdktf').cdktf = `npm:cdktn@${CDKTN.version}`;
  section('cdktf-cli')['cdktf-cli'] = `npm:cdktn-cli@${CDKTN.version}`;
  section('constructs').constructs = CDKTN.constructs;
  if (nodeRuntime) (out.devDependencies ??= {})[nodeRuntime] = CDKTN.nodeRuntime;
  return out;
}

/** The environment without what `npm run` adds, so that commands in the copy see only their own project. */
function withoutNpmRun(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
}

export interface CdktnCopy {
  /** The copy of the project, with cdktn installed under the names cdktf and cdktf-cli. */
  readonly dir: string;
  /** Its node_modules/.bin, first on PATH in `env`. */
  readonly bin: string;
  /** The environment for commands in the copy: its own binaries (and Node.js, if installed) first. */
  readonly env: NodeJS.ProcessEnv;
  /** The Node.js version that runs in the copy. */
  readonly node: string;
}

/** Reads name and version of the package a bare `require(name)` loads from `dir`. */
function installedPackage(dir: string, name: string): { name: string; version: string } {
  const file = require.resolve(`${name}/package.json`, { paths: [dir] });
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { name: pkg.name, version: pkg.version };
}

/** Copies the project to `dir` and installs cdktn in place of cdktf there. */
export async function prepareCdktnCopy(dir: string, logDir: string): Promise<CdktnCopy> {
  copyProject(dir);
  const runtime = nodeRuntimePackage();
  const pkgFile = path.join(dir, 'package.json');
  fs.writeFileSync(pkgFile, JSON.stringify(cdktnPackageJson(JSON.parse(fs.readFileSync(pkgFile, 'utf8')), runtime), null, 2) + '\n');
  const what =
    `npm install in the copy: cdktn ${CDKTN.version} as "cdktf", cdktn-cli ${CDKTN.version} as "cdktf-cli", constructs ${CDKTN.constructs}` +
    (runtime
      ? `, and ${runtime} ${CDKTN.nodeRuntime} because cdktn-cli needs Node.js ${CDKTN.minimumNode}+ (this is ${process.version})`
      : '');
  await runLong(what, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], path.join(logDir, 'npm-install.log'), {
    cwd: dir,
    env: withoutNpmRun(inheritedEnvironment()),
  });

  // The alias must really be in effect: the project and .gen/ import 'cdktf', and that must be cdktn.
  // (The copy's npm install generated .gen/ again, with the same @cdktf/provider-generator.)
  const lib = installedPackage(dir, 'cdktf');
  const cli = installedPackage(dir, 'cdktf-cli');
  if (lib.name !== 'cdktn' || lib.version !== CDKTN.version || cli.name !== 'cdktn-cli' || cli.version !== CDKTN.version) {
    throw new UserError(
      `the copy loads ${lib.name} ${lib.version} and ${cli.name} ${cli.version} for cdktf and cdktf-cli, not cdktn ${CDKTN.version}`,
    );
  }
  const bin = path.join(dir, 'node_modules', '.bin');
  if (!fs.existsSync(path.join(bin, 'cdktn'))) throw new UserError(`cdktn-cli installed no \`cdktn\` command in ${bin}`);
  const env = { ...withoutNpmRun(inheritedEnvironment()), PATH: `${bin}${path.delimiter}${inheritedEnvironment().PATH ?? ''}` };
  const node = capture('node', ['--version'], { env }).stdout.trim();
  if (compareVersions(node.replace(/^v/, ''), CDKTN.minimumNode) < 0)
    throw new UserError(`the copy runs Node.js ${node}; cdktn-cli needs ${CDKTN.minimumNode}+`);
  log(`  the copy loads cdktn ${lib.version} for 'cdktf' and runs cdktn-cli ${cli.version} on Node.js ${node}`);
  return { dir, bin, env, node };
}

// ---------------------------------------------------------------------------------------
// Synthesis and comparison
// ---------------------------------------------------------------------------------------

/**
 * The environment both CLIs synthesize with. Everything that ends up in the output (state
 * path, Keycloak URL, realm) is fixed here, so that only the toolkit differs.
 */
function synthEnv(workDir: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...withoutNpmRun(engineEnv(baseEnv())),
    PATH: base.PATH,
    APIKEYS_STATE_DIR: path.join(workDir, 'state'),
    // Synthesis makes the pipeline identities' keys where none exist: every copy must read the
    // same ones, or their public keys (in the platform stack) differ between the toolkits.
    APIKEYS_IDENTITY_KEYS_DIR: path.join(workDir, 'identity-keys'),
  };
  for (const name of ['KEYCLOAK_URL', 'APIKEYS_REALM', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_TIMEOUT']) delete env[name];
  return env;
}

/** Runs `<cli> synth` in a project directory; returns the output directory and the seconds it took. */
async function synthWithCli(
  label: string,
  projectDir: string,
  cli: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
): Promise<{ outdir: string; seconds: number }> {
  const outdir = path.join(projectDir, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  await runLong(`${label}: ${path.basename(cli)} synth`, cli, ['synth'], path.join(logDir, `synth-${path.basename(projectDir)}.log`), {
    cwd: projectDir,
    env,
  });
  return { outdir, seconds: (Date.now() - started) / 1000 };
}

export interface ProjectResult {
  readonly project: string;
  readonly comparison: SynthComparison;
  readonly cdktfSeconds: number;
  readonly cdktnSeconds: number;
}

/** One line a reviewer reads first, then the details. */
export function verdict(r: ProjectResult): string {
  const c = r.comparison;
  const counted = `${c.stacks.length} stacks, ${c.resources} resources, ${c.dataSources} data sources`;
  if (c.differences.length > 0) return `${r.project}: DIFFERENT RESOURCES: ${c.differences.length} difference(s) (${counted})`;
  return `${r.project}: identical resources (${counted}); ${c.metadata.length} metadata line(s) differ, which is allowed`;
}

function details(lines: string[], limit: number): string[] {
  const shown = lines.slice(0, limit).map((l) => `    ${l}`);
  if (lines.length > limit) shown.push(`    ... and ${lines.length - limit} more (run with --keep and compare the cdktf.out directories)`);
  return shown;
}

// ---------------------------------------------------------------------------------------
// Deploy with cdktn, then drift
// ---------------------------------------------------------------------------------------

export interface DeployResult {
  readonly realm: string;
  readonly customers: number;
  readonly deploySeconds: number;
  /** Exit code of `npm run drift` in the cdktn copy (0: in sync). */
  readonly driftCdktn: number;
  /** Exit code of `npm run drift` in a cdktf copy against the same state (0: in sync). */
  readonly driftCdktf: number;
}

/**
 * The environment for the engine and the provider: the project's engine settings, the
 * local Keycloak's admin, a realm and state of this check's own, and nothing that could
 * point it at another Keycloak.
 */
function deployEnv(base: NodeJS.ProcessEnv, realm: string, stateDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...withoutNpmRun(engineEnv(baseEnv())),
    PATH: base.PATH,
    APIKEYS_REALM: realm,
    APIKEYS_STATE_DIR: stateDir,
    // Both copies deploy and check one realm: they share its state, and its identities' keys.
    APIKEYS_IDENTITY_KEYS_DIR: path.join(stateDir, 'identity-keys'),
  };
  for (const name of ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET', 'KEYCLOAK_JWT_SIGNING_KEY'])
    delete env[name];
  return withCredentials(env, readSettings(env), { local: true, environment: 'local', keycloakUrl: localUrl() });
}

/** Runs the project's drift check in `dir`; returns its exit code (0 in sync, 2 drift, 1 error). */
async function driftIn(label: string, dir: string, env: NodeJS.ProcessEnv, logDir: string): Promise<number> {
  const logFile = path.join(logDir, `drift-${label}.log`);
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  log(`drift check under ${label}: npm run drift -- --env local (log: ${logFile})`);
  let code: number;
  try {
    code = await runStatus('npm', ['run', 'drift', '--', '--env', 'local', '--out', path.join(logDir, `drift-${label}`)], {
      cwd: dir,
      env,
      stdio: ['ignore', out, out],
    });
  } finally {
    fs.closeSync(out);
  }
  const lines = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((l) => /^(drift | {2}\w+: )/.test(l) || /^error:/.test(l));
  for (const line of lines) log(`  ${line}`);
  log(`  exit code ${code} in ${formatSeconds((Date.now() - started) / 1000)}`);
  return code;
}

/**
 * Deploys the example project from the cdktn copy with `cdktn deploy` into a new realm,
 * checks that its customers exist, and runs the drift check under cdktn and under cdktf
 * (a copy of this checkout, `cdktfDir`). The realm is deleted afterwards.
 */
export async function deployWithCdktn(
  copy: CdktnCopy,
  cdktfDir: string,
  workDir: string,
  logDir: string,
  options: { shards?: number } = {},
): Promise<DeployResult> {
  const shards = options.shards ?? 1;
  const suffix = shards > 1 ? `-${shards}shards` : '';
  const realm = `compat-cdktn-${path.basename(workDir).split('-').pop()!.toLowerCase()}${suffix}`;
  const stateDir = path.join(workDir, `deploy-state${suffix}`);
  const env = deployEnv(copy.env, realm, stateDir);
  const admin = new AdminApi(adminLogin(readSettings(env), { local: true, environment: 'local', keycloakUrl: localUrl() }));
  // With shards, both copies' platform.yaml get the count, and every customers shard is a stack of its own.
  for (const dir of [copy.dir, cdktfDir]) setCustomerShards(dir, shards);
  // A new realm and state: the stacks' engine directories of an earlier deploy point at another
  // state, and the CLI's init (no -reconfigure) would stop at "Backend configuration changed".
  fs.rmSync(path.join(copy.dir, 'cdktf.out'), { recursive: true, force: true });
  // platform first: customers read what it creates
  const stacks = [
    stackName('local', 'platform'),
    ...allShards(shards).map((shard) => stackName('local', 'customers', shards > 1 ? shard : undefined)),
  ];
  logDir = path.join(logDir, `deploy${suffix}`);
  fs.mkdirSync(logDir, { recursive: true });
  try {
    const started = Date.now();
    // The command in docs/cdktf.md, with cdktn for cdktf. --parallelism 1 runs the stacks one at a
    // time in the order given: by default the CLI runs them side by side (they declare no
    // dependency on each other), and the customers stack would plan against a realm that
    // does not exist yet.
    const args = ['deploy', ...stacks, '--parallelism', '1', '--auto-approve', ...CDKTN_DEPLOY_FLAGS];
    await runLong(`cdktn ${args.join(' ')} (realm "${realm}")`, path.join(copy.bin, 'cdktn'), args, path.join(logDir, 'cdktn-deploy.log'), {
      cwd: copy.dir,
      env,
    });
    const deploySeconds = (Date.now() - started) / 1000;

    const customers = fs
      .readdirSync(path.join(copy.dir, 'customers'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length));
    const missing: string[] = [];
    for (const id of customers) if (!(await admin.findClient(realm, id))) missing.push(id);
    if (missing.length > 0)
      throw new UserError(`cdktn deploy finished, but realm "${realm}" lacks the customer client(s) ${missing.join(', ')}`);
    log(`  realm "${realm}" has all ${customers.length} example customers`);

    const driftCdktn = await driftIn('cdktn', copy.dir, env, logDir);
    const driftCdktf = await driftIn('cdktf', cdktfDir, deployEnv(withoutNpmRun(inheritedEnvironment()), realm, stateDir), logDir);
    return { realm, customers: customers.length, deploySeconds, driftCdktn, driftCdktf };
  } finally {
    const res = await admin.request('DELETE', `/${encodeURIComponent(realm)}`).catch((err: Error) => ({ status: 0, data: err.message }));
    if (res.status !== 204 && res.status !== 404)
      log(`warning: could not delete realm "${realm}" (HTTP ${res.status}); delete it in the admin console`);
  }
}

/** Sets (above 1) or removes platform.yaml's `customerShards` in a copy of the project. */
export function setCustomerShards(dir: string, shards: number): void {
  const file = path.join(dir, 'platform.yaml');
  const text = fs.readFileSync(file, 'utf8').replace(/^customerShards:.*\n/m, '');
  fs.writeFileSync(file, shards > 1 ? `${text.trimEnd()}\ncustomerShards: ${shards}\n` : text);
}

/**
 * Flags `cdktn deploy` still needs here. cdktn-cli 0.24.0 runs `<engine> providers lock
 * -platform=linux_amd64` after init whenever a stack has no lock file yet, as cdktf 0.21.0
 * did; the engine's `providers lock` ignores the filesystem mirror and asks the provider's
 * registry, which these machines cannot reach ("Could not retrieve providers for locking").
 * Init has already written the lock file from the mirror, so skipping the extra step loses nothing.
 */
export const CDKTN_DEPLOY_FLAGS = ['--skip-provider-lock'] as const;

// ---------------------------------------------------------------------------------------
// The record in docs/
// ---------------------------------------------------------------------------------------

interface Step {
  readonly what: string;
  readonly result: string;
  readonly seconds: number;
}

function codeVersion(): string {
  const git = (...args: string[]) => capture('git', args, { cwd: projectRoot }).stdout.trim();
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit} with uncommitted changes`;
}

function writeRecord(steps: Step[], projects: ProjectResult[], copy: CdktnCopy): void {
  const cdktfVersion = installedPackage(projectRoot, 'cdktf').version;
  // The same lines come from each project (they name stacks, not customers): list each once.
  const metadata = [...new Set(projects.flatMap((p) => p.comparison.metadata))];
  const section = [
    '## Last successful run (written by `npm run compat:cdktn`)',
    '',
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Code: ${codeVersion()}`,
    `- Reference: cdktf ${cdktfVersion} and cdktf-cli ${cdktfVersion} on Node.js ${process.version}`,
    `- Candidate: cdktn ${CDKTN.version} and cdktn-cli ${CDKTN.version} (npm aliases, constructs ${CDKTN.constructs}) on Node.js ${copy.node}`,
    `- Engine: OpenTofu ${toolchain.opentofu.version}, keycloak provider ${toolchain.keycloakProvider.version}, Keycloak ${toolchain.keycloak.version}`,
    '',
    '| check | result | time |',
    '|---|---|---:|',
    ...steps.map((s) => `| ${s.what} | ${s.result} | ${formatSeconds(s.seconds)} |`),
    '',
    'What differed, all of it metadata (manifest.json and the `"//"` blocks, which the engine does not read):',
    '',
    ...(metadata.length ? metadata.map((m) => `- ${m}`) : ['- nothing']),
  ].join('\n');
  let doc = fs.readFileSync(docFile, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  const generated = `${START}\n${section}\n${END}`;
  doc = start >= 0 && end > start ? doc.slice(0, start) + generated + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n${generated}\n`;
  fs.writeFileSync(docFile, doc);
  log(`recorded in ${path.relative(projectRoot, docFile)}`);
}

// ---------------------------------------------------------------------------------------

interface Options {
  keep: boolean;
  deploy: boolean;
}

function parseCommandLine(argv: string[]): Options {
  const { values } = parseOptions(
    'compat:cdktn',
    {
      keep: { type: 'boolean', help: 'keep the work directory' },
      'no-deploy': { type: 'boolean', help: 'compare synthesized output only' },
    },
    argv,
    { helpHint: 'see the top of scripts/cdktn-compat.ts' },
  );
  return { keep: values.keep === true, deploy: values['no-deploy'] !== true };
}

/** Runs one step, prints its outcome and keeps it for the record. */
async function step<T>(steps: Step[], what: string, run: () => Promise<T>, result: (value: T) => string): Promise<T> {
  const started = Date.now();
  const value = await run();
  const s = { what, result: result(value), seconds: (Date.now() - started) / 1000 };
  steps.push(s);
  log(`${what}: ${s.result} (${formatSeconds(s.seconds)})`);
  return value;
}

async function main(): Promise<number> {
  const options = parseCommandLine(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktn-compat-'));
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  const total = Date.now();
  const steps: Step[] = [];
  let failed = false;
  log(
    `cdktn compatibility check: cdktf ${installedPackage(projectRoot, 'cdktf').version} (this project) against cdktn ${CDKTN.version}, in ${workDir}`,
  );
  try {
    const copy = await step(
      steps,
      `install cdktn ${CDKTN.version} in a copy`,
      () => prepareCdktnCopy(path.join(workDir, 'cdktn-example'), logDir),
      (c) => `done (Node.js ${c.node})`,
    );
    await step(
      steps,
      'type-check under cdktn (tsc --noEmit)',
      () =>
        runLong('tsc --noEmit in the copy', path.join(copy.bin, 'tsc'), ['--noEmit'], path.join(logDir, 'tsc.log'), {
          cwd: copy.dir,
          env: copy.env,
        }),
      () => 'passed',
    );
    await step(
      steps,
      'unit tests under cdktn',
      async () => {
        const logFile = path.join(logDir, 'unit-tests.log');
        await runLong(
          'unit tests in the copy (jest --selectProjects unit)',
          path.join(copy.bin, 'jest'),
          ['--selectProjects', 'unit', '--ci'],
          logFile,
          { cwd: copy.dir, env: copy.env },
        );
        return /^Tests:\s+(.*)$/m.exec(fs.readFileSync(logFile, 'utf8'))?.[1]?.trim() ?? 'passed';
      },
      (summary) => summary,
    );

    // The reference side: the same files with this checkout's cdktf.
    const referenceModules = path.join(projectRoot, 'node_modules');
    const cdktfCli = path.join(referenceModules, '.bin', 'cdktf');
    const cdktfExample = path.join(workDir, 'cdktf-example');
    copyProject(cdktfExample, { nodeModules: referenceModules });
    const generated = generateProject(workDir, LARGE_PROJECT_CUSTOMERS);
    const customers = path.join(generated, 'customers');
    const cdktfLarge = path.join(workDir, 'cdktf-1000');
    const cdktnLarge = path.join(workDir, 'cdktn-1000');
    copyProject(cdktfLarge, { customers, nodeModules: referenceModules });
    copyProject(cdktnLarge, { customers, nodeModules: path.join(copy.dir, 'node_modules') });
    fs.copyFileSync(path.join(copy.dir, 'package.json'), path.join(cdktnLarge, 'package.json'));
    const cdktfSharded = path.join(workDir, 'cdktf-1000-shards');
    const cdktnSharded = path.join(workDir, 'cdktn-1000-shards');
    copyProject(cdktfSharded, { customers, nodeModules: referenceModules });
    copyProject(cdktnSharded, { customers, nodeModules: path.join(copy.dir, 'node_modules') });
    fs.copyFileSync(path.join(copy.dir, 'package.json'), path.join(cdktnSharded, 'package.json'));
    for (const dir of [cdktfSharded, cdktnSharded]) setCustomerShards(dir, COMPARED_SHARDS);

    const results: ProjectResult[] = [];
    for (const [project, cdktfDir, cdktnDir] of [
      [PROJECTS.example, cdktfExample, copy.dir],
      [PROJECTS.large, cdktfLarge, cdktnLarge],
      [PROJECTS.sharded, cdktfSharded, cdktnSharded],
    ] as const) {
      const result = await step(
        steps,
        `${project}: synth with cdktf and cdktn, compare`,
        async () => {
          const ref = await synthWithCli(
            `${project} (cdktf)`,
            cdktfDir,
            cdktfCli,
            synthEnv(workDir, withoutNpmRun(inheritedEnvironment())),
            logDir,
          );
          const cand = await synthWithCli(
            `${project} (cdktn)`,
            cdktnDir,
            path.join(copy.bin, 'cdktn'),
            synthEnv(workDir, copy.env),
            logDir,
          );
          return {
            project,
            comparison: compareSynthOutputs(ref.outdir, cand.outdir),
            cdktfSeconds: ref.seconds,
            cdktnSeconds: cand.seconds,
          };
        },
        (r) =>
          `${verdict(r).slice(project.length + 2)}; synth cdktf ${formatSeconds(r.cdktfSeconds)}, cdktn ${formatSeconds(r.cdktnSeconds)}`,
      );
      results.push(result);
    }

    let deployed = false;
    let notRun = '';
    if (!options.deploy) notRun = '--no-deploy';
    else {
      try {
        await provisionAll();
      } catch (err) {
        // As in the integration tests: reported, not passed; a failure where the suites are required.
        if (process.env.APIKEYS_REQUIRE_INTEGRATION === '1') throw err;
        notRun = `the toolchain could not be provisioned: ${(err as Error).message.split('\n')[0]}`;
      }
    }
    let deployError = '';
    if (!notRun) {
      const started = await keycloakUp();
      try {
        const d = await step(
          steps,
          'example project: cdktn deploy, then the drift check under cdktn and under cdktf',
          () => deployWithCdktn(copy, cdktfExample, workDir, logDir),
          (r) => `deployed ${r.customers} customers; drift exit code ${r.driftCdktn} under cdktn, ${r.driftCdktf} under cdktf`,
        );
        const sharded = await step(
          steps,
          `example project in ${DEPLOYED_SHARDS} customer shards: cdktn deploy of every stack, then the drift check under cdktn and under cdktf`,
          () => deployWithCdktn(copy, cdktfExample, workDir, logDir, { shards: DEPLOYED_SHARDS }),
          (r) => `deployed ${r.customers} customers; drift exit code ${r.driftCdktn} under cdktn, ${r.driftCdktf} under cdktf`,
        );
        deployed = d.driftCdktn === 0 && d.driftCdktf === 0 && sharded.driftCdktn === 0 && sharded.driftCdktf === 0;
      } catch (err) {
        // The synth verdict above still stands; say both.
        deployError = (err as Error).message;
        log(`cdktn deploy + drift failed: ${deployError}`);
      } finally {
        if (started) await keycloakDown();
      }
      if (!deployed) failed = true;
    }

    // The verdict, on stdout.
    const out: string[] = ['', 'cdktn compatibility verdict:'];
    for (const r of results) {
      out.push(`  ${verdict(r)}`);
      if (r.comparison.differences.length) {
        failed = true;
        out.push('  differences (each changes what is deployed):', ...details(r.comparison.differences, 40));
      }
      if (r.comparison.metadata.length) out.push('  metadata only (allowed):', ...details(r.comparison.metadata, 6));
    }
    const deploySteps = steps.filter((s) => s.what.includes('cdktn deploy'));
    out.push(
      notRun
        ? `  cdktn deploy + drift: NOT RUN (${notRun})`
        : `  cdktn deploy + drift: ${deployed ? 'passed' : 'FAILED'}: ${deployError ? deployError.split('\n')[0] : deploySteps.map((s) => s.result).join('; ')}`,
    );
    out.push(`  total ${formatSeconds((Date.now() - total) / 1000)}`);
    process.stdout.write(`${out.join('\n')}\n`);

    if (!failed && !notRun) writeRecord(steps, results, copy);
    else if (!failed) log(`not recorded in ${path.relative(projectRoot, docFile)}: the deploy part did not run`);
    return failed ? 1 : 0;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (options.keep) log(`kept ${workDir}`);
    else {
      fs.rmSync(workDir, { recursive: true, force: true });
      if (failed) log('(the temporary copies were removed; rerun with --keep to look at them and their logs)');
    }
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      log(err instanceof UserError ? `error: ${err.message}` : err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
