import { log } from '../../toolchain/process';
import { Command, contexts, ENGINE } from '../command';

export const synth: Command = {
  usage: 'synth [--env <name>] [--part <platform|customers>]',
  summary:
    'validate and write the configuration to cdktf.out/ (a platform and a customers stack per environment; a customers stack per shard with customerShards)',
  options: { env: ENGINE.env, part: ENGINE.part },
  run: async ({ values }) => {
    const steps = await import('../../engine/steps');
    for (const selected of await contexts(values)) {
      for (const part of selected.part ? [selected.part] : (['platform', 'customers'] as const)) {
        // With customer shards, the customers part is one stack per shard.
        for (const target of steps.synthPart({ ...selected, part }))
          log(`synth ${target.environment} ${target.part} -> ${steps.stackDir({ ...selected, part, shard: target.shard })}`);
      }
    }
  },
};
