/**
 * The layer rule (.dependency-cruiser.js, docs/architecture.md) is a tool, not prose: it
 * passes on the project and fails on a deliberately wrong import in a fixture tree.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string, folders: string[]): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [depcruise, ...folders, '--config', path.join(root, '.dependency-cruiser.js')], {
    cwd,
    encoding: 'utf8',
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the layer rule', () => {
  it('fails on a lower layer importing a higher one, naming the rule and both files', () => {
    // GIVEN model/wrong.ts imports cli/command.ts, and keycloak/right.ts imports model/ (allowed)
    const r = cruise(path.join(__dirname, 'fixtures', 'layers'), ['model', 'cli', 'keycloak']);
    // THEN exactly the wrong import is reported
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('model-imports-only-lower-layers: model/wrong.ts → cli/command.ts');
    expect(r.output).not.toContain('keycloak/right.ts →');
    expect(r.output).toMatch(/1 dependency violations \(1 errors/);
  });

  it('passes on the project itself', () => {
    const r = cruise(root, ['model', 'config', 'keycloak', 'stacks', 'toolchain', 'engine', 'cli', 'main.ts']);
    expect(r.output).toContain('no dependency violations found');
    expect(r.code).toBe(0);
  });
});
