import { projectRoot } from '../../config/paths';
import { currentSettings } from '../../config/settings';
import { log } from '../../toolchain/process';
import { Command } from '../command';

export const validate: Command = {
  usage: 'validate',
  summary: 'check platform.yaml and every customer file; report every problem',
  run: async () => {
    const { validate, checkEmptyEnvironments, realmCacheAdvice, shardAdvice } = await import('../../engine/validate');
    const project = validate({ root: projectRoot });
    for (const note of checkEmptyEnvironments(project, { settings: currentSettings(), root: projectRoot })) log(`note: ${note}`);
    for (const note of shardAdvice(project)) log(`note: ${note}`);
    for (const note of realmCacheAdvice(project)) log(`note: ${note}`);
    log(`valid: platform.yaml and ${project.customers.length} customer file(s)`);
  },
};
