/** The environment under which cdktf and the engine run, and helpers to run them. */
import * as fs from 'fs';
import * as path from 'path';
import { paths, projectRoot } from './paths';
import { engineBinary, withoutMissingCliConfig } from './toolchain';
import { runStatus } from './run';

/**
 * The environment for cdktf and the engine: the pinned (or user-chosen) engine, the
 * project's CLI config when the provider mirror exists, and no telemetry or update checks.
 */
export function engineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...withoutMissingCliConfig(process.env),
    TERRAFORM_BINARY_NAME: engineBinary(),
    CHECKPOINT_DISABLE: '1',
    DISABLE_VERSION_CHECK: 'true',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...extra,
  };
  if (fs.existsSync(paths.cliConfig()) && fs.existsSync(paths.providerBinary())) {
    env.TF_CLI_CONFIG_FILE = paths.cliConfig();
  }
  return env;
}

/** Runs the cdktf CLI of this project (never a global one). */
export function cdktf(args: string[], env: NodeJS.ProcessEnv = engineEnv()): Promise<number> {
  const bin = path.join(projectRoot, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
  return runStatus(process.execPath, [bin, ...args], { cwd: projectRoot, env });
}

/** Runs the engine in a synthesized stack directory. */
export function engine(stackDir: string, args: string[], env: NodeJS.ProcessEnv = engineEnv()): Promise<number> {
  return runStatus(engineBinary(), [`-chdir=${stackDir}`, ...args], { cwd: projectRoot, env });
}
