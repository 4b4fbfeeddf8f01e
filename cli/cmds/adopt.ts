import { UserError } from '../../model/problems';
import { Command } from '../command';

export const adopt: Command = {
  usage: 'adopt [--env <name>] <client-id>... | --all',
  summary: 'import existing clients that customer files declare into state (secrets unchanged); show what deploy will change',
  positionals: '<client-id>...',
  options: {
    env: { type: 'string', value: '<name>', default: 'local', help: 'the environment whose customers stack adopts them' },
    all: { type: 'boolean', help: 'every client that a customer file declares but the state lacks' },
  },
  run: async ({ values, positionals }) => {
    if ((values.all === true) === positionals.length > 0)
      throw new UserError('usage: npm run adopt -- [--env <name>] <client-id>... (or --all)', 2);
    const { defaultRunContext } = await import('../../engine/steps');
    const { adopt } = await import('../../engine/adopt');
    await adopt(defaultRunContext({ environment: values.env as string }), values.all === true ? 'all' : positionals);
  },
};
