import { UserError } from '../../model/problems';
import { Command } from '../command';

export const adopt: Command = {
  usage: 'adopt [--env <name>] <client-id>... | --all | --platform',
  summary:
    'import existing clients that customer files declare into state (secrets unchanged), or with --platform the objects the platform would create; show what deploy will change',
  positionals: '<client-id>...',
  options: {
    env: { type: 'string', value: '<name>', default: 'local', help: 'the environment whose customers stack adopts them' },
    all: { type: 'boolean', help: 'every client that a customer file declares but the state lacks' },
    platform: {
      type: 'boolean',
      help: "the platform's named objects (clients, client scopes, roles, policies) that exist already outside its state",
    },
  },
  run: async ({ values, positionals }) => {
    const { defaultRunContext } = await import('../../engine/steps');
    const { adopt, adoptPlatform } = await import('../../engine/adopt');
    if (values.platform === true) {
      if (values.all === true || positionals.length > 0)
        throw new UserError(
          'usage: npm run adopt -- [--env <name>] --platform (no client ids: it adopts every object the platform would create)',
          2,
        );
      await adoptPlatform(defaultRunContext({ environment: values.env as string }));
      return;
    }
    if ((values.all === true) === positionals.length > 0)
      throw new UserError('usage: npm run adopt -- [--env <name>] <client-id>... (or --all, or --platform)', 2);
    await adopt(defaultRunContext({ environment: values.env as string }), values.all === true ? 'all' : positionals);
  },
};
