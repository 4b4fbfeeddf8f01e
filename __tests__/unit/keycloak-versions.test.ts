/**
 * Keycloak versions of the local server (docs/keycloak-versions.md): only supported versions
 * are provisioned, an archive must have the SHA-512 toolchain.json pins for its version, and a
 * local server of another version is never reused; data and state live per version.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { paths, projectRoot, toolchain } from '../../config/paths';
import { readSettings } from '../../config/settings';
import { UserError } from '../../model/problems';
import { resolveTarget } from '../../stacks/target';
import { keycloakDown, keycloakUp, moveLegacyData } from '../../toolchain/local-keycloak';
import { ensureKeycloak, sha512Of, supportedKeycloak, verifyKeycloakArchive } from '../../toolchain/provision';

let dir: string;
const saved = process.env.APIKEYS_CACHE_DIR;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-versions-'));
  process.env.APIKEYS_CACHE_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.APIKEYS_CACHE_DIR;
  else process.env.APIKEYS_CACHE_DIR = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

const caught = async (p: Promise<unknown>): Promise<Error> => {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
};

describe('provisioning a version', () => {
  it('refuses a version toolchain.json does not list, naming the supported ones, before any download', async () => {
    expect(() => supportedKeycloak('26.5.0')).toThrow(UserError);
    const err = await caught(ensureKeycloak('26.5.0'));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe(
      'Keycloak 26.5.0 is not a supported version; supported: 26.7.3, 26.4.7 (toolchain.json "keycloak.supported", docs/keycloak-versions.md). Set APIKEYS_KEYCLOAK_VERSION to one of them.',
    );
    expect(fs.existsSync(paths.buildDir())).toBe(false);
  });

  it('names, for each version other than the default, suites .ci/run runs against it that exist', () => {
    const supported: Record<string, { sha512: string; ciSuites?: string[] }> = toolchain.keycloak.supported;
    const others = Object.keys(supported).filter((v) => v !== toolchain.keycloak.version);
    expect(others.length).toBeGreaterThan(0);
    for (const v of others) {
      expect([v, supported[v].ciSuites?.length ?? 0]).toEqual([v, expect.any(Number)]);
      for (const suite of supported[v].ciSuites ?? []) expect([suite, fs.existsSync(path.join(projectRoot, suite))]).toEqual([suite, true]);
    }
    expect(fs.readFileSync(path.join(projectRoot, '.ci', 'run'), 'utf8')).toMatch(/APIKEYS_KEYCLOAK_VERSION="\$version"/);
  });

  it('hashes a file as sha512sum does', async () => {
    const file = path.join(dir, 'a.tar.gz');
    const content = Buffer.alloc(3 * 1024 * 1024, 7); // several stream chunks
    fs.writeFileSync(file, content);
    expect(await sha512Of(file)).toBe(createHash('sha512').update(content).digest('hex'));
  });

  it('refuses an archive whose SHA-512 is not the pinned one, naming both', async () => {
    const file = path.join(dir, 'keycloak-quarkus-dist-26.4.7.tar.gz');
    fs.writeFileSync(file, 'not the distribution');
    const got = createHash('sha512').update('not the distribution').digest('hex');
    const err = await caught(verifyKeycloakArchive(file, '26.4.7'));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain(`has SHA-512 ${got}, but toolchain.json pins ${supportedKeycloak('26.4.7').sha512} for Keycloak 26.4.7`);
    expect(err.message).toContain('nothing was unpacked');
  });
});

describe('the local server of a port', () => {
  const settings = (version: string) =>
    readSettings({ APIKEYS_KEYCLOAK_VERSION: version, APIKEYS_KEYCLOAK_PORT: '18499', APIKEYS_CACHE_DIR: dir });
  const run = () => paths.keycloakRun(18499);
  /** A server of ours "running" on the port: this test process stands in for it. */
  const running = (version: string | undefined) => {
    fs.mkdirSync(run(), { recursive: true });
    fs.writeFileSync(path.join(run(), 'keycloak.pid'), String(process.pid));
    if (version) fs.writeFileSync(path.join(run(), 'keycloak.version'), version);
  };

  it('is not reused when it runs another version: the error names both and how to stop it', async () => {
    running('26.7.3');
    const err = await caught(keycloakUp(settings('26.4.7').localKeycloak));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/port 18499 \(pid \d+\) runs Keycloak 26.7.3, but APIKEYS_KEYCLOAK_VERSION asks for 26.4.7/);
    expect(err.message).toContain('npm run keycloak:down');
  });

  it('is not reused when an earlier version of the project started it with its data outside the version directories', async () => {
    running(undefined);
    fs.mkdirSync(path.join(run(), 'data'));
    const err = await caught(keycloakUp(settings('26.7.3').localKeycloak));
    expect(err.message).toMatch(/was started by an earlier version of this project, with its data in .*18499\/data/);
    // and counts as 26.7.3, the only version there was
    expect((await caught(keycloakUp(settings('26.4.7').localKeycloak))).message).toMatch(/runs Keycloak 26.7.3, but .* asks for 26.4.7/);
  });

  it('moves the data and state of before into the 26.7.3 directory once, and never over newer ones', () => {
    for (const d of ['data', 'state']) {
      fs.mkdirSync(path.join(run(), d), { recursive: true });
      fs.writeFileSync(path.join(run(), d, 'f'), d);
    }
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    moveLegacyData(18499);
    const to = path.join(run(), 'keycloak-26.7.3');
    expect(fs.readFileSync(path.join(to, 'data', 'f'), 'utf8')).toBe('data');
    expect(fs.readFileSync(path.join(to, 'state', 'f'), 'utf8')).toBe('state');
    expect(fs.existsSync(path.join(run(), 'data'))).toBe(false);
    // a later leftover does not replace what is there
    fs.mkdirSync(path.join(run(), 'data'));
    moveLegacyData(18499);
    expect(fs.readFileSync(path.join(to, 'data', 'f'), 'utf8')).toBe('data');
    expect(fs.existsSync(path.join(run(), 'data'))).toBe(true);
    jest.restoreAllMocks();
  });

  it('keeps the local environment state of each version apart', () => {
    const env = { keycloak: 'local', state: { local: {} } } as never;
    const platform = { realm: { name: 'r' } } as never;
    const state = (v: string) => resolveTarget('local', env, platform, { settings: settings(v), root: dir }).state;
    expect(state('26.7.3')).toEqual({ kind: 'local', path: path.join(run(), 'keycloak-26.7.3', 'state', 'api-keys-local.tfstate') });
    expect(state('26.4.7')).toEqual({ kind: 'local', path: path.join(run(), 'keycloak-26.4.7', 'state', 'api-keys-local.tfstate') });
  });

  it('keycloak:down with no server of ours on the port says so', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => {
      lines.push(String(s));
      return true;
    });
    try {
      await keycloakDown(settings('26.4.7').localKeycloak);
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('')).toContain('no server of ours is running on port 18499');
  });
});
