import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import {
  ApiRealm,
  ApiRoleScopes,
  AudienceScope,
  BackendApi,
  LoginEvents,
  ProvisioningIdentity,
  ReadOnlyIdentity,
  SecretRotationPolicies,
} from '../keycloak';
import { Platform } from '../model/platform';
import { KeycloakStack } from './keycloak-stack';
import { Target } from './target';

export interface PlatformStackProps {
  readonly platform: Platform;
  readonly target: Target;
}

/**
 * The privileged part of an environment, deployed by an administrator when platform.yaml
 * changes: the realm (when this project owns it), the API and its roles, the audience
 * scope, the provisioning identity that the pipeline then uses for customers, the
 * read-only identity that plans pull requests and checks drift, the login events behind the
 * usage report, and the secret-rotation policies (when platform.yaml has them).
 */
export class PlatformStack extends KeycloakStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props.target);
    const { platform, target } = props;
    const realm = platform.realm.create
      ? new ApiRealm(this, 'realm', { name: target.realm, displayName: platform.realm.displayName })
      : ApiRealm.fromLookup(this, 'realm', target.realm);
    const api = new BackendApi(this, 'api', {
      realm,
      clientId: platform.api.clientId,
      name: platform.api.name,
      description: platform.api.description,
      roles: platform.api.roles,
    });
    new AudienceScope(this, 'audience-scope', { realm, api, name: platform.audienceScope.name });
    // One client scope per catalog role: how customers' tokens get their roles (see ApiRoleScopes).
    new ApiRoleScopes(this, 'role-scopes', { realm, api, roles: Object.keys(platform.api.roles) });
    const provisioner = new ProvisioningIdentity(this, 'provisioner', { realm, api, clientId: platform.provisioner.clientId });
    const reader = new ReadOnlyIdentity(this, 'reader', { realm, clientId: platform.reader.clientId });
    new LoginEvents(this, 'login-events', { realm, retention: platform.usage.eventRetention });
    if (platform.secretRotation) {
      new SecretRotationPolicies(this, 'secret-rotation', {
        realm,
        gracePeriods: platform.secretRotation.gracePeriods,
        maxSecretAge: platform.secretRotation.maxSecretAge,
      });
    }
    new TerraformOutput(this, 'provisioner_client_id', { value: provisioner.client.clientId });
    new TerraformOutput(this, 'reader_client_id', { value: reader.client.clientId });
    new TerraformOutput(this, 'realm_name', { value: realm.realmName });
  }
}
