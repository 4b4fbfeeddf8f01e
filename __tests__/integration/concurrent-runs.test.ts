/**
 * Commands running at once on one machine (two environments planned in parallel, two
 * checkouts, a CI runner with several jobs) share the toolchain cache. Each engine run
 * starts with `init`, which installs the provider into the stack directory: those inits
 * must not break one another. With the engine's plugin cache in the CLI config they did
 * ("still not detected in .../plugin-cache; this is a bug in OpenTofu", about one init in
 * three with six at once).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { paths, providerAddress, toolchain } from '../../config/paths';
import { engineEnv } from '../../engine/environment';
import { engineBinary } from '../../toolchain/inspect';
import { captureAsync } from '../../toolchain/process';
import { provision } from '../../toolchain/provision';
import { describeIntegration } from './support/harness';

describeIntegration('engine runs at once, sharing the toolchain cache', () => {
  let dirs: string[];

  beforeAll(async () => {
    await provision();
    const { type } = providerAddress();
    const { source, version } = toolchain.keycloakProvider;
    const config = { terraform: { required_providers: { [type]: { source, version } } } };
    dirs = Array.from({ length: 6 }, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-concurrent-'));
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
      return dir;
    });
  });
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('six inits at once, three times over, each followed by loading the provider', async () => {
    const run = (dir: string, args: string[]) => captureAsync(engineBinary(), [`-chdir=${dir}`, ...args], { env: engineEnv(process.env) });
    const failures: string[] = [];
    for (let round = 1; round <= 3; round++) {
      await Promise.all(
        dirs.map(async (dir) => {
          fs.rmSync(path.join(dir, '.terraform'), { recursive: true, force: true });
          fs.rmSync(path.join(dir, '.terraform.lock.hcl'), { force: true });
          const init = await run(dir, ['init', '-input=false', '-no-color']);
          const schema = init.code === 0 ? await run(dir, ['providers', 'schema', '-json']) : init;
          if (schema.code !== 0)
            failures.push(`round ${round}, ${path.basename(dir)}: ${schema.output.trim().split('\n').slice(-3).join(' ')}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    // AND the provider is linked from the mirror, not copied into each stack
    const linked = path.dirname(paths.providerBinary());
    const installed = path.join(dirs[0], '.terraform', 'providers', path.relative(paths.providerMirror(), linked));
    expect(fs.realpathSync(installed)).toBe(fs.realpathSync(linked));
  });
});
