/**
 * The cdktf app: validates the platform and customer files, then builds the stack.
 * Invalid files stop it here, before anything is synthesized.
 */
import { App } from 'cdktf';
import { loadProject } from './model/load';
import { ValidationError } from './model/problems';
import { ApiKeysStack, STACK_NAME } from './stacks/api-keys-stack';
import { resolveTarget } from './stacks/target';

function main(): void {
  let project;
  try {
    project = loadProject({ root: __dirname });
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = new App();
  new ApiKeysStack(app, STACK_NAME, { project, target: resolveTarget(STACK_NAME) });
  app.synth();
}

main();
