import { UserError } from '../../model/problems';
import { Command } from '../command';

export const reshard: Command = {
  usage: 'reshard [--env <name>] [--from <shard count>]',
  summary:
    "move the environment's customers between the states of its stacks to match platform.yaml's customerShards; states only, no Keycloak write (backs the states up first; safe to rerun)",
  options: {
    env: { type: 'string', value: '<name>', default: 'local', help: 'the environment whose customers states are moved' },
    from: {
      type: 'string',
      value: '<n>',
      help: 'the shard count the states were deployed with, when it was not 1 (default: the single stack and the new count are read)',
    },
  },
  run: async ({ values }) => {
    const from = values.from === undefined ? undefined : Number(values.from);
    if (from !== undefined && !Number.isInteger(from))
      throw new UserError(`--from must be a whole number, not "${String(values.from)}"`, 2);
    const { defaultRunContext } = await import('../../engine/steps');
    const { provision } = await import('../../toolchain/provision');
    const { reshard } = await import('../../engine/shards/reshard');
    await provision();
    await reshard(defaultRunContext({ environment: values.env as string }), { from });
  },
};
