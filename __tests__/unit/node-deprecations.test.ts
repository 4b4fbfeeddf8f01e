/**
 * The project's commands print no deprecation warning, nor any other warning of Node.js
 * (an ExperimentalWarning, say), on the Node.js line that runs this test. `.ci/run` runs the unit suite on every supported line (toolchain.json, "node"), so
 * every line is checked; docs/node.md says which lines those are.
 *
 * Each command runs as a user runs it (`npm run <command>` is `ts-node cli/main.ts
 * <command>`), in a fresh process of this Node.js, in a copy of the project, with Node's
 * warnings left on: whatever the environment says, NODE_OPTIONS and NODE_NO_WARNINGS are not
 * passed on, so a `--no-deprecation` there cannot hide a warning from the test.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyProject } from '../../scripts/cdktn-compat';
import { removeTempDirs, tempDir } from './helpers';

let project: string;

beforeAll(() => {
  project = path.join(tempDir('node-deprecations'), 'project');
  copyProject(project, { nodeModules: path.resolve(__dirname, '..', '..', 'node_modules') });
});
afterAll(removeTempDirs);

/** Runs a TypeScript file of the copy with ts-node, as package.json and cdktf.json do, under this Node.js. */
function tsNode(args: string[], extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, APIKEYS_STATE_DIR: path.join(project, '.state'), CHECKPOINT_DISABLE: '1', ...extraEnv };
  delete env.NODE_OPTIONS;
  delete env.NODE_NO_WARNINGS;
  const bin = require.resolve('ts-node/dist/bin.js');
  const res = spawnSync(process.execPath, [bin, ...args], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `npm run <command> -- <args>`: package.json runs `ts-node cli/main.ts <command>`. */
const npmRun = (args: string[]) => tsNode(['cli/main.ts', ...args]);

/** The lines of a command's stderr that are warnings of Node.js: `(node:<pid>) [DEP0044] DeprecationWarning: ...`. */
function nodeWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /DeprecationWarning|\[DEP\d+\]|^\(node:\d+\) .*\w+Warning: /.test(line));
}

describe(`on Node.js ${process.version}, without a deprecation warning or another warning of Node's`, () => {
  // The app that `cdktf synth` and `cdktf deploy` run (cdktf.json: `npx ts-node main.ts`):
  // it loads cdktf and the bindings and writes both stacks, where DEP0044 came from.
  it('the cdktf app (main.ts), as cdktf synth runs it', () => {
    const outdir = path.join(project, 'app.out');
    const res = tsNode(['main.ts'], { CDKTF_OUTDIR: outdir });
    expect({ status: res.status, warnings: nodeWarnings(res.stderr) }).toEqual({ status: 0, warnings: [] });
    for (const stack of ['api-keys-local', 'api-keys-local-platform'])
      expect(fs.existsSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  });

  it('npm run synth', () => {
    const res = npmRun(['synth']);
    expect({ status: res.status, warnings: nodeWarnings(res.stderr) }).toEqual({ status: 0, warnings: [] });
    for (const stack of ['api-keys-local', 'api-keys-local-platform'])
      expect(fs.existsSync(path.join(project, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  });

  it('npm run validate', () => {
    const res = npmRun(['validate']);
    expect({ status: res.status, warnings: nodeWarnings(res.stderr) }).toEqual({ status: 0, warnings: [] });
  });

  it('npm run cdktf-env', () => {
    const res = npmRun(['cdktf-env', '--env', 'local']);
    expect({ status: res.status, warnings: nodeWarnings(res.stderr) }).toEqual({ status: 0, warnings: [] });
    expect(res.stdout).toMatch(/^export TERRAFORM_BINARY_NAME=/m);
  });

  // The bindings generator (@cdktf/provider-generator) runs in every npm ci, as postinstall;
  // on Node.js 26 it printed an ExperimentalWarning (toolchain/bindings.ts, withoutWebStorage).
  it('npm run bindings', () => {
    fs.rmSync(path.join(project, '.gen'), { recursive: true, force: true });
    const res = npmRun(['bindings']);
    expect({ status: res.status, warnings: nodeWarnings(res.stderr) }).toEqual({ status: 0, warnings: [] });
    expect(fs.existsSync(path.join(project, '.gen', 'providers', 'keycloak', 'index.ts'))).toBe(true);
  });
});
