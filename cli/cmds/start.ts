import { Command, contexts, ENGINE } from '../command';

export const start: Command = {
  usage: 'start [--env <name>] [--verbose]',
  summary: 'provision, start the local Keycloak if an environment uses it, and deploy',
  options: { env: ENGINE.env, verbose: ENGINE.verbose },
  run: async ({ values }) => {
    await (await import('../../engine/deploy')).start(await contexts(values));
  },
};
