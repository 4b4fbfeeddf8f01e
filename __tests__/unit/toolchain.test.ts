/**
 * The toolchain's pins and the order of provisioning: the provider's Go module is pinned
 * where toolchain.json says, with hashes, and nothing the engine needs from the cache is
 * computed before the cache is filled.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diagnose } from '../../toolchain/doctor';
import { spawnSync } from 'child_process';
import { baseEnv, engineEnv } from '../../engine/environment';
import { withCacheLock } from '../../toolchain/provision';
import { withGoFlag } from '../../toolchain/inspect';
import { ensureS3Server, s3ServerBinary } from '../../toolchain/s3-server';
import { paths, projectRoot, toolchain } from '../../config/paths';

const moduleDir = path.join(projectRoot, 'toolchain', 'keycloak-provider');
const p = toolchain.keycloakProvider;

describe('the provider Go module', () => {
  const goMod = fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
  const goSum = fs.readFileSync(path.join(moduleDir, 'go.sum'), 'utf8');

  it('requires the provider at the version toolchain.json pins, as a tool', () => {
    expect(goMod).toMatch(new RegExp(`^tool ${p.goModule}$`, 'm'));
    expect(goMod).toMatch(new RegExp(`^\\s+${p.goModule} ${p.goVersion}\\b`, 'm'));
  });

  it('names the release commit that toolchain.json pins', () => {
    // A pseudo-version ends with the first 12 hex digits of its commit.
    expect(p.goVersion.endsWith(p.commit.slice(0, 12))).toBe(true);
  });

  it('pins the provider zip and go.mod hashes in go.sum, so no checksum-database look-up is needed', () => {
    expect(goSum).toMatch(new RegExp(`^${p.goModule} ${p.goVersion} h1:[A-Za-z0-9+/=]{44}$`, 'm'));
    expect(goSum).toMatch(new RegExp(`^${p.goModule} ${p.goVersion}/go.mod h1:[A-Za-z0-9+/=]{44}$`, 'm'));
  });

  it('asks for a Go no newer than toolchain.json says the provider needs', () => {
    expect(goMod).toMatch(new RegExp(`^go ${p.minimumGo.replace(/\./g, '\\.')}$`, 'm'));
  });
});

describe("the tests' S3 server Go module", () => {
  const dir = paths.s3ServerModule();
  const s = toolchain.s3Server;
  const goMod = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
  const goSum = fs.readFileSync(path.join(dir, 'go.sum'), 'utf8');

  it('requires the server module at the version toolchain.json pins, with its hashes in go.sum', () => {
    expect(goMod).toMatch(new RegExp(`^require ${s.goModule} ${s.version}$`, 'm'));
    expect(goSum).toMatch(new RegExp(`^${s.goModule} ${s.version} h1:[A-Za-z0-9+/=]{44}$`, 'm'));
    expect(goSum).toMatch(new RegExp(`^${s.goModule} ${s.version}/go.mod h1:[A-Za-z0-9+/=]{44}$`, 'm'));
    expect(goMod).toMatch(new RegExp(`^go ${s.minimumGo.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('names its cached build after the pin and the sources, so an edited main.go is built again', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-s3-module-'));
    try {
      for (const f of ['go.mod', 'go.sum', 'main.go']) fs.copyFileSync(path.join(dir, f), path.join(copy, f));
      const before = s3ServerBinary(copy);
      expect(before).toBe(s3ServerBinary(dir));
      expect(path.basename(before)).toMatch(new RegExp(`^s3-server-gofakes3-${s.version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
      expect(path.dirname(before)).toBe(path.dirname(paths.engine()));
      fs.appendFileSync(path.join(copy, 'main.go'), '\n// edited\n');
      expect(s3ServerBinary(copy)).not.toBe(before);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('without Go and without a build in the cache, says what is needed instead of failing obscurely', async () => {
    const saved = { PATH: process.env.PATH, APIKEYS_CACHE_DIR: process.env.APIKEYS_CACHE_DIR };
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-no-go-'));
    process.env.PATH = empty;
    process.env.APIKEYS_CACHE_DIR = path.join(empty, 'cache');
    try {
      await expect(ensureS3Server()).rejects.toThrow(
        `Go ${s.minimumGo} or newer is needed to build the tests' S3 server (${s.goModule} ${s.version}), and no \`go\` command was found on PATH.`,
      );
      expect(fs.existsSync(path.join(empty, 'cache', 'bin'))).toBe(false);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.APIKEYS_CACHE_DIR === undefined) delete process.env.APIKEYS_CACHE_DIR;
      else process.env.APIKEYS_CACHE_DIR = saved.APIKEYS_CACHE_DIR;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the engine environment on a first run', () => {
  const saved = { ...process.env };
  let cache: string;

  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-cache-'));
    process.env.APIKEYS_CACHE_DIR = cache;
    delete process.env.TERRAFORM_BINARY_NAME;
    delete process.env.APIKEYS_OPENTOFU_BINARY;
    delete process.env.APIKEYS_KEYCLOAK_PROVIDER_BINARY;
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('picks up the provider mirror that provisioning made after the run context was made', () => {
    // What the CLI does: environment first (before anything is provisioned) ...
    const env = baseEnv();
    expect(engineEnv(env).TF_CLI_CONFIG_FILE).toBeUndefined();
    // ... then provisioning fills the cache ...
    fs.mkdirSync(path.dirname(paths.providerBinary()), { recursive: true });
    fs.writeFileSync(paths.providerBinary(), '');
    fs.writeFileSync(paths.cliConfig(), '');
    // ... and the engine run sees the mirror.
    expect(engineEnv(env).TF_CLI_CONFIG_FILE).toBe(paths.cliConfig());
    expect(engineEnv(env).TERRAFORM_BINARY_NAME).toBe(paths.engine());
  });

  it('never carries a CLI config file that does not exist', () => {
    process.env.TF_CLI_CONFIG_FILE = path.join(cache, 'no-such-file');
    expect(baseEnv().TF_CLI_CONFIG_FILE).toBeUndefined();
  });
});

describe('doctor', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.APIKEYS_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-cache-'));
  });
  afterEach(() => {
    fs.rmSync(process.env.APIKEYS_CACHE_DIR!, { recursive: true, force: true });
    process.env = { ...saved };
  });

  it('names an engine of the wrong kind with the next step', () => {
    process.env.APIKEYS_OPENTOFU_BINARY = '/no/such/tofu';
    const engine = diagnose({ keycloakServer: false }).find((r) => r.part === 'engine')!;
    expect(engine.state).toBe('missing');
    expect(engine.next).toMatch(/OpenTofu 1\.12\.6.*fix or unset it/);
  });

  it('says the Keycloak server is not needed when no environment is local', () => {
    const server = diagnose({ keycloakServer: false }).find((r) => r.part === 'keycloak server')!;
    expect(server.state).toBe('not needed');
  });

  it('takes a supplied provider binary as its source', () => {
    const bin = path.join(process.env.APIKEYS_CACHE_DIR!, 'provider');
    fs.writeFileSync(bin, '');
    process.env.APIKEYS_KEYCLOAK_PROVIDER_BINARY = bin;
    const provider = diagnose({ keycloakServer: false }).find((r) => r.part === 'provider')!;
    expect(provider).toMatchObject({ state: 'provisionable', source: expect.stringContaining('APIKEYS_KEYCLOAK_PROVIDER_BINARY') });
  });
});

describe('the provisioning lock', () => {
  const saved = { ...process.env };
  let cache: string;
  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-cache-'));
    process.env.APIKEYS_CACHE_DIR = cache;
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('never lets two provisioning runs work on one cache at once', async () => {
    const events: string[] = [];
    const step = (name: string) => async () => {
      events.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 300));
      events.push(`${name} end`);
    };
    await Promise.all([withCacheLock(step('a')), withCacheLock(step('b'))]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(fs.existsSync(path.join(cache, 'provision.lock'))).toBe(false);
  });

  it('takes over a lock whose owner is gone', async () => {
    const dead = spawnSync('true').pid!;
    fs.mkdirSync(path.join(cache, 'provision.lock'));
    fs.writeFileSync(path.join(cache, 'provision.lock', 'pid'), String(dead));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(cache, 'provision.lock'), old, old);
    await expect(withCacheLock(async () => 'ran')).resolves.toBe('ran');
  });
});

describe('GOFLAGS for the builds', () => {
  it("keeps the user's flags and sets the module mode the build needs", () => {
    expect(withGoFlag('-mod=readonly', '-modcacherw -mod=vendor')).toBe('-modcacherw -mod=readonly');
    expect(withGoFlag('-mod=mod', '')).toBe('-mod=mod');
  });
});
