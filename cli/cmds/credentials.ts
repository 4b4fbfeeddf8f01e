import { UserError } from '../../model/problems';
import { log } from '../../toolchain/process';
import { Command } from '../command';

export const credentials: Command = {
  usage: 'credentials <client-id> [--env <name>] [--reveal] [--output <new file>]',
  summary:
    "show what to hand a customer, or a pipeline for an identity (JSON on stdout); the secret (an identity's private key) only with --reveal or --output (mode 0600)",
  positionals: '<client-id>',
  options: {
    env: { type: 'string', value: '<name>', default: 'local', help: 'the environment whose Keycloak to ask' },
    reveal: { type: 'boolean', help: "print the client secret (an identity's private key) too" },
    output: {
      type: 'string',
      value: '<new file>',
      help: 'write the credentials with the secret or key to a new file readable only by you',
    },
  },
  run: async ({ values, positionals }) => {
    if (positionals.length !== 1)
      throw new UserError('usage: npm run credentials -- <client-id> [--env <name>] [--reveal] [--output <new file>]', 2);
    const { defaultRunContext } = await import('../../engine/steps');
    const { credentials } = await import('../../engine/credentials');
    const info = await credentials(defaultRunContext({ environment: values.env as string }), positionals[0], {
      reveal: values.reveal === true,
      outputFile: values.output as string | undefined,
    });
    process.stdout.write(JSON.stringify(info, null, 2) + '\n');
    if (values.reveal !== true && values.output === undefined && info.trusted_issuer === undefined)
      log('credentials: the secret (or private key) is not shown; add --reveal to print it or --output <file> to write it');
  },
};
