import { projectRoot } from '../../config/paths';
import { UserError } from '../../model/problems';
import { Command } from '../command';

export const cdktfEnv: Command = {
  usage: 'cdktf-env [--env <name>]',
  summary: 'print `export` lines for the plain cdktf CLI: eval "$(npm run --silent cdktf-env -- --env local)"',
  options: { env: { type: 'string', value: '<name>', help: "also the environment's admin login (local Keycloak) and state encryption" } },
  run: async ({ values }) => {
    const env = values.env as string | undefined;
    const { cdktfExports } = await import('../../engine/cdktf-env');
    const lines = cdktfExports(env === undefined ? undefined : { root: projectRoot, environment: env });
    // The encryption config holds the state passphrase: only ever for eval, never for a screen or log.
    if (process.stdout.isTTY && lines.includes('TF_ENCRYPTION='))
      throw new UserError('the output holds the state passphrase: run it inside eval "$(...)"');
    process.stdout.write(lines);
  },
};
