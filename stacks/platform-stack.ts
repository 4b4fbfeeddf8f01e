import { Construct } from 'constructs';
import { TerraformOutput, TerraformResource } from 'cdktf';
import {
  ApiRealm,
  ApiRoleScopes,
  ApiRoleGrants,
  AudienceScope,
  BackendApi,
  BUILT_IN_CLIENT_IDS,
  LoginEvents,
  ProtectedClients,
  ProvisioningIdentity,
  RealmEventSettings,
  ReadOnlyIdentity,
  SecretRotationPolicies,
  TrustedIssuers,
} from '../keycloak';
import { Platform } from '../model/platform';
import { KeycloakStack } from './keycloak-stack';
import { Target } from './target';

/** The public keys (PEM, SPKI) of the two pipeline identities; their private keys stay with the pipelines. */
export interface IdentityPublicKeys {
  readonly provisioner: string;
  readonly reader: string;
}

export interface PlatformStackProps {
  readonly platform: Platform;
  readonly target: Target;
  /** The pipeline identities' public keys. */
  readonly identityKeys: IdentityPublicKeys;
  /**
   * Client ids of the realm's other clients (neither customers, the API nor the identities)
   * that no pipeline identity may view or change. The commands list the realm before a
   * platform plan and pass every such client (engine/platform-facts.ts).
   * @default - Keycloak's built-in clients ({@link BUILT_IN_CLIENT_IDS})
   */
  readonly protectedClientIds?: readonly string[];
  /**
   * The event configuration of a realm this project does not own, read before the plan: the
   * platform adds what the usage report needs to it and keeps the rest.
   * @default - the project's own event settings (what a realm it owns gets)
   */
  readonly realmEvents?: RealmEventSettings;
  /**
   * Objects this stack made but its state lost, to import instead of create: construct path
   * below the stack (`provisioner/client`) -> import id (engine/platform-collisions.ts).
   * @default - none
   */
  readonly adopt?: ReadonlyMap<string, string>;
  /**
   * JWKS URLs of the trusted issuers that platform.yaml gives without one, read from their
   * discovery documents before the plan (engine/issuer-discovery.ts): name -> URL.
   * @default - none: every trusted issuer must have its jwksUrl in platform.yaml
   */
  readonly issuerJwksUrls?: ReadonlyMap<string, string>;
}

/**
 * The privileged part of an environment, deployed by an administrator when platform.yaml
 * changes: the realm (when this project owns it), the API and its roles, the audience
 * scope, the role scopes and grant roles, the provisioning identity that the pipeline then
 * uses for customers, the read-only identity that plans pull requests, the permission that
 * keeps both away from every client that is not a customer, the login events behind the
 * usage report, and the secret-rotation policies (when platform.yaml has them).
 */
export class PlatformStack extends KeycloakStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props.target);
    const { platform, target } = props;
    // Everything this stack makes that has a name carries it: a plan that lost its state adopts what it made.
    const marker = target.stackName;
    const realm = platform.realm.create
      ? new ApiRealm(this, 'realm', { name: target.realm, displayName: platform.realm.displayName, marker })
      : ApiRealm.fromLookup(this, 'realm', target.realm);
    const roles = Object.keys(platform.api.roles);
    const api = platform.api.create
      ? new BackendApi(this, 'api', {
          realm,
          clientId: platform.api.clientId,
          name: platform.api.name,
          description: platform.api.description,
          roles: platform.api.roles,
          marker,
        })
      : BackendApi.fromExisting(this, 'api', { realm, clientId: platform.api.clientId, roles });
    new AudienceScope(this, 'audience-scope', { realm, api, name: platform.audienceScope.name });
    // One client scope per catalog role: how customers' tokens get their roles (see ApiRoleScopes).
    new ApiRoleScopes(this, 'role-scopes', { realm, api, roles });
    // One realm role per catalog role: what customers' service accounts hold (see ApiRoleGrants).
    const grants = new ApiRoleGrants(this, 'role-grants', { realm, api, roles, marker });
    const provisioner = new ProvisioningIdentity(this, 'provisioner', {
      realm,
      api,
      grants,
      roles,
      publicKey: props.identityKeys.provisioner,
      clientId: platform.provisioner.clientId,
      marker,
    });
    const reader = new ReadOnlyIdentity(this, 'reader', {
      realm,
      publicKey: props.identityKeys.reader,
      clientId: platform.reader.clientId,
      marker,
    });
    new ProtectedClients(this, 'protected-clients', {
      realm,
      // The API too: its own permission (map-roles) does not keep view and manage from it.
      clients: [api.clientUuid, provisioner.client.id, reader.client.id],
      clientIds: props.protectedClientIds ?? BUILT_IN_CLIENT_IDS,
      namePrefix: platform.provisioner.clientId,
      after: [provisioner.apiRoles],
    });
    new LoginEvents(this, 'login-events', {
      realm,
      retention: platform.usage.eventRetention,
      // A realm someone else owns keeps its own event settings, extended (never in a realm made here).
      existing: platform.realm.create ? undefined : props.realmEvents,
    });
    if (platform.secretRotation) {
      new SecretRotationPolicies(this, 'secret-rotation', {
        realm,
        gracePeriods: platform.secretRotation.gracePeriods,
        maxSecretAge: platform.secretRotation.maxSecretAge,
      });
    }
    const issuers = Object.entries(platform.trustedIssuers).map(([alias, entry]) => {
      const jwksUrl = entry.jwksUrl ?? props.issuerJwksUrls?.get(alias);
      if (jwksUrl === undefined)
        throw new Error(
          `platform.yaml trustedIssuers.${alias}: no jwksUrl, and its discovery document was not read (only plan and deploy read it); set jwksUrl`,
        );
      return { alias, issuer: entry.issuer, jwksUrl };
    });
    // Issuers of workload tokens for customers' federated client authentication: identity
    // providers that verify client assertions only (nobody logs in through them).
    if (issuers.length) new TrustedIssuers(this, 'trusted-issuers', { realm, issuers });
    for (const [at, importId] of props.adopt ?? []) {
      const resource = this.node
        .tryFindChild(at.split('/')[0])
        ?.node.findAll()
        .find((c) => c.node.path === `${this.node.path}/${at}`);
      if (!(resource instanceof TerraformResource)) throw new Error(`PlatformStack: nothing to adopt at ${at}`);
      resource.importFrom(importId);
    }
    new TerraformOutput(this, 'provisioner_client_id', { value: provisioner.client.clientId });
    new TerraformOutput(this, 'reader_client_id', { value: reader.client.clientId });
    new TerraformOutput(this, 'realm_name', { value: realm.realmName });
  }
}
