import { Command } from '../command';

export const keycloakUp: Command = {
  usage: 'keycloak:up',
  summary: 'start the local Keycloak (reuses one already running)',
  run: async () => {
    await (await import('../../toolchain/local-keycloak')).keycloakUp();
  },
};

export const keycloakDown: Command = {
  usage: 'keycloak:down',
  summary: 'stop the local Keycloak this project started',
  run: async () => (await import('../../toolchain/local-keycloak')).keycloakDown(),
};
