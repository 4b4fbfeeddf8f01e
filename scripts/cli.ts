/**
 * The project's commands (`npm run <command>`). Each one prints what it does on stderr and
 * exits non-zero with a plain message when something is wrong.
 */
import { UserError, log } from './run';

type Command = { summary: string; run: (args: string[]) => Promise<number | void> };

const commands: Record<string, Command> = {
  tools: {
    summary: 'provision the pinned engine, provider and Keycloak into the cache directory',
    run: async () => (await import('./toolchain')).provisionAll(),
  },
  'keycloak:up': {
    summary: 'start the local Keycloak (reuses one already running)',
    run: async () => {
      await (await import('./local-keycloak')).keycloakUp();
    },
  },
  'keycloak:down': {
    summary: 'stop the local Keycloak this project started',
    run: async () => (await import('./local-keycloak')).keycloakDown(),
  },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    log('usage: npm run <command> [-- options]\n');
    for (const [n, c] of Object.entries(commands)) log(`  ${n.padEnd(16)} ${c.summary}`);
    return name ? 2 : 0;
  }
  const code = await command.run(args);
  return typeof code === 'number' ? code : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UserError) {
      log(`error: ${err.message}`);
      process.exit(err.exitCode);
    }
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
