/** The environment under which cdktf and the engine run. */
import * as fs from 'fs';
import { paths } from './paths';
import { engineBinary, withoutMissingCliConfig } from './toolchain';

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
