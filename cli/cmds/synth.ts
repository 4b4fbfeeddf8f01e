import { log } from '../../toolchain/process';
import { Command, contexts, ENGINE } from '../command';

export const synth: Command = {
  usage: 'synth [--env <name>] [--part <platform|customers>]',
  summary: 'validate and write the configuration to cdktf.out/ (two stacks per environment)',
  options: { env: ENGINE.env, part: ENGINE.part },
  run: async ({ values }) => {
    const steps = await import('../../engine/steps');
    for (const selected of await contexts(values)) {
      for (const part of selected.part ? [selected.part] : (['platform', 'customers'] as const)) {
        const ctx = { ...selected, part };
        const { target } = steps.synth(ctx);
        log(`synth ${target.environment} ${target.part} -> ${steps.stackDir(ctx)}`);
      }
    }
  },
};
