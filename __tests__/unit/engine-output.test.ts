/**
 * What a person sees when the engine fails: its error block, not the hundreds of plan lines
 * before it (those are in the run's log file).
 */
import { errorBlock } from '../../engine/steps';

const PLAN_NOISE = Array.from(
  { length: 300 },
  (_, i) => `  # keycloak_user_roles.customer-c${i}_service-account-roles_0000 will be created`,
).join('\n');

describe('errorBlock', () => {
  it('keeps the diagnostics from the first "Error:" on, without the plan before them', () => {
    const output = [
      PLAN_NOISE,
      'keycloak_openid_client.customer-acme_client_C59DA64E: Creating...',
      '',
      'Error: error sending POST request to /admin/realms/partners/clients: 409 Conflict. Response body: {"errorMessage":"Client acme already exists"}',
      '',
      '  with keycloak_openid_client.customer-acme_client_C59DA64E,',
      '  on cdk.tf.json line 120, in resource "keycloak_openid_client" "customer-acme_client_C59DA64E":',
      ' 120:       }',
      '',
    ].join('\n');
    expect(errorBlock(output).split('\n')).toEqual([
      'Error: error sending POST request to /admin/realms/partners/clients: 409 Conflict. Response body: {"errorMessage":"Client acme already exists"}',
      '',
      '  with keycloak_openid_client.customer-acme_client_C59DA64E,',
      '  on cdk.tf.json line 120, in resource "keycloak_openid_client" "customer-acme_client_C59DA64E":',
      ' 120:       }',
    ]);
  });

  it('finds an error drawn in a box (output with colours off but box characters on)', () => {
    const output = `${PLAN_NOISE}\n╷\n│ Error: Saved plan is stale\n│ \n│ The given plan file can no longer be applied because the state was changed by another operation after the plan was created.\n╵\n`;
    expect(errorBlock(output)).toBe(
      '│ Error: Saved plan is stale\n│ \n│ The given plan file can no longer be applied because the state was changed by another operation after the plan was created.\n╵',
    );
  });

  it('shows the last 40 lines when there is no "Error:" line, and caps a long block', () => {
    expect(errorBlock(PLAN_NOISE).split('\n')).toEqual(PLAN_NOISE.split('\n').slice(-40));
    const long = `Error: first\n${PLAN_NOISE}`;
    const lines = errorBlock(long).split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[0]).toBe('Error: first');
    expect(lines[40]).toBe('... (261 more lines)');
  });
});
