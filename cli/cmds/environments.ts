import { projectRoot } from '../../config/paths';
import { Command } from '../command';

export const environments: Command = {
  usage: 'environments',
  summary: 'print the environments pipelines plan and deploy, as a JSON list (never local ones)',
  run: async () => {
    const { validate } = await import('../../engine/validate');
    const { pipelineEnvironments } = await import('../../engine/pipeline-environments');
    process.stdout.write(JSON.stringify(pipelineEnvironments(validate({ root: projectRoot }))) + '\n');
  },
};
