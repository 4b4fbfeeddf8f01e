/**
 * Two small commands the pipelines and the plain cdktf CLI rely on: `environments` (the
 * matrix of every workflow comes from it) and `cdktf-env` (what `npx cdktf` needs to run
 * like `npm run deploy`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cdktfExports } from '../../engine/cdktf-env';
import { pipelineEnvironments } from '../../engine/pipeline-environments';
import { projectRoot, toolchain } from '../../config/paths';
import { removeTempDirs, tempDir, TestProject } from './helpers';

afterAll(removeTempDirs);

const ENVIRONMENTS = {
  local: { keycloak: 'local' },
  sandbox: { keycloak: 'https://sandbox.sso.test', state: { local: {} } },
  prod: { keycloak: 'https://sso.test', state: { s3: { bucket: 'state-bucket', key: 'api-keys/prod.tfstate', region: 'eu-central-1' } } },
  staging: { keycloak: 'https://staging.sso.test', state: { pg: { connStr: 'postgres://terraform@db.test/terraform' } } },
};

describe("environments (the pipelines' matrix)", () => {
  it('lists the environments with a remote Keycloak and shared state, in file order, never local ones', () => {
    const p = new TestProject().write('environments.yaml', ENVIRONMENTS);
    expect(pipelineEnvironments(p.load())).toEqual(['prod', 'staging']);
  });

  it('is empty for the repository as it ships (only the local environment)', () => {
    // The command's stdout is what the workflows feed to fromJSON(): exactly one JSON line.
    const res = spawnSync('npm', ['run', '--silent', 'environments'], { cwd: projectRoot, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('[]\n');
    expect(res.stderr).toContain('local uses the local Keycloak; pipelines leave it out');
  });
});

describe('cdktf-env (exports for the plain cdktf CLI)', () => {
  /** A cache directory as `npm run tools` leaves it, optionally with the provider mirror. */
  function cache(withMirror: boolean): string {
    const dir = path.join(tempDir('cache'), "it's a cache");
    const v = toolchain.keycloakProvider.version;
    const [host, namespace, type] = toolchain.keycloakProvider.source.split('/');
    if (withMirror) {
      const binary = path.join(dir, 'providers', host, namespace, type, v, 'linux_amd64', `terraform-provider-${type}_v${v}`);
      fs.mkdirSync(path.dirname(binary), { recursive: true });
      fs.writeFileSync(binary, '');
      fs.writeFileSync(path.join(dir, 'tofurc'), '');
    }
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Runs the lines in bash, as `eval "$(npm run --silent cdktf-env)"` does, and returns what it exported. */
  function evaluate(lines: string, env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
    const script = `eval "$LINES"; for n in ${names.join(' ')}; do printf '%s=%s\\0' "$n" "\${!n-<unset>}"; done`;
    const res = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
      env: { ...env, LINES: lines },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(res.stderr).toBe('');
    return Object.fromEntries(
      res.stdout
        .split('\0')
        .filter((l) => l !== '')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }

  /** Runs fn with exactly these variables of interest set in process.env (cdktf-env reads the real environment). */
  const VARIABLES = [
    'APIKEYS_CACHE_DIR',
    'TERRAFORM_BINARY_NAME',
    'TF_CLI_CONFIG_FILE',
    'CHECKPOINT_DISABLE',
    'DISABLE_VERSION_CHECK',
    'TF_ENCRYPTION',
    'KEYCLOAK_USER',
    'KEYCLOAK_PASSWORD',
    'KEYCLOAK_CLIENT_ID',
    'KEYCLOAK_CLIENT_SECRET',
    'APIKEYS_STATE_PASSPHRASE',
    'KEYCLOAK_URL',
  ];
  const withEnv = <T>(vars: NodeJS.ProcessEnv, fn: () => T): T => {
    const before = Object.fromEntries(VARIABLES.map((n) => [n, process.env[n]]));
    for (const n of VARIABLES) {
      if (vars[n] === undefined) delete process.env[n];
      else process.env[n] = vars[n];
    }
    try {
      return fn();
    } finally {
      for (const n of VARIABLES) {
        if (before[n] === undefined) delete process.env[n];
        else process.env[n] = before[n];
      }
    }
  };

  it('points the CLI at the pinned engine in the cache directory and at its CLI config, and turns off network checks', () => {
    // GIVEN a cache directory whose path needs quoting, with the provider mirror
    const dir = cache(true);
    const env = { PATH: process.env.PATH, APIKEYS_CACHE_DIR: dir };
    const lines = withEnv(env, () => cdktfExports(undefined));
    // THEN the shell gets exactly these values
    expect(evaluate(lines, env, ['TERRAFORM_BINARY_NAME', 'TF_CLI_CONFIG_FILE', 'CHECKPOINT_DISABLE', 'DISABLE_VERSION_CHECK'])).toEqual({
      TERRAFORM_BINARY_NAME: path.join(dir, 'bin', `tofu-${toolchain.opentofu.version}`),
      TF_CLI_CONFIG_FILE: path.join(dir, 'tofurc'),
      CHECKPOINT_DISABLE: '1',
      DISABLE_VERSION_CHECK: 'true',
    });
  });

  it('without APIKEYS_CACHE_DIR, points at the cache inside the repository, where `npm run tools` put it', () => {
    const lines = withEnv({}, () => cdktfExports(undefined));
    expect(lines).toContain(
      `export TERRAFORM_BINARY_NAME='${path.join(projectRoot, '.cache', 'bin', `tofu-${toolchain.opentofu.version}`)}'\n`,
    );
    expect(lines).toContain("export CHECKPOINT_DISABLE='1'\n");
  });

  it('keeps an engine chosen with TERRAFORM_BINARY_NAME, and drops a CLI config that does not exist', () => {
    const dir = cache(false);
    const env = {
      APIKEYS_CACHE_DIR: dir,
      TERRAFORM_BINARY_NAME: 'tofu',
      TF_CLI_CONFIG_FILE: path.join(dir, 'missing.tfrc'),
      CHECKPOINT_DISABLE: '1',
    };
    const lines = withEnv(env, () => cdktfExports(undefined));
    expect(lines).toBe("unset TF_CLI_CONFIG_FILE\nexport DISABLE_VERSION_CHECK='true'\n");
  });

  it("with a local environment, adds the local Keycloak's documented admin login unless one is set", () => {
    const dir = cache(true);
    const p = new TestProject();
    const env = { PATH: process.env.PATH, APIKEYS_CACHE_DIR: dir };
    const lines = withEnv(env, () => cdktfExports({ root: p.root, environment: 'local' }));
    expect(evaluate(lines, env, ['KEYCLOAK_USER', 'KEYCLOAK_PASSWORD', 'KEYCLOAK_CLIENT_ID', 'TF_ENCRYPTION'])).toEqual({
      KEYCLOAK_USER: 'admin',
      KEYCLOAK_PASSWORD: 'admin',
      KEYCLOAK_CLIENT_ID: 'admin-cli',
      TF_ENCRYPTION: '<unset>',
    });
    const own = { ...env, KEYCLOAK_CLIENT_ID: 'api-keys-provisioner', KEYCLOAK_CLIENT_SECRET: 'from-the-secret-store' };
    const mine = withEnv(own, () => cdktfExports({ root: p.root, environment: 'local' }));
    expect(mine).not.toMatch(/KEYCLOAK_/);
  });

  it('with a shared backend, exports the state encryption that deploy uses, or refuses like deploy', () => {
    const dir = cache(true);
    const p = new TestProject().write('environments.yaml', ENVIRONMENTS);
    const env = { PATH: process.env.PATH, APIKEYS_CACHE_DIR: dir, KEYCLOAK_CLIENT_ID: 'api-keys-provisioner', KEYCLOAK_CLIENT_SECRET: 'x' };
    expect(() => withEnv(env, () => cdktfExports({ root: p.root, environment: 'staging' }))).toThrow(/APIKEYS_STATE_PASSPHRASE/);
    const passphrase = "correct horse battery 'staple'";
    const lines = withEnv({ ...env, APIKEYS_STATE_PASSPHRASE: passphrase }, () => cdktfExports({ root: p.root, environment: 'staging' }));
    const exported = evaluate(lines, env, ['TF_ENCRYPTION']).TF_ENCRYPTION;
    expect(exported).toContain('key_provider "pbkdf2" "apikeys"');
    expect(exported).toContain(JSON.stringify(passphrase));
    expect(() => withEnv(env, () => cdktfExports({ root: p.root, environment: 'nowhere' }))).toThrow(/unknown environment "nowhere"/);
  });
});
