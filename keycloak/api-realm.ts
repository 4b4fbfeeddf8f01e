import { Construct } from 'constructs';
import { DataKeycloakRealm } from '../.gen/providers/keycloak/data-keycloak-realm';
import { Realm } from '../.gen/providers/keycloak/realm';
import { literal } from './hcl-literal';

export interface ApiRealmProps {
  /** Realm name. */
  readonly name: string;
  /**
   * Whether this project creates and owns the realm.
   * @default true. false references an existing realm managed elsewhere (its settings are left alone).
   */
  readonly create?: boolean;
  /** @default - the realm name */
  readonly displayName?: string;
}

/** The realm that holds the API and its customers: created here, or referenced by name. */
export class ApiRealm extends Construct {
  /** The realm id to pass to every resource in it (a reference, so resources wait for the realm). */
  public readonly realmId: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ApiRealmProps) {
    super(scope, id);
    this.name = props.name;
    if (props.create ?? true) {
      const realm = new Realm(this, 'realm', {
        realm: props.name,
        enabled: true,
        displayName: literal(props.displayName ?? props.name),
        sslRequired: 'external',
        registrationAllowed: false,
        // Fine-grained admin permissions (v2): how the provisioning identity gets exactly
        // the user rights it needs (see provisioning-identity.ts).
        adminPermissionsEnabled: true,
      });
      this.realmId = realm.id;
    } else {
      this.realmId = new DataKeycloakRealm(this, 'realm', { realm: props.name }).id;
    }
  }
}
