/**
 * Before the integration tests: provision the pinned toolchain and start the local
 * Keycloak (or reuse a running one). When the toolchain cannot be provisioned on this
 * machine, the reason is recorded (APIKEYS_INTEGRATION_UNAVAILABLE) and every integration test
 * reports it instead of running; under APIKEYS_REQUIRE_INTEGRATION=1 the run fails instead.
 */
import { keycloakUp } from '../../../toolchain/local-keycloak';
import { provisionAll } from '../../../toolchain/provision';

export default async function globalSetup(): Promise<void> {
  process.env.CHECKPOINT_DISABLE = '1';
  // Only this run's own provisioning says whether the toolchain is unavailable: a marker
  // inherited from the environment (an earlier run, a shell that exported it) would otherwise
  // turn every integration suite into NOT RUN without anything being tried.
  delete process.env.APIKEYS_INTEGRATION_UNAVAILABLE;
  if (process.env.KEYCLOAK_URL) {
    throw new Error('Integration tests run against the local Keycloak they start; unset KEYCLOAK_URL to run them.');
  }
  try {
    await provisionAll();
  } catch (err) {
    // CI (and anyone who asks) wants the end-to-end suites run, never skipped.
    if (process.env.APIKEYS_REQUIRE_INTEGRATION === '1') throw err;
    process.env.APIKEYS_INTEGRATION_UNAVAILABLE = (err as Error).message;
    process.stderr.write(`\n\nINTEGRATION TESTS WILL NOT RUN: the toolchain could not be provisioned:\n${(err as Error).message}\n\n`);
    return;
  }
  const started = await keycloakUp();
  process.env.APIKEYS_TEST_STARTED_KEYCLOAK = started ? '1' : '';
}
