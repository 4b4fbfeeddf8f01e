import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { RealmClientPolicyProfile } from '../.gen/providers/keycloak/realm-client-policy-profile';
import { RealmClientPolicyProfilePolicy } from '../.gen/providers/keycloak/realm-client-policy-profile-policy';
import { durationSeconds } from '../model/fields';
import { IApiRealm } from './api-realm';
import { GRACE_PERIOD_ATTRIBUTE } from './customer-client';

/**
 * How close to its expiry a secret must be before Keycloak rotates it by itself when the
 * client is updated (measured: an update after expiry rotates it too). One minute: rotation
 * is this project's decision (a changed `secretRotation`), not a side effect of an update.
 */
export const REMAINING_ROTATION_PERIOD_SECONDS = 60;

export interface SecretRotationPoliciesProps {
  /** The realm the policies apply in. */
  readonly realm: IApiRealm;
  /** The grace periods customers may choose (`7d`, `12h`, ...). */
  readonly gracePeriods: readonly string[];
  /** Keycloak's `expiration-period`: every secret under a policy expires this long after it was issued. */
  readonly maxSecretAge: string;
}

/**
 * Keycloak's client-secret rotation (a preview feature: the server needs
 * `--features=client-secret-rotation`). An executor's `rotated-expiration-period` is one value
 * per client profile, so each grace period of the catalog is one profile and one client policy,
 * and the policy applies only to clients whose grace-period attribute names it. Other clients
 * (the API, the provisioning identity, customers without a secret) match no policy, so their
 * secrets never expire by this mechanism.
 */
export class SecretRotationPolicies extends Construct {
  constructor(scope: Construct, id: string, props: SecretRotationPoliciesProps) {
    super(scope, id);
    // The provider rewrites the realm's whole profile (and policy) document on every change;
    // one at a time, or two changes in one apply can overwrite each other.
    let previous: ITerraformDependable | undefined;
    for (const period of props.gracePeriods) {
      const name = `api-keys-secret-rotation-${period}`;
      const profile = new RealmClientPolicyProfile(this, `profile-${period}`, {
        realmId: props.realm.realmId,
        name,
        description: `keycloak-api-keys: after a rotation the previous secret keeps working for ${period}`,
        executor: [
          {
            name: 'secret-rotation',
            configuration: {
              'expiration-period': String(durationSeconds(props.maxSecretAge)),
              'rotated-expiration-period': String(durationSeconds(period)),
              'remaining-rotation-period': String(REMAINING_ROTATION_PERIOD_SECONDS),
            },
          },
        ],
        dependsOn: previous ? [previous] : undefined,
      });
      previous = new RealmClientPolicyProfilePolicy(this, `policy-${period}`, {
        realmId: props.realm.realmId,
        name,
        description: `keycloak-api-keys: customers whose ${GRACE_PERIOD_ATTRIBUTE} is ${period}`,
        enabled: true,
        profiles: [profile.name],
        condition: [
          {
            name: 'client-attributes',
            configuration: {
              'is-negative-logic': 'false',
              type: 'AND',
              // Keycloak 26.7 reads this as a JSON *string*; sent as a JSON array, every client
              // registration in the realm then fails (HTTP 500 "Cannot parse the JSON", measured).
              // The provider turns any value starting with "[" into an array, so it starts with a space.
              attributes: ` ${JSON.stringify([{ key: GRACE_PERIOD_ATTRIBUTE, value: period }])}`,
            },
          },
        ],
        dependsOn: [profile],
      });
    }
  }
}
