/**
 * The local Keycloak that `npm start` and the tests use: dev mode, bound to 127.0.0.1,
 * data and logs under the cache directory, one server per port, tracked by a pid file.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { paths, toolchain } from '../config/paths';
import { LOCAL_KEYCLOAK_FEATURES, LocalKeycloakSettings, localSettings, localUrl } from '../config/local-keycloak';
import { inheritedEnvironment } from '../config/settings';
import { formatSeconds, log } from './process';
import { UserError } from '../model/problems';
import { ensureKeycloak, requireJava } from './provision';

function runFiles(port: number) {
  const dir = paths.keycloakRun(port);
  return {
    dir,
    pid: path.join(dir, 'keycloak.pid'),
    log: path.join(dir, 'keycloak.log'),
    data: path.join(dir, 'data'),
    /** The features the running server was started with. */
    features: path.join(dir, 'keycloak.features'),
  };
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
  const files = runFiles(settings.port);
  const running = readPid(files.pid);
  if (running !== undefined) {
    log(`keycloak: already running on ${localUrl(settings)} (pid ${running}); waiting for readiness`);
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
  await ensureKeycloak();
  const javaHome = requireJava();
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
    '--db=dev-file',
    `--db-url=jdbc:h2:file:${path.join(files.data, 'keycloakdb')};NON_KEYWORDS=VALUE`,
  ];
  const started = Date.now();
  log(`keycloak: starting ${toolchain.keycloak.version} on ${localUrl(settings)} (data and log in ${files.dir})`);
  const child = spawn(path.join(paths.keycloakHome(), 'bin', 'kc.sh'), args, {
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
  const files = runFiles(settings.port);
  const pid = readPid(files.pid);
  if (pid === undefined) {
    fs.rmSync(files.pid, { force: true });
    log(`keycloak: no server of ours is running on port ${settings.port}`);
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(files.pid, { force: true });
  fs.rmSync(files.features, { force: true });
  log(`keycloak: stopped (pid ${pid})`);
}
