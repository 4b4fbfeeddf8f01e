/**
 * The cdktf app entry point (`cdktf synth`, `cdktf deploy`): validates the platform and
 * customer files, then synthesizes the stack. Invalid files stop it here.
 */
import { ValidationError } from './model/problems';
import { buildApp } from './stacks/app';

try {
  buildApp({ root: __dirname }).app.synth();
} catch (err) {
  if (err instanceof ValidationError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
