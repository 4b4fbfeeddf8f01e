/**
 * Gates: what a test suite needs from the machine beyond Node (the provisioned toolchain, the
 * PostgreSQL server, jq). Every suite that needs one goes through `describeGated`, so that one
 * rule holds for all of them:
 * - what it needs is there: the suite runs;
 * - it is missing: the suite is skipped, with "NOT RUN: <reason>" in its name, so a skip is never
 *   mistaken for a pass;
 * - it is missing and APIKEYS_REQUIRE_INTEGRATION=1 (CI sets it): the suite fails with the reason.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export type Env = Readonly<Record<string, string | undefined>>;

/** What to do with a suite whose gate reports `missing` (undefined: nothing missing). */
export type GateOutcome = { kind: 'run' } | { kind: 'skip'; title: string } | { kind: 'fail'; message: string };

/** The one rule of every gate (see the file comment). */
export function gateOutcome(gate: string, missing: string | undefined, env: Env = process.env): GateOutcome {
  if (!missing) return { kind: 'run' };
  const reason = missing.split('\n')[0];
  if (env.APIKEYS_REQUIRE_INTEGRATION === '1') {
    return {
      kind: 'fail',
      message: `APIKEYS_REQUIRE_INTEGRATION=1 and this suite's ${gate} gate is closed: ${missing}\n(the suite must run here; install what is missing, or unset the variable to let it skip)`,
    };
  }
  return { kind: 'skip', title: `NOT RUN: ${reason}` };
}

/**
 * `describe` when `missing` is undefined; otherwise a skipped suite that says why, or, under
 * APIKEYS_REQUIRE_INTEGRATION=1, a suite with one failing test that says why.
 */
export function describeGated(gate: string, missing: string | undefined, env: Env = process.env): jest.Describe {
  const outcome = gateOutcome(gate, missing, env);
  if (outcome.kind === 'run') return describe;
  if (outcome.kind === 'skip') {
    return ((name: string) =>
      describe.skip(`${name} (${outcome.title})`, () => {
        it(`needs ${gate}`, () => undefined);
      })) as unknown as jest.Describe;
  }
  return ((name: string) =>
    describe(name, () => {
      it(`has ${gate}`, () => {
        throw new Error(outcome.message);
      });
    })) as unknown as jest.Describe;
}

/**
 * `describeFn` with `label` added to every suite's name, e.g. the Keycloak version an
 * integration run starts, so that a report says what it ran against.
 */
export function labelled(describeFn: jest.Describe, label: string): jest.Describe {
  return ((name: string, fn: () => void) => describeFn(`${name} [${label}]`, fn)) as unknown as jest.Describe;
}

/** The integration toolchain and Keycloak: global-setup.ts records why they are unavailable. */
export function toolchainMissing(env: Env = process.env): string | undefined {
  return env.APIKEYS_INTEGRATION_UNAVAILABLE || undefined;
}

/** The directory with the newest PostgreSQL server's initdb and pg_ctl under `root`, or undefined. */
export function postgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => ['initdb', 'pg_ctl'].every((b) => fs.existsSync(path.join(root, v, 'bin', b))))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** True when `command --version` runs and succeeds with this PATH. */
function works(command: string, env: Env): boolean {
  return spawnSync(command, ['--version'], { env: { PATH: env.PATH }, stdio: 'ignore' }).status === 0;
}

/** The PostgreSQL server (initdb, pg_ctl) and its client (psql), as the shared-state suite uses them. */
export function postgresMissing(env: Env = process.env, root = '/usr/lib/postgresql'): string | undefined {
  if (!postgresBin(root)) return `PostgreSQL server binaries (initdb, pg_ctl) not found under ${root} (apt-get install postgresql)`;
  if (!works('psql', env)) return 'psql does not run (apt-get install postgresql-client)';
  return undefined;
}

/** jq, which the workflow scripts use as GitHub's runners have it. */
export function jqMissing(env: Env = process.env): string | undefined {
  return works('jq', env) ? undefined : 'jq is not installed or does not run (apt-get install jq)';
}

/** openssl, with which the production-shaped suite makes its CAs and certificates. */
export function opensslMissing(env: Env = process.env): string | undefined {
  return spawnSync('openssl', ['version'], { env: { PATH: env.PATH }, stdio: 'ignore' }).status === 0
    ? undefined
    : 'openssl is not installed or does not run (apt-get install openssl)';
}

/** Go, which builds the tests' S3 server (toolchain/s3-server/) into the toolchain cache once. */
export function goMissing(env: Env = process.env): string | undefined {
  return spawnSync('go', ['version'], { env: { PATH: env.PATH }, stdio: 'ignore' }).status === 0
    ? undefined
    : "Go is not installed or does not run (it builds the tests' S3 server, toolchain/s3-server/; docs/s3-state.md)";
}

/** scripts/flask-venv.sh, which makes (and names) the Python environment of examples/flask-backend. */
export const FLASK_VENV_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'flask-venv.sh');

/**
 * The Python interpreter of examples/flask-backend's virtual environment (in the toolchain cache,
 * `APIKEYS_CACHE_DIR`), when scripts/flask-venv.sh has made it; else undefined.
 */
export function flaskVenvPython(env: Env = process.env): string | undefined {
  const named = spawnSync('bash', [FLASK_VENV_SCRIPT, '--path'], {
    env: { PATH: env.PATH, APIKEYS_CACHE_DIR: env.APIKEYS_CACHE_DIR },
    encoding: 'utf8',
  });
  const venv = named.status === 0 ? named.stdout.trim() : '';
  if (!venv || !fs.existsSync(path.join(venv, '.apikeys-ready'))) return undefined;
  const python = path.join(venv, 'bin', 'python');
  const imports = spawnSync(python, ['-c', 'import flask, jwt, cryptography'], { env: { PATH: env.PATH }, stdio: 'ignore' });
  return imports.status === 0 ? python : undefined;
}

/** The Flask example's virtual environment, as the flask-backend suite runs it. */
export function flaskVenvMissing(env: Env = process.env): string | undefined {
  return flaskVenvPython(env)
    ? undefined
    : 'the Python environment of examples/flask-backend is not there or does not import flask and jwt (run scripts/flask-venv.sh; .ci/run does)';
}

/** Every gate by name: a new one is added here, and the unit test of the gates covers it. */
export const GATES: Readonly<Record<string, (env: Env) => string | undefined>> = {
  toolchain: toolchainMissing,
  PostgreSQL: postgresMissing,
  jq: jqMissing,
  openssl: opensslMissing,
  Python: flaskVenvMissing,
  Go: goMissing,
};
