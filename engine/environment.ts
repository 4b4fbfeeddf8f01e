/** The environment under which cdktf and the engine run. */
import * as fs from 'fs';
import { paths } from '../config/paths';
import { inheritedEnvironment } from '../config/settings';
import { engineBinary, withoutMissingCliConfig } from '../toolchain/inspect';

/**
 * The variables every engine run gets: this process's environment passed through (so the
 * engine and its provider see `PGPASSWORD`, `AWS_*`, `TF_LOG`...), with no telemetry or update
 * checks and no prompts, then `extra`. Safe to compute before anything is provisioned.
 */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...withoutMissingCliConfig(inheritedEnvironment()),
    CHECKPOINT_DISABLE: '1',
    DISABLE_VERSION_CHECK: 'true',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...extra,
  };
}

/**
 * What the engine needs from the toolchain: the pinned (or user-chosen) engine and the
 * project's CLI config when the provider mirror exists. Computed at the moment of each
 * run, never earlier: on a first run the mirror only exists once provisioning is done.
 */
export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, TERRAFORM_BINARY_NAME: engineBinary() };
  if (fs.existsSync(paths.cliConfig()) && fs.existsSync(paths.providerBinary())) {
    out.TF_CLI_CONFIG_FILE = paths.cliConfig();
  }
  return out;
}
