/**
 * The settings module: every environment variable parsed once, with defaults, and a bad value
 * refused with an error that names the variable, the value (never a secret's) and the fix.
 * Also what the settings replaced: buildApp and resolveTarget take plain values, a relative
 * state path follows the project root, and `tools`/`doctor` see the local Keycloak as deploy does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { localEnvironmentInUse } from '../../cli/command';
import { generateKeyPairSync } from 'crypto';
import { readSettings, SettingsError, SUPPORTED_KEYCLOAK_VERSIONS, VARIABLES } from '../../config/settings';
import toolchain from '../../toolchain.json';
import { UserError } from '../../model/problems';
import { buildApp } from '../../stacks/app';
import { removeTempDirs, TestProject, testIdentityKey, testSettings } from './helpers';

afterAll(removeTempDirs);

const error = (env: NodeJS.ProcessEnv): SettingsError => {
  try {
    readSettings(env);
  } catch (err) {
    return err as SettingsError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('defaults', () => {
  it('gives every setting its documented default when nothing is set', () => {
    const s = readSettings({});
    expect(s.target).toEqual({ keycloakUrl: undefined, loginRealm: undefined, realm: undefined, stateDir: undefined });
    expect(s.login).toEqual({ clientId: undefined, clientSecret: undefined, user: undefined, password: undefined, timeoutSeconds: 60 });
    expect(s.engine).toEqual({
      timeoutSeconds: undefined,
      lockTimeout: '60s',
      confirmRemoval: undefined,
      fastCheck: true,
      parallelism: 10,
    });
    expect(s.encryption).toEqual({ passphrase: undefined, config: undefined, allowUnencrypted: false, migrate: false });
    expect(s.localKeycloak).toEqual({
      version: '26.7.3',
      port: 8080,
      managementPort: 9080,
      adminUser: 'admin',
      adminPassword: 'admin',
      heap: '1g',
      startTimeoutSeconds: 240,
    });
    expect(s.toolchain.cacheDir).toBe(path.resolve(__dirname, '..', '..', '.cache'));
    expect(s.toolchain.goflags).toBe('');
    expect(s.cdktfStackTraces).toBe(false);
  });

  it('runs the local Keycloak at a supported version: the default, or one toolchain.json lists with its archive hash', () => {
    expect(readSettings({ APIKEYS_KEYCLOAK_VERSION: ' 26.4.7 ' }).localKeycloak.version).toBe('26.4.7');
    expect(readSettings({ APIKEYS_KEYCLOAK_VERSION: '26.7.3' }).localKeycloak.version).toBe('26.7.3');
    expect(SUPPORTED_KEYCLOAK_VERSIONS[0]).toBe(toolchain.keycloak.version);
    expect([...SUPPORTED_KEYCLOAK_VERSIONS].sort()).toEqual(Object.keys(toolchain.keycloak.supported).sort());
    for (const v of SUPPORTED_KEYCLOAK_VERSIONS)
      expect([v, (toolchain.keycloak.supported as Record<string, { sha512: string }>)[v].sha512]).toEqual([
        v,
        expect.stringMatching(/^[0-9a-f]{128}$/),
      ]);
  });

  it('treats a blank value as unset, and derives what follows from another setting', () => {
    const s = readSettings({ APIKEYS_KEYCLOAK_PORT: '8140', KEYCLOAK_URL: '  ', KEYCLOAK_USER: 'ops', APIKEYS_LOCK_TIMEOUT: '' });
    expect(s.localKeycloak.managementPort).toBe(9140);
    expect(s.localKeycloak.adminUser).toBe('ops');
    expect(s.target.keycloakUrl).toBeUndefined();
    expect(s.engine.lockTimeout).toBe('60s');
  });

  it('parses what is set into its type', () => {
    const s = readSettings({
      KEYCLOAK_URL: ' https://sso.example.com// ',
      APIKEYS_STATE_DIR: 'relative/state',
      KEYCLOAK_CLIENT_TIMEOUT: '10',
      APIKEYS_ENGINE_TIMEOUT: '35.5',
      APIKEYS_CONFIRM_REMOVAL: '0',
      APIKEYS_ALLOW_UNENCRYPTED_STATE: '1',
      APIKEYS_STATE_ENCRYPTION_MIGRATE: '0',
      APIKEYS_CDKTF_STACK_TRACES: '1',
      APIKEYS_LOCK_TIMEOUT: '1m30s',
      APIKEYS_ENGINE_PARALLELISM: '4',
    });
    expect(s.target.keycloakUrl).toBe('https://sso.example.com');
    expect(s.target.stateDir).toBe(path.resolve('relative/state'));
    expect(s.login.timeoutSeconds).toBe(10);
    expect(s.engine).toEqual({ timeoutSeconds: 35.5, lockTimeout: '1m30s', confirmRemoval: 0, fastCheck: true, parallelism: 4 });
    expect(s.encryption.allowUnencrypted).toBe(true);
    expect(s.encryption.migrate).toBe(false);
    expect(s.cdktfStackTraces).toBe(true);
  });
});

/** A key pair for KEYCLOAK_JWT_SIGNING_KEY. */
const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SIGNING_KEY_PEM = SIGNING_KEY.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('the pipeline identities: signing key and key files', () => {
  it('reads KEYCLOAK_JWT_SIGNING_KEY as the PEM, also when a single-line secret store gives it with literal \\n', () => {
    expect(readSettings({ KEYCLOAK_JWT_SIGNING_KEY: SIGNING_KEY_PEM }).login.jwtSigningKey).toBe(SIGNING_KEY_PEM);
    const oneLine = SIGNING_KEY_PEM.replace(/\n/g, '\\n');
    expect(oneLine).not.toContain('\n');
    expect(readSettings({ KEYCLOAK_JWT_SIGNING_KEY: oneLine }).login.jwtSigningKey).toBe(SIGNING_KEY_PEM);
    // a PKCS#1 key is a private key too
    const pkcs1 = SIGNING_KEY.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    expect(readSettings({ KEYCLOAK_JWT_SIGNING_KEY: pkcs1 }).login.jwtSigningKey).toBe(pkcs1);
    expect(readSettings({}).login.jwtSigningKey).toBeUndefined();
  });

  it("reads APIKEYS_IDENTITY_KEYS_DIR as an absolute directory and APIKEYS_NEW_IDENTITY_KEYS as a flag (default: the project's .keys/, keep the keys)", () => {
    expect(readSettings({}).identityKeys).toEqual({ dir: undefined, replace: false });
    expect(readSettings({ APIKEYS_IDENTITY_KEYS_DIR: 'secrets/keys', APIKEYS_NEW_IDENTITY_KEYS: '1' }).identityKeys).toEqual({
      dir: path.resolve('secrets/keys'),
      replace: true,
    });
    expect(readSettings({ APIKEYS_NEW_IDENTITY_KEYS: '0' }).identityKeys.replace).toBe(false);
  });
});

describe('a bad value names the variable, the value and the fix', () => {
  it.each([
    [
      'KEYCLOAK_URL',
      'sso.example.com',
      'expected the base URL of a Keycloak server, e.g. https://keycloak.example.com, or https://keycloak.example.com/auth for a server under /auth (without /realms/...)',
    ],
    ['KEYCLOAK_CLIENT_TIMEOUT', 'abc', 'expected a whole number above 0, e.g. 60'],
    ['KEYCLOAK_CLIENT_TIMEOUT', '0', 'expected a whole number above 0, e.g. 60'],
    ['APIKEYS_ENGINE_PARALLELISM', '0', 'expected a whole number above 0, e.g. 10'],
    ['APIKEYS_ENGINE_TIMEOUT', 'soon', 'expected a positive number of seconds, e.g. 900'],
    ['APIKEYS_LOCK_TIMEOUT', '60', 'expected a duration such as 0s, 60s or 5m'],
    ['APIKEYS_CONFIRM_REMOVAL', 'all', 'expected the number of customers the plan removes, e.g. 12'],
    ['APIKEYS_ALLOW_UNENCRYPTED_STATE', 'true', 'expected 1 (on) or 0 (off)'],
    ['APIKEYS_STATE_ENCRYPTION_MIGRATE', 'yes', 'expected 1 (on) or 0 (off)'],
    ['APIKEYS_CDKTF_STACK_TRACES', 'on', 'expected 1 (on) or 0 (off)'],
    ['APIKEYS_NEW_IDENTITY_KEYS', 'yes', 'expected 1 (on) or 0 (off)'],
    ['APIKEYS_KEYCLOAK_PORT', 'abc', 'expected a TCP port number from 1 to 65535, e.g. 8080'],
    ['APIKEYS_KEYCLOAK_PORT', '70000', 'expected a TCP port number from 1 to 65535, e.g. 8080'],
    ['APIKEYS_KEYCLOAK_MANAGEMENT_PORT', '-1', 'expected a TCP port number from 1 to 65535, e.g. 8080'],
    ['APIKEYS_KEYCLOAK_HEAP', '1 GB', 'expected a Java heap size such as 512m or 2g'],
    ['APIKEYS_KEYCLOAK_START_TIMEOUT', '4m', 'expected a whole number above 0, e.g. 240'],
    [
      'APIKEYS_KEYCLOAK_VERSION',
      '25.0.6',
      'expected a supported Keycloak version: 26.7.3 (the default), 26.4.7 (docs/keycloak-versions.md)',
    ],
    ['APIKEYS_KEYCLOAK_VERSION', '26.4', 'expected a supported Keycloak version: 26.7.3 (the default), 26.4.7 (docs/keycloak-versions.md)'],
  ])('%s=%s', (name, value, expected) => {
    const err = error({ [name]: value });
    expect(err).toBeInstanceOf(SettingsError);
    expect(err).toBeInstanceOf(UserError);
    expect(err.variable).toBe(name);
    expect(err.message).toBe(`${name}=${value} is not usable: ${expected}. Fix it, or unset ${name} for its default.`);
  });

  it('never shows a secret: a short passphrase is refused by its length alone', () => {
    const err = error({ APIKEYS_STATE_PASSPHRASE: 'hunter2' });
    expect(err.variable).toBe('APIKEYS_STATE_PASSPHRASE');
    expect(err.message).toBe(
      'APIKEYS_STATE_PASSPHRASE (value hidden) is not usable: expected at least 16 characters (e.g. `openssl rand -base64 32`). ' +
        'Fix it, or unset APIKEYS_STATE_PASSPHRASE for its default.',
    );
    expect(err.message).not.toContain('hunter2');
  });

  it('never shows a signing key: KEYCLOAK_JWT_SIGNING_KEY that is not a PEM private key is refused with its value hidden', () => {
    const publicKeyPem = SIGNING_KEY.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const value of ['not a key', publicKeyPem]) {
      const err = error({ KEYCLOAK_JWT_SIGNING_KEY: value });
      expect(err).toBeInstanceOf(SettingsError);
      expect(err.variable).toBe('KEYCLOAK_JWT_SIGNING_KEY');
      expect(err.message).toMatch(/^KEYCLOAK_JWT_SIGNING_KEY \(value hidden\) is not usable: expected a PEM private key /);
      expect(err.message).not.toContain(value);
    }
  });

  it('has a rule for every variable, each either free text or refusing some value', () => {
    const freeText = [
      'KEYCLOAK_REALM',
      'KEYCLOAK_CLIENT_ID',
      'KEYCLOAK_CLIENT_SECRET',
      'KEYCLOAK_USER',
      'KEYCLOAK_PASSWORD',
      'APIKEYS_REALM',
      'APIKEYS_STATE_DIR',
      'APIKEYS_IDENTITY_KEYS_DIR',
      'TF_ENCRYPTION',
      'APIKEYS_CACHE_DIR',
      'TERRAFORM_BINARY_NAME',
      'APIKEYS_OPENTOFU_BINARY',
      'APIKEYS_KEYCLOAK_PROVIDER_BINARY',
      'JAVA_HOME',
      'GOFLAGS',
    ];
    for (const name of freeText) expect(() => readSettings({ [name]: 'any value at all' })).not.toThrow();
    const checked = Object.keys(VARIABLES).filter((n) => !freeText.includes(n));
    for (const name of checked) expect(() => readSettings({ [name]: 'x y' })).toThrow(SettingsError);
  });
});

describe('the documentation names every variable the settings read', () => {
  it('names each one in the tables of docs/own-keycloak.md and docs/toolchain.md', () => {
    const docs = path.join(__dirname, '..', '..', 'docs');
    const readme = ['own-keycloak.md', 'toolchain.md'].map((f) => fs.readFileSync(path.join(docs, f), 'utf8')).join('\n');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]));
    for (const row of readme.matchAll(/^\| `([A-Z_]+)` (?:\+|\/) `([A-Z_]+)`/gm)) documented.add(row[2]);
    for (const name of Object.keys(VARIABLES)) expect([name, documented.has(name)]).toEqual([name, true]);
  });
});

describe('what used to read the environment on its own', () => {
  it('buildApp takes the settings: a bad variable in the environment does not reach it', () => {
    const saved = process.env.APIKEYS_KEYCLOAK_PORT;
    process.env.APIKEYS_KEYCLOAK_PORT = 'not-a-port';
    try {
      const p = new TestProject({ customers: {} });
      const { targets } = buildApp({
        root: p.root,
        outdir: p.path('out'),
        settings: readSettings({ APIKEYS_KEYCLOAK_PORT: '8141' }),
        identityKey: testIdentityKey,
      });
      expect(targets.map((t) => t.keycloakUrl)).toEqual(['http://127.0.0.1:8141', 'http://127.0.0.1:8141']);
    } finally {
      if (saved === undefined) delete process.env.APIKEYS_KEYCLOAK_PORT;
      else process.env.APIKEYS_KEYCLOAK_PORT = saved;
    }
  });

  it('KEYCLOAK_CLIENT_TIMEOUT=abc is an error, no longer client_timeout: null', () => {
    expect(() => testSettings({ KEYCLOAK_CLIENT_TIMEOUT: 'abc' })).toThrow(/^KEYCLOAK_CLIENT_TIMEOUT=abc is not usable/);
  });

  it('resolves a relative state.local.path against the project root given to buildApp', () => {
    const p = new TestProject({ customers: {} });
    p.write('environments.yaml', { local: { keycloak: 'local', state: { local: { path: 'states/local.tfstate' } } } });
    const { targets } = buildApp({ root: p.root, outdir: p.path('out'), settings: testSettings(), identityKey: testIdentityKey });
    expect(targets.map((t) => t.state)).toEqual([
      { kind: 'local', path: p.path('states/local-platform.tfstate') },
      { kind: 'local', path: p.path('states/local.tfstate') },
    ]);
  });

  it('tools and doctor count an environment as local when KEYCLOAK_URL names the local server, as deploy does', async () => {
    const p = new TestProject({ customers: {} });
    const local = testSettings();
    const url = `http://127.0.0.1:${local.localKeycloak.port}`;
    expect(await localEnvironmentInUse(local, p.root)).toBe(true);
    expect(await localEnvironmentInUse(testSettings({ KEYCLOAK_URL: `${url}/` }), p.root)).toBe(true);
    // Another server with an explicit state directory: the local environment deploys there instead.
    expect(await localEnvironmentInUse(testSettings({ KEYCLOAK_URL: 'https://sso.example.com', APIKEYS_STATE_DIR: '/s' }), p.root)).toBe(
      false,
    );
    p.write('environments.yaml', { prod: { keycloak: 'https://sso.example.com', state: { local: {} } } });
    expect(await localEnvironmentInUse(local, p.root)).toBe(false);
  });
});
