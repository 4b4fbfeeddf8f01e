/**
 * The cdktf app entry point (`cdktf synth`, `cdktf deploy`): validates the platform and
 * customer files, then synthesizes the stack. Invalid files stop it here.
 */
import { currentSettings } from './config/settings';
import { UserError, ValidationError } from './model/problems';
import { buildApp } from './stacks/app';

try {
  buildApp({ root: __dirname, settings: currentSettings() }).app.synth();
} catch (err) {
  // Invalid files, or an unusable environment variable (SettingsError).
  if (err instanceof ValidationError || err instanceof UserError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
