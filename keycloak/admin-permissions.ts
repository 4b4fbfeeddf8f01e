import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataKeycloakOpenidClient } from '../.gen/providers/keycloak/data-keycloak-openid-client';
import { OpenidClientClientPolicy } from '../.gen/providers/keycloak/openid-client-client-policy';

/** Construct id of the stack's one lookup of the `admin-permissions` client. */
const ADMIN_PERMISSIONS_LOOKUP = 'admin-permissions-client';

/**
 * The realm's `admin-permissions` client, the resource server of its fine-grained admin
 * permissions, looked up once per stack (a stack holds one realm's identities). Keycloak
 * creates that client's service-account user on the first read, so two lookups read in
 * parallel by one apply can collide (HTTP 409 "Duplicate resource error").
 */
export function adminPermissionsClient(scope: Construct, realmId: string): DataKeycloakOpenidClient {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ADMIN_PERMISSIONS_LOOKUP);
  if (existing instanceof DataKeycloakOpenidClient) return existing;
  return new DataKeycloakOpenidClient(stack, ADMIN_PERMISSIONS_LOOKUP, { realmId, clientId: 'admin-permissions' });
}

/**
 * A fine-grained admin policy on the realm's `admin-permissions` client that matches the
 * callers authenticated as the given clients (`clients`: internal ids), made in `scope` as
 * `id`. What every permission of this project is granted through.
 */
export function clientPolicy(
  scope: Construct,
  id: string,
  props: { readonly realmId: string; readonly name: string; readonly description: string; readonly clients: readonly string[] },
): OpenidClientClientPolicy {
  return new OpenidClientClientPolicy(scope, id, {
    realmId: props.realmId,
    resourceServerId: adminPermissionsClient(scope, props.realmId).id,
    name: props.name,
    description: props.description,
    clients: [...props.clients],
    logic: 'POSITIVE',
    decisionStrategy: 'UNANIMOUS',
  });
}
