import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { ApiReference, CustomerClient } from '../keycloak';
import { Project } from '../model/load';
import { KeycloakStack } from './keycloak-stack';
import { Target } from './target';

export interface CustomersStackProps {
  /** The validated platform and customer files. */
  readonly project: Project;
  /** Where this environment deploys; only customers listing it (or listing none) are included. */
  readonly target: Target;
  /** The clock that decides which customers have expired. @default - now */
  readonly now?: Date;
  /** Clients to adopt (import) instead of create: client id -> import id. @default - none */
  readonly adopt?: ReadonlyMap<string, string>;
}

/**
 * One client per customer file of this environment. The API, its roles and the audience
 * scope are read from Keycloak (the platform stack owns them), so the provisioning
 * identity that deploys this stack needs no realm-level rights.
 */
export class CustomersStack extends KeycloakStack {
  constructor(scope: Construct, id: string, props: CustomersStackProps) {
    super(scope, id, props.target);
    const { project, target } = props;
    const { platform } = project;
    const now = props.now ?? new Date();
    const api = new ApiReference(this, 'api', {
      realm: target.realm,
      clientId: platform.api.clientId,
      roles: Object.keys(platform.api.roles),
      audienceScope: platform.audienceScope.name,
    });
    const customers = project.customers.filter((c) => c.environments.includes(target.environment));
    for (const customer of customers) {
      // The construct id comes from the client id, never from list order: adding or
      // removing a file must not renumber (and so recreate) anyone else's client.
      new CustomerClient(this, `customer-${customer.clientId}`, {
        realmId: target.realm,
        api,
        audienceScopeName: api.audienceScopeName,
        customer,
        now,
        stackName: target.stackName,
        adoptFrom: props.adopt?.get(customer.clientId),
      });
    }
    new TerraformOutput(this, 'customer_client_ids', { value: customers.map((c) => c.clientId) });
  }
}
