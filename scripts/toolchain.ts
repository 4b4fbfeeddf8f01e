/**
 * Provisions the pinned toolchain into the cache directory: the OpenTofu engine (built from
 * the Go module proxy), the keycloak provider (built from its Go module, laid out as a
 * filesystem mirror) and the Keycloak server distribution (from Maven Central).
 *
 * Every step is skipped when its result is already there at the pinned version.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheDir, paths, providerAddress, toolchain } from './paths';
import { capture, log, run, runLong, UserError } from './run';

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function requireGo(minimum: string, forWhat: string): void {
  const res = capture('go', ['env', 'GOVERSION']);
  if (res.code !== 0) {
    throw new UserError(
      `Go ${minimum} or newer is needed to build ${forWhat}, and no \`go\` command was found on PATH.\n` +
        `Install Go ${minimum}+ (for example from your OS packages or the official Go distribution), ` +
        'or use an engine you already have: TERRAFORM_BINARY_NAME=terraform (or a path) with registry access.',
    );
  }
  const version = res.stdout.trim().replace(/^go/, '');
  if (compareVersions(version, minimum) < 0) {
    throw new UserError(`Go ${minimum} or newer is needed to build ${forWhat}; found go ${version}. Upgrade Go and rerun \`npm run tools\`.`);
  }
}

/** True when the user chose their own engine (a name on PATH or a path). */
export function userEngine(): string | undefined {
  const v = process.env.TERRAFORM_BINARY_NAME;
  return v && v.trim() !== '' ? v : undefined;
}

/** The engine every command runs: the user's choice, else the pinned build. */
export function engineBinary(): string {
  return userEngine() ?? paths.engine();
}

/** The environment without a CLI config file that does not exist (the engine warns on stdout). */
export function withoutMissingCliConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  if (out.TF_CLI_CONFIG_FILE && !fs.existsSync(out.TF_CLI_CONFIG_FILE)) delete out.TF_CLI_CONFIG_FILE;
  return out;
}

function engineVersion(binary: string): string | undefined {
  const res = capture(binary, ['version', '-json'], { env: withoutMissingCliConfig(process.env) });
  if (res.code !== 0) return undefined;
  try {
    return JSON.parse(res.stdout).terraform_version as string;
  } catch {
    return undefined;
  }
}

export async function ensureEngine(): Promise<void> {
  const own = userEngine();
  if (own) {
    const v = engineVersion(own);
    if (!v) throw new UserError(`TERRAFORM_BINARY_NAME=${own}, but \`${own} version -json\` failed. Point it at a working OpenTofu/Terraform binary or unset it.`);
    log(`engine: using ${own} (${v}) from TERRAFORM_BINARY_NAME`);
    return;
  }
  const want = toolchain.opentofu.version;
  const binary = paths.engine();
  if (fs.existsSync(binary) && engineVersion(binary) === want) {
    log(`engine: OpenTofu ${want} already built (${binary})`);
    return;
  }
  requireGo(toolchain.opentofu.minimumGo, `OpenTofu ${want}`);
  const moduleRef = `${toolchain.opentofu.goModule}@v${want}`;
  log(`engine: building OpenTofu ${want} from the Go module proxy (a cold build takes 5-15 minutes on 2 cores)`);
  const download = capture('go', ['mod', 'download', '-json', moduleRef], { env: { ...process.env, GOFLAGS: '-mod=mod' } });
  if (download.code !== 0) throw new UserError(`go mod download ${moduleRef} failed:\n${download.stderr || download.stdout}`);
  const moduleDir = JSON.parse(download.stdout).Dir as string;
  // The module cache is read-only, and OpenTofu's go.mod has replace directives that
  // `go install pkg@version` refuses: build from a writable copy of the module instead.
  const src = path.join(paths.buildDir(), `opentofu-${want}`);
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(src), { recursive: true });
  fs.cpSync(moduleDir, src, { recursive: true });
  makeWritable(src);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const tmp = `${binary}.tmp`;
  await runLong(
    `engine: go build ./cmd/tofu`,
    'go',
    ['build', '-trimpath', '-ldflags', '-s -w -X github.com/opentofu/opentofu/version.dev=no', '-o', tmp, './cmd/tofu'],
    path.join(paths.buildDir(), 'opentofu-build.log'),
    { cwd: src, env: { ...process.env, CGO_ENABLED: '0' } },
  );
  fs.renameSync(tmp, binary);
  fs.rmSync(src, { recursive: true, force: true });
  const got = engineVersion(binary);
  if (got !== want) throw new UserError(`engine: built ${binary} reports version ${got ?? 'unknown'}, expected ${want}.`);
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    fs.chmodSync(p, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(p);
  }
}

export async function ensureProvider(): Promise<void> {
  const p = toolchain.keycloakProvider;
  const binary = paths.providerBinary();
  const supplied = process.env.APIKEYS_KEYCLOAK_PROVIDER_BINARY;
  if (fs.existsSync(binary)) {
    log(`provider: keycloak ${p.version} already in the mirror (${paths.providerMirror()})`);
  } else if (supplied && supplied.trim() !== '') {
    // A provider built elsewhere (an internal artifact store, a machine with more access).
    if (!fs.existsSync(supplied)) throw new UserError(`APIKEYS_KEYCLOAK_PROVIDER_BINARY=${supplied}: no such file.`);
    const version = capture(supplied, ['--version']);
    log(`provider: copying ${supplied} into the mirror as keycloak ${p.version}${version.stdout ? ` (${version.stdout.trim()})` : ''}`);
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    fs.copyFileSync(supplied, binary);
    fs.chmodSync(binary, 0o755);
  } else if (userEngine() && capture('go', ['version']).code !== 0) {
    log(`provider: no Go on PATH; ${userEngine()} will install ${p.source} ${p.version} from its registry`);
    return;
  } else {
    requireGo(p.minimumGo, `the keycloak provider ${p.version}`);
    const gobin = path.join(paths.buildDir(), 'gobin');
    fs.mkdirSync(gobin, { recursive: true });
    // The provider's module path has no /v5 suffix, so v5.9.0 is addressed by the
    // pseudo-version of its release commit.
    try {
      await runLong(
        `provider: building keycloak provider ${p.version} (commit ${p.commit.slice(0, 12)}) from the Go module proxy`,
        'go',
        ['install', '-trimpath', '-ldflags', '-s -w', `${p.goModule}@${p.goVersion}`],
        path.join(paths.buildDir(), 'provider-build.log'),
        { env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin } },
      );
    } catch (err) {
      if (userEngine()) {
        log(`provider: could not build it (${(err as Error).message.split('\n')[0]}); ${userEngine()} will install it from its registry`);
        return;
      }
      throw new UserError(
        `${(err as Error).message}\n\n` +
          `The keycloak provider ${p.version} could not be built from the Go module proxy (${p.goModule}@${p.goVersion}).\n` +
          'Give the project the provider another way, then rerun `npm run tools`:\n' +
          `  - APIKEYS_KEYCLOAK_PROVIDER_BINARY=/path/to/terraform-provider-keycloak_v${p.version} (a linux_amd64 build of commit ${p.commit}), or\n` +
          '  - TERRAFORM_BINARY_NAME=tofu (or terraform) for an engine that can reach its provider registry.',
      );
    }
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    fs.copyFileSync(path.join(gobin, 'terraform-provider-keycloak'), binary);
    fs.chmodSync(binary, 0o755);
  }
  writeCliConfig();
}

/** The engine CLI config of the project: the keycloak provider comes from the mirror. */
function writeCliConfig(): void {
  const { host, namespace, type } = providerAddress();
  const address = `${host}/${namespace}/${type}`;
  const content = [
    '# Written by `npm run tools`: the keycloak provider comes from the local filesystem mirror,',
    '# everything else (nothing, today) from the registry.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(paths.providerMirror())}`,
    `    include = [${JSON.stringify(address)}]`,
    '  }',
    '  direct {',
    `    exclude = [${JSON.stringify(address)}]`,
    '  }',
    '}',
    `plugin_cache_dir = ${JSON.stringify(paths.pluginCache())}`,
    '',
  ].join('\n');
  fs.mkdirSync(paths.pluginCache(), { recursive: true });
  if (!fs.existsSync(paths.cliConfig()) || fs.readFileSync(paths.cliConfig(), 'utf8') !== content) {
    fs.writeFileSync(paths.cliConfig(), content);
  }
}

export async function ensureKeycloak(): Promise<void> {
  const k = toolchain.keycloak;
  const home = paths.keycloakHome();
  if (fs.existsSync(path.join(home, 'bin', 'kc.sh')) && fs.readFileSync(path.join(home, 'version.txt'), 'utf8').includes(k.version)) {
    log(`keycloak: server ${k.version} already unpacked (${home})`);
    return;
  }
  if (capture('mvn', ['--version']).code !== 0) {
    throw new UserError(
      `Maven (\`mvn\`) is needed once to download the Keycloak ${k.version} distribution from Maven Central, and it was not found on PATH.\n` +
        'Install Maven 3.8+ and a JDK 17+ (for example `apt-get install maven openjdk-17-jdk`), then rerun `npm run tools`.',
    );
  }
  const download = path.join(paths.buildDir(), 'keycloak-download');
  fs.rmSync(download, { recursive: true, force: true });
  fs.mkdirSync(download, { recursive: true });
  await runLong(
    `keycloak: downloading ${k.mavenArtifact}:${k.version} (about 170 MB)`,
    'mvn',
    ['-B', '-q', 'dependency:copy', `-Dartifact=${k.mavenArtifact}:${k.version}:tar.gz`, `-DoutputDirectory=${download}`],
    path.join(paths.buildDir(), 'keycloak-download.log'),
    { cwd: download },
  );
  const archive = fs.readdirSync(download).find((f) => f.endsWith('.tar.gz'));
  if (!archive) throw new UserError(`keycloak: Maven reported success but no archive is in ${download}.`);
  const unpack = path.join(paths.buildDir(), 'keycloak-unpack');
  fs.rmSync(unpack, { recursive: true, force: true });
  fs.mkdirSync(unpack, { recursive: true });
  await run('tar', ['-xzf', path.join(download, archive), '-C', unpack], { what: 'unpacking Keycloak' });
  const top = fs.readdirSync(unpack).find((d) => d.startsWith('keycloak-'));
  if (!top) throw new UserError(`keycloak: the archive ${archive} has no keycloak-* directory.`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(path.join(unpack, top), home);
  fs.rmSync(download, { recursive: true, force: true });
  fs.rmSync(unpack, { recursive: true, force: true });
  log(`keycloak: unpacked to ${home}`);
}

/** actionlint, for the workflow lint test: built once from the Go module proxy into the cache. */
export async function ensureActionlint(): Promise<string> {
  const binary = paths.actionlint();
  if (fs.existsSync(binary)) return binary;
  requireGo('1.24', 'actionlint');
  const gobin = path.join(paths.buildDir(), 'gobin');
  fs.mkdirSync(gobin, { recursive: true });
  await runLong(
    `actionlint: building ${toolchain.actionlint.version}`,
    'go',
    ['install', `${toolchain.actionlint.goPackage}@${toolchain.actionlint.version}`],
    path.join(paths.buildDir(), 'actionlint-build.log'),
    { env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin } },
  );
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(path.join(gobin, 'actionlint'), binary);
  fs.chmodSync(binary, 0o755);
  return binary;
}

/**
 * A JDK for Keycloak: JAVA_HOME when set, else the newest JDK of 17+ under the usual
 * install roots (Keycloak recommends 25), else whatever `java` is on PATH.
 */
export function findJavaHome(): string | undefined {
  if (process.env.JAVA_HOME && fs.existsSync(path.join(process.env.JAVA_HOME, 'bin', 'java'))) return process.env.JAVA_HOME;
  const roots = ['/usr/lib/jvm', '/opt/java', '/usr/local/lib/jvm', path.join(os.homedir(), '.sdkman/candidates/java')];
  const candidates: { home: string; major: number }[] = [];
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const name of fs.readdirSync(root)) {
      const home = path.join(root, name);
      if (!fs.existsSync(path.join(home, 'bin', 'java'))) continue;
      const release = path.join(home, 'release');
      const match = fs.existsSync(release) ? /JAVA_VERSION="(\d+)/.exec(fs.readFileSync(release, 'utf8')) : null;
      const major = match ? parseInt(match[1], 10) : 0;
      if (major >= toolchain.keycloak.minimumJava) candidates.push({ home, major });
    }
  }
  candidates.sort((a, b) => b.major - a.major);
  return candidates[0]?.home;
}

export function requireJava(): string | undefined {
  const home = findJavaHome();
  if (home) return home;
  const res = capture('java', ['-version']);
  if (res.code !== 0) {
    throw new UserError(
      `Java ${toolchain.keycloak.minimumJava}+ is needed to run Keycloak ${toolchain.keycloak.version} (25 recommended), and none was found.\n` +
        'Install a JDK (for example `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME.',
    );
  }
  return undefined;
}

/** `npm run tools`: everything, idempotently. */
export async function provisionAll(): Promise<void> {
  log(`cache directory: ${cacheDir()}`);
  fs.mkdirSync(paths.buildDir(), { recursive: true });
  await ensureKeycloak();
  await ensureProvider();
  await ensureEngine();
}
