/**
 * The gates of the suites that need more than Node (__tests__/support/gates.ts): each one
 * detects what is missing, skips as NOT RUN without APIKEYS_REQUIRE_INTEGRATION, and fails
 * under it; the integration set-up fails under it too and ignores a stale unavailability marker.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import {
  describeGated,
  Env,
  FLASK_VENV_SCRIPT,
  flaskVenvMissing,
  GATES,
  gateOutcome,
  goMissing,
  jqMissing,
  labelled,
  postgresMissing,
  toolchainMissing,
} from '../support/gates';

jest.mock('../../toolchain/provision', () => ({ provisionAll: jest.fn() }));
jest.mock('../../toolchain/local-keycloak', () => ({ keycloakUp: jest.fn(async () => false) }));
const { provisionAll } = jest.requireMock<{ provisionAll: jest.Mock }>('../../toolchain/provision');

const REQUIRE: Env = { APIKEYS_REQUIRE_INTEGRATION: '1' };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-gates-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A directory for PATH holding stand-ins for `commands` that exit with `code`. */
function standIns(commands: string[], code: number): string {
  const bin = path.join(dir, `bin-${code}`);
  fs.mkdirSync(bin, { recursive: true });
  for (const c of commands) fs.writeFileSync(path.join(bin, c), `#!/bin/sh\necho "stand-in ${c}" >&2\nexit ${code}\n`, { mode: 0o755 });
  return bin;
}

/** A fake /usr/lib/postgresql with one version's server binaries. */
function postgresRoot(): string {
  const root = path.join(dir, 'postgresql');
  fs.mkdirSync(path.join(root, '16', 'bin'), { recursive: true });
  for (const b of ['initdb', 'pg_ctl']) fs.writeFileSync(path.join(root, '16', 'bin', b), '', { mode: 0o755 });
  return root;
}

/** What describeGated registers, recorded instead of handed to jest: suite names and their tests. */
function registered(describeFn: jest.Describe): { suites: string[]; skipped: string[]; tests: [string, () => unknown][] } {
  const out = { suites: [] as string[], skipped: [] as string[], tests: [] as [string, () => unknown][] };
  const g = globalThis as any;
  const saved = { describe: g.describe, it: g.it };
  const fakeDescribe: any = (name: string, fn: () => void) => {
    out.suites.push(name);
    fn();
  };
  fakeDescribe.skip = (name: string) => out.skipped.push(name);
  g.describe = fakeDescribe;
  g.it = (name: string, fn: () => unknown) => out.tests.push([name, fn]);
  try {
    // a closed gate's suite calls jest's globals when it is declared: here, the recorders
    describeFn('the suite', () => g.it('its own test', () => 'ran'));
  } finally {
    g.describe = saved.describe;
    g.it = saved.it;
  }
  return out;
}

describe('each gate detects what is missing', () => {
  it('toolchain: the reason global-setup recorded', () => {
    expect(toolchainMissing({})).toBeUndefined();
    expect(toolchainMissing({ APIKEYS_INTEGRATION_UNAVAILABLE: 'engine build failed\ndetails' })).toBe('engine build failed\ndetails');
  });

  it('PostgreSQL: no server binaries, or a psql that does not run', () => {
    const root = postgresRoot();
    const good = standIns(['psql'], 0);
    expect(postgresMissing({ PATH: good }, root)).toBeUndefined();
    expect(postgresMissing({ PATH: good }, path.join(dir, 'nothing-here'))).toMatch(
      /PostgreSQL server binaries \(initdb, pg_ctl\) not found/,
    );
    expect(postgresMissing({ PATH: standIns(['psql'], 1) }, root)).toMatch(/psql does not run/);
    expect(postgresMissing({ PATH: path.join(dir, 'empty') }, root)).toMatch(/psql does not run/);
  });

  it('jq: a stand-in that fails counts as missing', () => {
    expect(jqMissing({ PATH: standIns(['jq'], 0) })).toBeUndefined();
    expect(jqMissing({ PATH: standIns(['jq'], 1) })).toMatch(/jq is not installed or does not run/);
    expect(jqMissing({ PATH: path.join(dir, 'empty') })).toMatch(/jq is not installed/);
  });

  it('Go: a stand-in that fails counts as missing', () => {
    expect(goMissing({ PATH: standIns(['go'], 0) })).toBeUndefined();
    expect(goMissing({ PATH: standIns(['go'], 1) })).toMatch(/Go is not installed or does not run/);
    expect(goMissing({ PATH: path.join(dir, 'empty') })).toMatch(/Go is not installed/);
  });

  it('Python: the venv scripts/flask-venv.sh names, made to the end, whose python imports the packages', () => {
    const env = { PATH: process.env.PATH, APIKEYS_CACHE_DIR: path.join(dir, 'cache') };
    const venv = spawnSync('bash', [FLASK_VENV_SCRIPT, '--path'], { env, encoding: 'utf8' }).stdout.trim();
    expect(venv).toMatch(new RegExp(`^${dir}/cache/python/flask-backend-[0-9a-f]{16}$`));
    expect(flaskVenvMissing(env)).toMatch(/Python environment of examples\/flask-backend is not there/);
    // a stand-in interpreter: the gate opens only once the script has marked the venv ready
    fs.mkdirSync(path.join(venv, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(venv, 'bin', 'python'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(flaskVenvMissing(env)).toMatch(/not there/);
    fs.writeFileSync(path.join(venv, '.apikeys-ready'), '');
    expect(flaskVenvMissing(env)).toBeUndefined();
    fs.writeFileSync(path.join(venv, 'bin', 'python'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    expect(flaskVenvMissing(env)).toMatch(/does not import flask/);
  });
});

describe('every gate: NOT RUN without APIKEYS_REQUIRE_INTEGRATION, a failure with it', () => {
  /** Each gate's probe, on a machine where what it needs is missing. */
  const closed = (): Record<string, string | undefined> => ({
    toolchain: GATES.toolchain({ APIKEYS_INTEGRATION_UNAVAILABLE: 'the engine could not be built' }),
    PostgreSQL: postgresMissing({ PATH: standIns(['psql'], 0) }, path.join(dir, 'nothing-here')),
    jq: GATES.jq({ PATH: standIns(['jq'], 1) }),
    openssl: GATES.openssl({ PATH: standIns(['openssl'], 1) }),
    Python: GATES.Python({ PATH: process.env.PATH, APIKEYS_CACHE_DIR: path.join(dir, 'no-cache') }),
    Go: GATES.Go({ PATH: standIns(['go'], 1) }),
  });

  it('covers every gate in GATES', () => {
    expect(Object.keys(closed()).sort()).toEqual(Object.keys(GATES).sort());
  });

  it.each(Object.keys(GATES))('%s: skipped as NOT RUN without the variable, with the reason in the suite name', (gate) => {
    const missing = closed()[gate]!;
    expect(missing).toEqual(expect.any(String));
    expect(gateOutcome(gate, missing, {})).toEqual({ kind: 'skip', title: `NOT RUN: ${missing.split('\n')[0]}` });
    const seen = registered(describeGated(gate, missing, { APIKEYS_REQUIRE_INTEGRATION: '0' }));
    expect(seen).toEqual({ suites: [], skipped: [`the suite (NOT RUN: ${missing.split('\n')[0]})`], tests: [] });
  });

  it.each(Object.keys(GATES))('%s: under APIKEYS_REQUIRE_INTEGRATION=1 the suite holds one test, which fails with the reason', (gate) => {
    const missing = closed()[gate]!;
    const seen = registered(describeGated(gate, missing, REQUIRE));
    expect(seen.suites).toEqual(['the suite']);
    expect(seen.skipped).toEqual([]);
    expect(seen.tests.map(([name]) => name)).toEqual([`has ${gate}`]);
    expect(() => seen.tests[0][1]()).toThrow(`APIKEYS_REQUIRE_INTEGRATION=1 and this suite's ${gate} gate is closed: ${missing}`);
  });

  it('an open gate runs the suite as it is, with or without the variable', () => {
    for (const env of [{}, REQUIRE]) {
      expect(gateOutcome('jq', undefined, env)).toEqual({ kind: 'run' });
      expect(describeGated('jq', undefined, env)).toBe(describe);
    }
  });

  it('a labelled suite says what it runs against in its name, open or closed', () => {
    const names: string[] = [];
    labelled(((name: string) => names.push(name)) as unknown as jest.Describe, 'Keycloak 26.4.7')('tokens', () => undefined);
    expect(names).toEqual(['tokens [Keycloak 26.4.7]']);
    const closed = registered(labelled(describeGated('toolchain', 'no engine', {}), 'Keycloak 26.4.7'));
    expect(closed.skipped).toEqual(['the suite [Keycloak 26.4.7] (NOT RUN: no engine)']);
  });
});

describe('the integration set-up (global-setup.ts)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['APIKEYS_REQUIRE_INTEGRATION', 'APIKEYS_INTEGRATION_UNAVAILABLE', 'APIKEYS_TEST_STARTED_KEYCLOAK', 'KEYCLOAK_URL']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    provisionAll.mockReset();
  });
  const setup = async () => (await import('../integration/support/global-setup')).default();
  const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return await f();
    } finally {
      spy.mockRestore();
    }
  };

  beforeEach(() => {
    delete process.env.KEYCLOAK_URL;
  });

  it('fails under APIKEYS_REQUIRE_INTEGRATION=1 when the toolchain cannot be provisioned', async () => {
    process.env.APIKEYS_REQUIRE_INTEGRATION = '1';
    provisionAll.mockRejectedValue(new Error('engine build failed'));
    await expect(setup()).rejects.toThrow('engine build failed');
    expect(process.env.APIKEYS_INTEGRATION_UNAVAILABLE).toBeUndefined();
  });

  it('without the variable, records the reason for the suites to report as NOT RUN', async () => {
    delete process.env.APIKEYS_REQUIRE_INTEGRATION;
    provisionAll.mockRejectedValue(new Error('engine build failed'));
    await quietly(setup);
    expect(process.env.APIKEYS_INTEGRATION_UNAVAILABLE).toBe('engine build failed');
  });

  it('clears a stale unavailability marker inherited from the environment when provisioning works', async () => {
    process.env.APIKEYS_INTEGRATION_UNAVAILABLE = 'left over from another run';
    provisionAll.mockResolvedValue(undefined);
    await setup();
    expect(process.env.APIKEYS_INTEGRATION_UNAVAILABLE).toBeUndefined();
    expect(toolchainMissing()).toBeUndefined();
  });
});
