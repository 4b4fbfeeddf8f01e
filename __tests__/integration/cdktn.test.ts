/**
 * The way off the archived cdktf stays open: a copy of the project with cdktn installed
 * under cdktf's names (`npm run compat:cdktn` does the same, plus the synth comparison)
 * deploys the example customers with `cdktn deploy`, and the project's drift check then
 * finds Keycloak in sync, under cdktn and under cdktf alike; the same with the customers in
 * shards (every shard a stack of its own, deployed by name).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CdktnCopy, CDKTN, copyProject, DEPLOYED_SHARDS, deployWithCdktn, prepareCdktnCopy } from '../../scripts/cdktn-compat';
import { allShards, shardOf } from '../../stacks/shards';
import { projectRoot } from '../../config/paths';
import { describeIntegration } from './support/harness';

describeIntegration('cdktn: the example project deployed with cdktn deploy', () => {
  let workDir: string;
  let logDir: string;
  let copy: CdktnCopy;
  let cdktfDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktn-compat-'));
    logDir = path.join(workDir, 'logs');
    fs.mkdirSync(logDir);
    copy = await prepareCdktnCopy(path.join(workDir, 'cdktn-example'), logDir);
    cdktfDir = path.join(workDir, 'cdktf-example');
    copyProject(cdktfDir, { nodeModules: path.join(projectRoot, 'node_modules') });
  });

  afterAll(() => {
    if (workDir && !process.env.APIKEYS_KEEP_TEMP) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('loads cdktn for every import of cdktf, without a source file changed', () => {
    const lib = JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json', { paths: [copy.dir] }), 'utf8'));
    expect(`${lib.name} ${lib.version}`).toBe(`cdktn ${CDKTN.version}`);
    for (const file of ['main.ts', 'stacks/app.ts', '.gen/providers/keycloak/provider/index.ts', 'cdktf.json']) {
      expect(fs.readFileSync(path.join(copy.dir, file), 'utf8')).toBe(fs.readFileSync(path.join(projectRoot, file), 'utf8'));
    }
  });

  it('deploys with cdktn deploy, and the drift check exits 0 under cdktn and under cdktf', async () => {
    const examples = fs.readdirSync(path.join(projectRoot, 'customers')).filter((f) => f.endsWith('.yaml'));
    const result = await deployWithCdktn(copy, cdktfDir, workDir, logDir);
    expect(result.customers).toBe(examples.length);
    expect(result.customers).toBeGreaterThan(0);
    expect(result.driftCdktn).toBe(0);
    expect(result.driftCdktf).toBe(0);
  });

  it(`with the customers in ${DEPLOYED_SHARDS} shards: cdktn deploys every shard's stack, and the drift check exits 0 under cdktn and under cdktf`, async () => {
    const examples = fs
      .readdirSync(path.join(projectRoot, 'customers'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length));
    // The example customers fall in more than one shard, so more than one customers stack is deployed.
    expect(new Set(examples.map((id) => shardOf(id, DEPLOYED_SHARDS))).size).toBe(allShards(DEPLOYED_SHARDS).length);
    const result = await deployWithCdktn(copy, cdktfDir, workDir, logDir, { shards: DEPLOYED_SHARDS });
    expect(result.customers).toBe(examples.length);
    expect(result.driftCdktn).toBe(0);
    expect(result.driftCdktf).toBe(0);
  });
});
