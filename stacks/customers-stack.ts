import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';
import {
  ApiRealm,
  ApiRoleGrants,
  ApiRoleScopes,
  AudienceScope,
  ClientAuthentication,
  CustomerClient,
  customerConstructId,
} from '../keycloak';
import { CustomerAuth } from '../model/auth';
import { effectiveEnabled } from '../model/lifecycle';
import { Project } from '../model/load';
import { FINGERPRINT_OUTPUT, shardFingerprint } from './fingerprint';
import { KeycloakStack } from './keycloak-stack';
import { shardOf } from './shards';
import { Target } from './target';

export interface CustomersStackProps {
  /** The validated platform and customer files. */
  readonly project: Project;
  /**
   * Where this environment deploys; only customers listing it (or listing none) are included,
   * and of those, with shards, only the ones of the target's shard.
   */
  readonly target: Target;
  /** The clock that decides which customers have expired. @default - now */
  readonly now?: Date;
  /** Clients to adopt (import) instead of create: client id -> import id. @default - none */
  readonly adopt?: ReadonlyMap<string, string>;
}

/** The customers of a target: those of its environment, and of its shard when there are several. */
export function customersOfTarget(project: Project, target: Target): Project['customers'] {
  const { shard } = target;
  return project.customers.filter(
    (c) => c.environments.includes(target.environment) && (!shard || shardOf(c.clientId, shard.count) === shard.index),
  );
}

/** A customer file's `auth` as the construct takes it. */
export function authenticationOf(auth: CustomerAuth): ClientAuthentication {
  switch (auth.method) {
    case 'client-secret':
      return ClientAuthentication.secret();
    case 'private-key-jwt':
      return ClientAuthentication.privateKeyJwt({ jwksUrl: auth.jwksUrl, publicKey: auth.publicKey });
    case 'mtls':
      return ClientAuthentication.mtls(auth.subjectDn);
    case 'federated':
      // The identity provider's alias is the issuer's name in platform.yaml (TrustedIssuers).
      return ClientAuthentication.federated(auth.issuer, auth.subject);
  }
}

/**
 * One client per customer file of this environment. The platform stack owns the API, its
 * grant roles and the client scopes; this stack reads only the grant roles, so the pipeline
 * identities that plan and deploy it need no right on the API client (see SECURITY.md).
 */
export class CustomersStack extends KeycloakStack {
  constructor(scope: Construct, id: string, props: CustomersStackProps) {
    super(scope, id, props.target);
    const { project, target } = props;
    const { platform } = project;
    const now = props.now ?? new Date();
    // Known by name only: reading the realm would need realm-level rights.
    const realm = ApiRealm.fromRealmName(this, 'realm', target.realm);
    const roles = Object.keys(platform.api.roles);
    // The grant roles (realm roles) are the one thing read from Keycloak: `view-realm` reads
    // them, while the API client, its roles and the client scopes are shown only to identities
    // that may view every client (keycloak/role-grants.ts). A platform not yet deployed with
    // them fails the plan here, naming the role.
    const grants = ApiRoleGrants.fromLookup(this, 'role-grant', { realm, apiClientId: platform.api.clientId, roles });
    const audienceScope = AudienceScope.fromName(platform.audienceScope.name);
    const roleScopes = ApiRoleScopes.fromNames({ apiClientId: platform.api.clientId, roles });
    const customers = customersOfTarget(project, target);
    for (const customer of customers) {
      new CustomerClient(this, customerConstructId(customer.clientId), {
        realm,
        grants,
        audienceScope,
        roleScopes,
        clientId: customer.clientId,
        name: customer.name,
        contact: customer.contact,
        description: customer.description,
        // An expired key is disabled, not deleted: its secret and history stay for a renewal.
        enabled: effectiveEnabled(customer, now),
        roles: customer.roles,
        accessTokenLifespan: customer.accessTokenLifespan,
        authentication: authenticationOf(customer.auth),
        secretRotation: customer.secretRotation,
        secretGracePeriod: customer.secretGracePeriod,
        expires: customer.expires,
        // The environment's name for its customers, whatever the shard: moving a customer
        // between shards must not change its client.
        stackName: target.markerStack,
        adoptFrom: props.adopt?.get(customer.clientId),
      });
    }
    // Handed over as a token: cdktf 0.21.0 tests a plain array output with util.isArray,
    // which Node.js 22 and later warn about on every synth (DEP0044; cdktf gets no fix, cdktn
    // 0.24 uses Array.isArray). A token skips that test and resolves to the same list.
    new TerraformOutput(this, 'customer_client_ids', { value: Token.asAny(customers.map((c) => c.clientId)) });
    // A shard records what it was applied from: plans skip the shards whose files did not change.
    if (target.shard) new TerraformOutput(this, FINGERPRINT_OUTPUT, { value: shardFingerprint({ platform, target, customers, now }) });
  }
}
