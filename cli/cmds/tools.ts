import { Command, localEnvironmentInUse } from '../command';

export const tools: Command = {
  usage: 'tools [--all]',
  summary: 'provision the engine and provider, and the Keycloak server if an environment is local (--all: always)',
  options: { all: { type: 'boolean', help: 'also the Keycloak server, even when no environment uses the local one' } },
  run: async ({ values }) => {
    const { provision } = await import('../../toolchain/provision');
    await provision({ keycloakServer: values.all === true || (await localEnvironmentInUse()) });
  },
};
