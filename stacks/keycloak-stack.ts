import { Construct } from 'constructs';
import { LocalBackend, PgBackend, S3Backend, TerraformStack } from 'cdktf';
import { KeycloakProvider } from '../.gen/providers/keycloak/provider';
import { Target } from './target';

/** What both stacks of an environment share: the provider for its Keycloak and its state backend. */
export abstract class KeycloakStack extends TerraformStack {
  constructor(scope: Construct, id: string, target: Target) {
    super(scope, id);
    // Credentials are never written into the configuration: the provider reads
    // KEYCLOAK_USER/KEYCLOAK_PASSWORD or KEYCLOAK_CLIENT_ID/KEYCLOAK_CLIENT_SECRET itself.
    new KeycloakProvider(this, 'keycloak', {
      url: target.keycloakUrl,
      realm: target.loginRealm,
      clientTimeout: target.clientTimeout,
      initialLogin: false,
      // A private CA: the provider trusts exactly these certificates for Keycloak (it does not
      // add them to the system's), so the bundle must hold the CA that issued Keycloak's certificate.
      ...(target.ca ? { rootCaCertificate: target.ca.certificates.join('') } : {}),
    });
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
          ...(state.endpoint
            ? {
                endpoints: { s3: state.endpoint },
                skipCredentialsValidation: true,
                skipRequestingAccountId: true,
                skipRegionValidation: true,
              }
            : {}),
          usePathStyle: state.usePathStyle,
        });
        // Locking with a lock object beside the state (OpenTofu 1.10+); no DynamoDB needed.
        backend.addOverride('use_lockfile', true);
        break;
      }
    }
  }
}
