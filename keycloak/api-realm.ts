import { Construct } from 'constructs';
import { DataKeycloakRealm } from '../.gen/providers/keycloak/data-keycloak-realm';
import { Realm } from '../.gen/providers/keycloak/realm';
import { literal } from './hcl-literal';
import { MARKER_ATTRIBUTE } from './marker';

/** A realm that holds the API and its customers, whoever owns it. Every construct in it takes one. */
export interface IApiRealm {
  /** The realm's name as written in the platform configuration (plain text, never a reference). */
  readonly realmName: string;
  /**
   * The id to pass to resources in the realm (the provider's id of a realm is its name). A
   * reference when the realm is created or looked up here, so resources wait for it.
   */
  readonly realmId: string;
}

/** Settings of a realm this project creates and owns. */
export interface ApiRealmProps {
  /** Realm name; also its id. */
  readonly name: string;
  /**
   * Name shown in the admin console and on Keycloak's pages.
   * @default - the realm name
   */
  readonly displayName?: string;
  /**
   * The platform stack's name, written into the realm's \`api-keys.stack\` attribute: how a
   * platform plan that lost its state knows the realm as its own and adopts it.
   * @default - no marker
   */
  readonly marker?: string;
}

/**
 * The realm that holds the API and its customers, created and owned by this project. A realm
 * managed elsewhere is referenced with {@link ApiRealm.fromLookup} (read, its settings left
 * alone) or {@link ApiRealm.fromRealmName} (no lookup at all).
 */
export class ApiRealm extends Construct implements IApiRealm {
  /**
   * An existing realm, read with a data source: a missing realm fails the plan early, and
   * resources in it wait for the read. Nothing of the realm is managed.
   */
  public static fromLookup(scope: Construct, id: string, realmName: string): IApiRealm {
    return new RealmReference(scope, id, realmName, true);
  }

  /**
   * A realm known by name only, without a data source: for stacks that must not read more
   * than they manage (the customers stack). Creates no resource.
   */
  public static fromRealmName(scope: Construct, id: string, realmName: string): IApiRealm {
    return new RealmReference(scope, id, realmName, false);
  }

  public readonly realmName: string;
  public readonly realmId: string;
  /** The realm resource. */
  public readonly realm: Realm;

  constructor(scope: Construct, id: string, props: ApiRealmProps) {
    super(scope, id);
    this.realmName = props.name;
    this.realm = new Realm(this, 'realm', {
      realm: props.name,
      enabled: true,
      displayName: literal(props.displayName ?? props.name),
      sslRequired: 'external',
      registrationAllowed: false,
      // Fine-grained admin permissions (v2): how the provisioning identity gets exactly
      // the user rights it needs (see provisioning-identity.ts).
      adminPermissionsEnabled: true,
      ...(props.marker ? { attributes: { [MARKER_ATTRIBUTE]: props.marker } } : {}),
    });
    this.realmId = this.realm.id;
  }
}

/** A realm this project does not own: read with a data source, or known by name only. */
class RealmReference extends Construct implements IApiRealm {
  public readonly realmName: string;
  public readonly realmId: string;

  constructor(scope: Construct, id: string, realmName: string, lookup: boolean) {
    super(scope, id);
    this.realmName = realmName;
    this.realmId = lookup ? new DataKeycloakRealm(this, 'realm', { realm: realmName }).id : realmName;
  }
}
