import { Construct } from 'constructs';
import { LocalBackend, PgBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { KeycloakProvider } from '../.gen/providers/keycloak/provider';
import { ApiRealm, AudienceScope, BackendApi, CustomerClient } from '../keycloak';
import { Project } from '../model/load';
import { Target } from './target';

export interface ApiKeysStackProps {
  /** The validated platform and customer files. */
  readonly project: Project;
  /** Where this environment deploys; only customers listing it (or listing none) are included. */
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
    this.addBackend(target);

    const realm = new ApiRealm(this, 'realm', {
      name: target.realm,
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

    const customers = project.customers.filter((c) => c.environments.includes(target.environment));
    for (const customer of customers) {
      // The construct id comes from the client id, never from list order: adding or
      // removing a file must not renumber (and so recreate) anyone else's client.
      new CustomerClient(this, `customer-${customer.clientId}`, { realm, api, audienceScope, customer });
    }

    new TerraformOutput(this, 'realm_name', { value: realm.name });
    new TerraformOutput(this, 'customer_client_ids', { value: customers.map((c) => c.clientId) });
  }

  private addBackend(target: Target): void {
    const state = target.state;
    switch (state.kind) {
      case 'local':
        new LocalBackend(this, { path: state.path });
        break;
      case 'pg':
        // The password comes from PGPASSWORD (libpq), never from the configuration.
        new PgBackend(this, { connStr: state.connStr, schemaName: state.schemaName });
        break;
      case 's3': {
        const backend = new S3Backend(this, {
          bucket: state.bucket,
          key: state.key,
          region: state.region,
          encrypt: true,
          ...(state.endpoint ? { endpoints: { s3: state.endpoint }, skipCredentialsValidation: true, skipRequestingAccountId: true, skipRegionValidation: true } : {}),
          usePathStyle: state.usePathStyle,
        });
        // Locking with a lock object beside the state (OpenTofu 1.10+); no DynamoDB needed.
        backend.addOverride('use_lockfile', true);
        break;
      }
    }
  }
}
