/**
 * Synthesis skips cdktf's per-token stack traces for speed (stacks/app.ts). That must
 * not change a single byte of what is deployed: compare both ways, in fresh processes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../config/paths';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

/** Where the fresh processes keep the identities' keys: not the project's own .keys/ (one directory, so both synths use the same keys). */
const keysDir = tempDir('identity-keys');

/** Builds and synthesizes the example project with the product's buildApp, in a fresh process (the switch is read at load). */
function synthIn(outdir: string, traces: boolean): void {
  const script = `const { app } = require('./stacks/app').buildApp({ root: ${JSON.stringify(projectRoot)}, outdir: ${JSON.stringify(
    outdir,
  )}, settings: require('./config/settings').currentSettings() }); app.synth();`;
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      APIKEYS_CDKTF_STACK_TRACES: traces ? '1' : '',
      APIKEYS_STATE_DIR: '/state',
      APIKEYS_IDENTITY_KEYS_DIR: keysDir,
      KEYCLOAK_URL: 'https://keycloak.test',
    },
  });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
}

it('synthesizes byte-identical stacks with and without token stack traces', () => {
  const withTraces = tempDir('traces-on');
  const without = tempDir('traces-off');
  synthIn(withTraces, true);
  synthIn(without, false);
  const stacks = fs.readdirSync(path.join(without, 'stacks')).sort();
  expect(stacks).toEqual(['api-keys-local', 'api-keys-local-platform']);
  for (const stack of stacks) {
    const a = fs.readFileSync(path.join(withTraces, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    const b = fs.readFileSync(path.join(without, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    expect(b.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
  }
});

/** The length of the creation stack a token made after buildApp records, in a fresh process. */
function creationStackLength(traces: boolean): number {
  const script =
    "require('./stacks/app').buildApp({ settings: require('./config/settings').currentSettings() }); process.stdout.write(String(require('cdktf').Token.asAny('x').creationStack.length));";
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      APIKEYS_CDKTF_STACK_TRACES: traces ? '1' : '',
      CDKTN_DISABLE_CREATION_STACK: undefined,
      APIKEYS_STATE_DIR: '/state',
      APIKEYS_IDENTITY_KEYS_DIR: keysDir,
    },
  });
  expect(res.stderr).toBe('');
  return Number(res.stdout);
}

// The skip reaches into the toolkit (cdktf's private module, cdktn's switch): when a new
// toolkit version stops honouring it, synthesis silently gets slower. `npm run compat:cdktn`
// runs this test under cdktn, so that is noticed there too.
it('records no stack trace for new tokens, unless APIKEYS_CDKTF_STACK_TRACES=1 asks for them', () => {
  expect(creationStackLength(false)).toBe(0);
  expect(creationStackLength(true)).toBeGreaterThan(0);
});
