/**
 * The local Keycloak that `npm start` and the tests use: dev mode, bound to 127.0.0.1,
 * data and logs under the cache directory, one server per port, tracked by a pid file.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { paths } from '../config/paths';
import {
  LOCAL_KEYCLOAK_FEATURES,
  LOCAL_KEYCLOAK_REALM_CACHE_ENTRIES,
  LocalKeycloakSettings,
  localSettings,
  localUrl,
} from '../config/local-keycloak';
import { inheritedEnvironment } from '../config/settings';
import { formatSeconds, log } from './process';
import { UserError } from '../model/problems';
import { ensureKeycloak, requireJava } from './provision';

function runFiles(port: number, version: string) {
  const dir = paths.keycloakRun(port);
  return {
    dir,
    pid: path.join(dir, 'keycloak.pid'),
    log: path.join(dir, 'keycloak.log'),
    /** This version's database on this port (its sibling `state/` holds the local environment's state). */
    data: path.join(paths.keycloakVersionDir(port, version), 'data'),
    /** The features the running server was started with. */
    features: path.join(dir, 'keycloak.features'),
    /** The version the running server is. */
    version: path.join(dir, 'keycloak.version'),
    /** Where data and state lived before they were kept per version. */
    legacy: { data: path.join(dir, 'data'), state: path.join(dir, 'state') },
  };
}

/**
 * The version of the server of ours running on the port. A server started before versions
 * were recorded is the version that was the only one then.
 */
function runningVersion(files: ReturnType<typeof runFiles>): string {
  return fs.existsSync(files.version) ? fs.readFileSync(files.version, 'utf8').trim() : LEGACY_VERSION;
}

/** The one version this project ran before APIKEYS_KEYCLOAK_VERSION (data then lived in `<port>/data`). */
const LEGACY_VERSION = '26.7.3';

/**
 * Moves the data and state of a port from before they were kept per version into the
 * directory of the version that made them, once, while no server runs there.
 */
export function moveLegacyData(port: number): void {
  const files = runFiles(port, LEGACY_VERSION);
  const target = paths.keycloakVersionDir(port, LEGACY_VERSION);
  for (const [name, from] of Object.entries(files.legacy)) {
    const to = path.join(target, name);
    if (!fs.existsSync(from) || fs.existsSync(to)) continue;
    fs.mkdirSync(target, { recursive: true });
    fs.renameSync(from, to);
    log(`keycloak: moved ${from} to ${to} (data and state are kept per Keycloak version now)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const pid = parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

async function isReady(settings: LocalKeycloakSettings): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${settings.managementPort}/health/ready`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function portAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 30): string {
  if (!fs.existsSync(file)) return '(no log written)';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Starts the local Keycloak unless one of ours already runs on the port.
 * @returns true when this call started it.
 */
export async function keycloakUp(settings = localSettings()): Promise<boolean> {
  const files = runFiles(settings.port, settings.version);
  const running = readPid(files.pid);
  if (running !== undefined) {
    const version = runningVersion(files);
    if (version !== settings.version) {
      // Reusing it would run everything against another version than asked for, and its
      // database and state belong to that version.
      throw new UserError(
        `keycloak: the local server on port ${settings.port} (pid ${running}) runs Keycloak ${version}, but APIKEYS_KEYCLOAK_VERSION asks for ${settings.version}.\n` +
          `Stop it first (\`npm run keycloak:down\` with APIKEYS_KEYCLOAK_PORT=${settings.port}; its data stays for the next start of ${version}), or run ${settings.version} on another port (APIKEYS_KEYCLOAK_PORT).`,
      );
    }
    if (!fs.existsSync(files.version) && fs.existsSync(files.legacy.data)) {
      // Started by an earlier version of this project: its database is not where this one keeps data.
      throw new UserError(
        `keycloak: the local server on port ${settings.port} (pid ${running}) was started by an earlier version of this project, with its data in ${files.legacy.data}.\n` +
          'Stop it once (`npm run keycloak:down`) and start it again: its data and state move to the directory of its Keycloak version.',
      );
    }
    log(`keycloak: ${version} already running on ${localUrl(settings)} (pid ${running}); waiting for readiness`);
    const features = fs.existsSync(files.features) ? fs.readFileSync(files.features, 'utf8').trim() : '';
    if (features !== LOCAL_KEYCLOAK_FEATURES.join(',')) {
      // A server started by an older version of this project lacks features the platform
      // stack now needs (client-secret-rotation): say so rather than fail later, obscurely.
      log(
        `keycloak: WARNING: this server was started with features "${features || 'unknown'}", not "${LOCAL_KEYCLOAK_FEATURES.join(',')}"; run \`npm run keycloak:down\` and start it again`,
      );
    }
    await waitReady(settings, running, files.log);
    return false;
  }
  if (await portAnswers(settings.port)) {
    throw new UserError(
      `Port ${settings.port} on 127.0.0.1 is taken by a process this project did not start.\n` +
        'Stop it, choose another port with APIKEYS_KEYCLOAK_PORT, or point the project at that server with KEYCLOAK_URL.',
    );
  }
  await ensureKeycloak(settings.version);
  const javaHome = requireJava(settings.version);
  moveLegacyData(settings.port);
  fs.mkdirSync(files.data, { recursive: true });
  const out = fs.openSync(files.log, 'a');
  const args = [
    'start-dev',
    '--http-host=127.0.0.1',
    `--http-port=${settings.port}`,
    `--http-management-port=${settings.managementPort}`,
    '--health-enabled=true',
    '--http-access-log-enabled=true',
    // Rotation with a grace period (platform.yaml secretRotation) needs this preview feature;
    // a production server needs the same flag (docs/lifecycle.md, "Rotation with a grace period").
    `--features=${LOCAL_KEYCLOAK_FEATURES.join(',')}`,
    // Sized for realms of thousands of customers (see the constant).
    `--cache-embedded-realms-max-count=${LOCAL_KEYCLOAK_REALM_CACHE_ENTRIES}`,
    '--db=dev-file',
    `--db-url=jdbc:h2:file:${path.join(files.data, 'keycloakdb')};NON_KEYWORDS=VALUE`,
  ];
  const started = Date.now();
  log(`keycloak: starting ${settings.version} on ${localUrl(settings)} (log in ${files.dir}, data in ${path.dirname(files.data)})`);
  const child = spawn(path.join(paths.keycloakHome(settings.version), 'bin', 'kc.sh'), args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...inheritedEnvironment(),
      ...(javaHome ? { JAVA_HOME: javaHome } : {}),
      JAVA_OPTS_KC_HEAP: `-Xms64m -Xmx${settings.heap}`,
      KC_BOOTSTRAP_ADMIN_USERNAME: settings.adminUser,
      KC_BOOTSTRAP_ADMIN_PASSWORD: settings.adminPassword,
    },
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new UserError('keycloak: the process could not be started.');
  fs.writeFileSync(files.pid, String(child.pid));
  fs.writeFileSync(files.features, LOCAL_KEYCLOAK_FEATURES.join(','));
  fs.writeFileSync(files.version, settings.version);
  child.unref();
  await waitReady(settings, child.pid, files.log);
  log(`keycloak: ready in ${formatSeconds((Date.now() - started) / 1000)}`);
  return true;
}

async function waitReady(settings: LocalKeycloakSettings, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + settings.startTimeoutSeconds * 1000;
  let lastNote = Date.now();
  while (Date.now() < deadline) {
    if (await isReady(settings)) return;
    if (!alive(pid)) {
      throw new UserError(`keycloak: the server exited before it was ready. Last lines of ${logFile}:\n${tail(logFile)}`);
    }
    if (Date.now() - lastNote > 15_000) {
      log('  ... waiting for Keycloak to become ready');
      lastNote = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new UserError(
    `keycloak: not ready after ${settings.startTimeoutSeconds} s (raise APIKEYS_KEYCLOAK_START_TIMEOUT on slow machines). ` +
      `Last lines of ${logFile}:\n${tail(logFile)}`,
  );
}

/** Stops the local Keycloak this project started on the port, if any. */
export async function keycloakDown(settings = localSettings()): Promise<void> {
  const files = runFiles(settings.port, settings.version);
  const pid = readPid(files.pid);
  if (pid === undefined) {
    fs.rmSync(files.pid, { force: true });
    log(`keycloak: no server of ours is running on port ${settings.port}`);
    return;
  }
  // Whatever version it runs: there is one server per port, and stopping it loses no data.
  const version = runningVersion(files);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(files.pid, { force: true });
  fs.rmSync(files.features, { force: true });
  fs.rmSync(files.version, { force: true });
  log(`keycloak: stopped ${version} (pid ${pid})`);
}
