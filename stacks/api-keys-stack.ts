import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { KeycloakProvider } from '../.gen/providers/keycloak/provider';
import { ApiRealm, AudienceScope, BackendApi, CustomerClient } from '../keycloak';
import { Project } from '../model/load';
import { Target } from './target';

/** The name of the stack (and of its synthesized directory and state file). */
export const STACK_NAME = 'api-keys';

export interface ApiKeysStackProps {
  /** The validated platform and customer files. */
  readonly project: Project;
  readonly target: Target;
}

/**
 * Everything one Keycloak realm needs to issue API keys: the realm, the backend API and
 * its roles, the audience scope, and one client per customer file.
 */
export class ApiKeysStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ApiKeysStackProps) {
    super(scope, id);
    const { project, target } = props;
    const { platform } = project;

    // Credentials are never written into the configuration: the provider reads
    // KEYCLOAK_USER/KEYCLOAK_PASSWORD or KEYCLOAK_CLIENT_ID/KEYCLOAK_CLIENT_SECRET itself.
    new KeycloakProvider(this, 'keycloak', {
      url: target.keycloakUrl,
      realm: target.loginRealm,
      clientTimeout: target.clientTimeout,
      initialLogin: false,
    });
    new LocalBackend(this, { path: target.stateFile });

    const realm = new ApiRealm(this, 'realm', {
      name: target.realm ?? platform.realm.name,
      create: platform.realm.create,
      displayName: platform.realm.displayName,
    });
    const api = new BackendApi(this, 'api', {
      realm,
      clientId: platform.api.clientId,
      name: platform.api.name,
      description: platform.api.description,
      roles: platform.api.roles,
    });
    const audienceScope = new AudienceScope(this, 'audience-scope', { realm, api, name: platform.audienceScope.name });

    for (const customer of project.customers) {
      // The construct id comes from the client id, never from list order: adding or
      // removing a file must not renumber (and so recreate) anyone else's client.
      new CustomerClient(this, `customer-${customer.clientId}`, { realm, api, audienceScope, customer });
    }

    new TerraformOutput(this, 'realm_name', { value: realm.name });
    new TerraformOutput(this, 'customer_client_ids', { value: project.customers.map((c) => c.clientId) });
  }
}
