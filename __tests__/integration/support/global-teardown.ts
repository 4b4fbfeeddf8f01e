/** After the integration tests: stop the local Keycloak if the setup started it. */
import { keycloakDown } from '../../../toolchain/local-keycloak';

export default async function globalTeardown(): Promise<void> {
  if (process.env.APIKEYS_INTEGRATION_UNAVAILABLE) {
    process.stderr.write(`\nINTEGRATION TESTS DID NOT RUN: ${process.env.APIKEYS_INTEGRATION_UNAVAILABLE.split('\n')[0]}\n`);
  }
  if (process.env.APIKEYS_TEST_STARTED_KEYCLOAK === '1' && !process.env.APIKEYS_KEEP_KEYCLOAK) await keycloakDown();
}
