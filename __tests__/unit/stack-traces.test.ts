/**
 * Synthesis skips cdktf's per-token stack traces for speed (stacks/app.ts). That must
 * not change a single byte of what is deployed: compare both ways, in fresh processes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../scripts/paths';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

function synthIn(outdir: string, traces: boolean): void {
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(projectRoot, 'benchmarks', 'synth-once.ts'), projectRoot, outdir], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, APIKEYS_CDKTF_STACK_TRACES: traces ? '1' : '', APIKEYS_STATE_DIR: '/state', KEYCLOAK_URL: 'https://keycloak.test' },
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
