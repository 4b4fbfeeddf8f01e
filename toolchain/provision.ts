/**
 * Provisions the pinned toolchain into the cache directory: the OpenTofu engine (built from
 * the Go module proxy), the keycloak provider (built from its Go module, laid out as a
 * filesystem mirror) and the Keycloak server distribution (from Maven Central).
 *
 * Every step is skipped when its result is already there at the pinned version.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, paths, providerAddress, toolchain } from '../config/paths';
import { currentSettings, inheritedEnvironment } from '../config/settings';
import { compareVersions, engineVersion, findJavaHome, ToolchainNeeds, userEngine, withGoFlag } from './inspect';
import { capture, formatSeconds, log, run, runLong } from './process';
import { UserError } from '../model/problems';
import { verdict } from './doctor';

export function requireGo(minimum: string, forWhat: string): void {
  // The environment the build runs with: the same PATH finds the same Go.
  const res = capture('go', ['env', 'GOVERSION'], { env: inheritedEnvironment() });
  if (res.code !== 0) {
    throw new UserError(
      `Go ${minimum} or newer is needed to build ${forWhat}, and no \`go\` command was found on PATH.\n` +
        `Install Go ${minimum}+ (for example from your OS packages or the official Go distribution), ` +
        'or use an engine you already have: TERRAFORM_BINARY_NAME=terraform (or a path) with registry access.',
    );
  }
  const version = res.stdout.trim().replace(/^go/, '');
  if (compareVersions(version, minimum) < 0) {
    throw new UserError(
      `Go ${minimum} or newer is needed to build ${forWhat}; found go ${version}. Upgrade Go and rerun \`npm run tools\`.`,
    );
  }
}

/**
 * The engine, first found wins: `TERRAFORM_BINARY_NAME` (an engine of yours); the pinned
 * OpenTofu already in the cache; `APIKEYS_OPENTOFU_BINARY` (a build of the pinned version
 * made elsewhere, copied into the cache once after its version is checked); else built
 * from OpenTofu's Go module.
 */
export async function ensureEngine(): Promise<void> {
  const own = userEngine();
  if (own) {
    const v = engineVersion(own);
    if (!v)
      throw new UserError(
        `TERRAFORM_BINARY_NAME=${own}, but \`${own} version -json\` failed. Point it at a working OpenTofu/Terraform binary or unset it.`,
      );
    logOnce(`engine: using ${own} (${v}) from TERRAFORM_BINARY_NAME`);
    return;
  }
  const want = toolchain.opentofu.version;
  const binary = paths.engine();
  if (fs.existsSync(binary) && engineVersion(binary) === want) {
    logOnce(`engine: OpenTofu ${want} already built (${binary})`);
    return;
  }
  const supplied = currentSettings().toolchain.openTofuBinary;
  if (supplied !== undefined) {
    const got = fs.existsSync(supplied) ? engineVersion(supplied) : undefined;
    if (got !== want) {
      throw new UserError(
        `APIKEYS_OPENTOFU_BINARY=${supplied}: ${got ? `reports OpenTofu ${got}` : 'no such file, or not an engine'}; it must be OpenTofu ${want}. Fix or unset it.`,
      );
    }
    log(`engine: copying ${supplied} (OpenTofu ${want}) into the cache`);
    installFile(supplied, binary);
    return;
  }
  requireGo(toolchain.opentofu.minimumGo, `OpenTofu ${want}`);
  const moduleRef = `${toolchain.opentofu.goModule}@v${want}`;
  log(`engine: building OpenTofu ${want} from the Go module proxy (a cold build takes 5-15 minutes on 2 cores)`);
  const download = capture('go', ['mod', 'download', '-json', moduleRef], {
    env: { ...inheritedEnvironment(), GOFLAGS: withGoFlag('-mod=mod') },
  });
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
    { cwd: src, env: { ...inheritedEnvironment(), CGO_ENABLED: '0' } },
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

/**
 * The keycloak provider, first found wins:
 * 1. already in the cache's filesystem mirror;
 * 2. `APIKEYS_KEYCLOAK_PROVIDER_BINARY`, a build made elsewhere, copied into the mirror once;
 * 3. built with Go from the project's own module (`toolchain/keycloak-provider/`), whose
 *    go.sum pins the provider's hash and every dependency's; GOPROXY decides where the
 *    modules come from;
 * 4. with `TERRAFORM_BINARY_NAME` set and no way to build it: left to that engine's registry.
 */
export async function ensureProvider(): Promise<void> {
  const p = toolchain.keycloakProvider;
  const binary = paths.providerBinary();
  const supplied = currentSettings().toolchain.providerBinary;
  if (fs.existsSync(binary)) {
    logOnce(`provider: keycloak ${p.version} already in the mirror (${paths.providerMirror()})`);
  } else if (supplied !== undefined) {
    // A provider built elsewhere (an internal artifact store, a machine with more access).
    if (!fs.existsSync(supplied)) throw new UserError(`APIKEYS_KEYCLOAK_PROVIDER_BINARY=${supplied}: no such file.`);
    log(`provider: copying ${supplied} into the mirror as keycloak ${p.version}`);
    installFile(supplied, binary);
  } else if (userEngine() && capture('go', ['version']).code !== 0) {
    logOnce(`provider: no Go on PATH; ${userEngine()} will install ${p.source} ${p.version} from its registry`);
    return;
  } else {
    requireGo(p.minimumGo, `the keycloak provider ${p.version}`);
    const tmp = `${binary}.tmp`;
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    try {
      await runLong(
        `provider: building keycloak provider ${p.version} (commit ${p.commit.slice(0, 12)}) from its Go module, verified by toolchain/keycloak-provider/go.sum`,
        'go',
        ['build', '-trimpath', '-ldflags', '-s -w', '-o', tmp, p.goModule],
        path.join(paths.buildDir(), 'provider-build.log'),
        // -mod=readonly: go.sum is complete, so a missing hash is an error, never a look-up.
        { cwd: paths.providerModule(), env: { ...inheritedEnvironment(), CGO_ENABLED: '0', GOFLAGS: withGoFlag('-mod=readonly') } },
      );
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      if (userEngine()) {
        log(`provider: could not build it (${(err as Error).message.split('\n')[0]}); ${userEngine()} will install it from its registry`);
        return;
      }
      throw new UserError(`${(err as Error).message}\n\n${providerHelp()}`);
    }
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, binary);
  }
  writeCliConfig();
}

/** What to do when the provider cannot be built: the three ways in, most usual first. */
export function providerHelp(): string {
  const p = toolchain.keycloakProvider;
  return (
    `The keycloak provider ${p.version} could not be built from its Go module (${p.goModule}@${p.goVersion}).\n` +
    'Give the project the provider one of these ways, then rerun `npm run tools`:\n' +
    "  - GOPROXY: point Go at a module proxy that serves the module, e.g. your company's Go proxy or a\n" +
    '    file:// mirror, first in the list: GOPROXY="file:///abs/mirror,$(go env GOPROXY)". The build checks\n' +
    '    every module against toolchain/keycloak-provider/go.sum, whatever serves it.\n' +
    `  - APIKEYS_KEYCLOAK_PROVIDER_BINARY=/path/to/terraform-provider-keycloak_v${p.version} (a linux_amd64 build of commit ${p.commit}).\n` +
    '  - TERRAFORM_BINARY_NAME=tofu (or terraform): an engine of yours that can reach its provider registry.'
  );
}

/** Copies a binary into the cache atomically (a half-copied binary is never taken for a good one). */
function installFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`; // two first runs at once must not write the same file
  fs.copyFileSync(from, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, to);
}

/**
 * The engine CLI config of the project: the keycloak provider comes from the mirror. No
 * plugin cache: `init` links the provider straight from the (unpacked) mirror, and the
 * engine's plugin cache is not safe for concurrent inits (two commands at once failed with
 * "still not detected in .../plugin-cache; this is a bug in OpenTofu").
 */
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
    '',
  ].join('\n');
  if (!fs.existsSync(paths.cliConfig()) || fs.readFileSync(paths.cliConfig(), 'utf8') !== content) {
    fs.writeFileSync(paths.cliConfig(), content);
  }
}

/** A Keycloak version the project supports: toolchain.json `keycloak.supported`, with the archive's SHA-512. */
export function supportedKeycloak(version: string): { readonly sha512: string } {
  const supported: Record<string, { sha512: string }> = toolchain.keycloak.supported;
  const entry = supported[version];
  if (!entry)
    throw new UserError(
      `Keycloak ${version} is not a supported version; supported: ${Object.keys(supported).join(', ')} (toolchain.json "keycloak.supported", docs/keycloak-versions.md). Set APIKEYS_KEYCLOAK_VERSION to one of them.`,
    );
  return entry;
}

/** The SHA-512 of a file, in hex, read as a stream (the archive is about 170 MB). */
export async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Refuses an archive whose SHA-512 is not the one toolchain.json pins for the version. Maven
 * checks the repository's own .sha1 (`--strict-checksums`), which only proves the download
 * matches what the repository serves today; the pinned hash proves it is the archive this
 * project was tested with.
 */
export async function verifyKeycloakArchive(file: string, version: string): Promise<void> {
  const want = supportedKeycloak(version).sha512;
  const got = await sha512Of(file);
  if (got !== want)
    throw new UserError(
      `keycloak: ${path.basename(file)} has SHA-512 ${got}, but toolchain.json pins ${want} for Keycloak ${version}. ` +
        'The download is not the archive this project was tested with: nothing was unpacked. Check the Maven repository (or mirror) it came from.',
    );
}

/** True when the cache holds the unpacked distribution of this version. */
export function keycloakUnpacked(version: string): boolean {
  const home = paths.keycloakHome(version);
  const stamp = path.join(home, 'version.txt');
  return fs.existsSync(path.join(home, 'bin', 'kc.sh')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').includes(version);
}

/** The server distribution of `version` (default: the local Keycloak's, APIKEYS_KEYCLOAK_VERSION), unpacked in the cache. */
export async function ensureKeycloak(version = currentSettings().localKeycloak.version): Promise<void> {
  const k = toolchain.keycloak;
  supportedKeycloak(version);
  const home = paths.keycloakHome(version);
  if (keycloakUnpacked(version)) {
    logOnce(`keycloak: server ${version} already unpacked (${home})`);
    return;
  }
  if (capture('mvn', ['--version']).code !== 0) {
    throw new UserError(
      `Maven (\`mvn\`) is needed once to download the Keycloak ${version} distribution from Maven Central, and it was not found on PATH.\n` +
        'Install Maven 3.8+ and a JDK 17+ (for example `apt-get install maven openjdk-17-jdk`), then rerun `npm run tools`.',
    );
  }
  const download = path.join(paths.buildDir(), `keycloak-${version}-download`);
  fs.rmSync(download, { recursive: true, force: true });
  fs.mkdirSync(download, { recursive: true });
  await runLong(
    `keycloak: downloading ${k.mavenArtifact}:${version} (about 170 MB)`,
    'mvn',
    // --strict-checksums: a download that does not match the repository's checksum fails (Maven only warns by default).
    [
      '-B',
      '-q',
      '--strict-checksums',
      'dependency:copy',
      `-Dartifact=${k.mavenArtifact}:${version}:tar.gz`,
      `-DoutputDirectory=${download}`,
    ],
    path.join(paths.buildDir(), `keycloak-${version}-download.log`),
    { cwd: download },
  );
  const archive = fs.readdirSync(download).find((f) => f.endsWith('.tar.gz'));
  if (!archive) throw new UserError(`keycloak: Maven reported success but no archive is in ${download}.`);
  await verifyKeycloakArchive(path.join(download, archive), version);
  const unpack = path.join(paths.buildDir(), `keycloak-${version}-unpack`);
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
    { env: { ...inheritedEnvironment(), CGO_ENABLED: '0', GOBIN: gobin } },
  );
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(path.join(gobin, 'actionlint'), binary);
  fs.chmodSync(binary, 0o755);
  return binary;
}

export function requireJava(version = currentSettings().localKeycloak.version): string | undefined {
  const home = findJavaHome();
  if (home) return home;
  const res = capture('java', ['-version']);
  if (res.code !== 0) {
    throw new UserError(
      `Java ${toolchain.keycloak.minimumJava}+ is needed to run Keycloak ${version} (25 recommended), and none was found.\n` +
        'Install a JDK (for example `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME.',
    );
  }
  return undefined;
}

/**
 * Provisions what a command needs, idempotently: the engine and the provider always, the
 * Keycloak server only when asked. On failure the doctor's verdict follows the error.
 */
export async function provision(needs: ToolchainNeeds = {}): Promise<void> {
  logOnce(`cache directory: ${cacheDir()}`);
  fs.mkdirSync(paths.buildDir(), { recursive: true });
  const steps = async () => {
    // The provider first: the step most likely to need the user's help fails before the
    // long engine build, not after it.
    await ensureProvider();
    if (needs.keycloakServer) await ensureKeycloak();
    await ensureEngine();
  };
  try {
    // Everything there already: no lock, so a command never waits for another's long build
    // of a part it does not need.
    if (provisioned(needs)) await steps();
    else await withCacheLock(steps);
  } catch (err) {
    if (err instanceof UserError) {
      throw new UserError(`${err.message}\n\n${verdict({ keycloakServer: needs.keycloakServer ?? false })}`, err.exitCode);
    }
    throw err;
  }
}

/** True when every part the needs ask for is in the cache (or comes from the user's engine). */
function provisioned(needs: ToolchainNeeds): boolean {
  const engine = userEngine() !== undefined || fs.existsSync(paths.engine());
  const provider = fs.existsSync(paths.providerBinary()) && fs.existsSync(paths.cliConfig());
  const server = !needs.keycloakServer || keycloakUnpacked(currentSettings().localKeycloak.version);
  return engine && provider && server;
}

/**
 * Runs the steps while holding the cache's provisioning lock, so that two commands (or a
 * developer and CI) sharing a cache never build into the same directories at once. The
 * lock is a directory (created atomically) holding the owner's pid; a lock whose owner is
 * gone is taken over.
 */
export async function withCacheLock<T>(steps: () => Promise<T>): Promise<T> {
  const lock = path.join(cacheDir(), 'provision.lock');
  const started = Date.now();
  let lastNote = 0;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = parseInt(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }), 10);
    if (!Number.isInteger(owner) || !processAlive(owner)) {
      // Written between mkdir and the pid file, or left by a killed run: give the writer a
      // moment, then take the lock over.
      if (Date.now() - fs.statSync(lock).mtimeMs > 5_000) fs.rmSync(lock, { recursive: true, force: true });
    } else if (Date.now() - lastNote > 30_000) {
      log(
        `toolchain: waiting for another provisioning run (pid ${owner}) to finish with ${cacheDir()}; ${formatSeconds((Date.now() - started) / 1000)} so far`,
      );
      lastNote = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  try {
    return await steps();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Everything, for the tests and `npm run tools -- --all`. */
export async function provisionAll(): Promise<void> {
  await provision({ keycloakServer: true });
}

const logged = new Set<string>();
/** "Already there" notes are worth one line per process, however many steps ask. */
function logOnce(message: string): void {
  if (logged.has(message)) return;
  logged.add(message);
  log(message);
}
