/**
 * The S3-compatible server the tests run on loopback to prove the `s3` state backend: gofakes3
 * (toolchain.json `s3Server`) with a small main of ours (toolchain/s3-server/main.go), built
 * with Go from that module, whose go.sum pins every module's hash, once into the cache.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, paths, toolchain } from '../config/paths';
import { inheritedEnvironment } from '../config/settings';
import { withGoFlag } from './inspect';
import { runLong } from './process';
import { requireGo } from './provision';

/** The files the binary is built from: a change to any of them is a new binary. */
const SOURCES = ['go.mod', 'go.sum', 'main.go'];

/**
 * Where the build of the current sources lives in the cache: the pinned version and a hash of
 * the module's files are in its name, so an edited main.go or a new pin never runs a stale build.
 */
export function s3ServerBinary(moduleDir = paths.s3ServerModule()): string {
  const hash = createHash('sha256');
  for (const f of SOURCES)
    hash
      .update(`${f}\0`)
      .update(fs.readFileSync(path.join(moduleDir, f)))
      .update('\0');
  return path.join(cacheDir(), 'bin', `s3-server-gofakes3-${toolchain.s3Server.version}-${hash.digest('hex').slice(0, 12)}`);
}

/** The server's binary, built from toolchain/s3-server/ when the cache does not hold it yet. */
export async function ensureS3Server(): Promise<string> {
  const binary = s3ServerBinary();
  if (fs.existsSync(binary)) return binary;
  const { goModule, version, minimumGo } = toolchain.s3Server;
  requireGo(minimumGo, `the tests' S3 server (${goModule} ${version})`);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.mkdirSync(paths.buildDir(), { recursive: true });
  // Two test runs sharing a cache may build at once: each into its own file, renamed into place.
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    await runLong(
      `s3 server: building ${goModule} ${version} from toolchain/s3-server, verified by its go.sum`,
      'go',
      ['build', '-trimpath', '-ldflags', '-s -w', '-o', tmp, '.'],
      path.join(paths.buildDir(), 's3-server-build.log'),
      // -mod=readonly: go.sum is complete, so a missing hash is an error, never a look-up.
      { cwd: paths.s3ServerModule(), env: { ...inheritedEnvironment(), CGO_ENABLED: '0', GOFLAGS: withGoFlag('-mod=readonly') } },
    );
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, binary);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return binary;
}
