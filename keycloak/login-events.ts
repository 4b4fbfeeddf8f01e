import { Construct } from 'constructs';
import { RealmEvents } from '../.gen/providers/keycloak/realm-events';
import { durationSeconds } from '../model/fields';
import { IApiRealm } from './api-realm';

/**
 * The event types the usage report reads: a token issued to a client (client-credentials
 * grant) and a refused attempt. Nothing else is stored, so user logins, admin actions and
 * personal data stay out of the event store.
 */
export const LOGIN_EVENT_TYPES: readonly string[] = ['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR'];

/** A realm's whole event configuration, as Keycloak's `events/config` holds it. */
export interface RealmEventSettings {
  readonly eventsEnabled: boolean;
  /** Stored event types; empty while events are on means every type. */
  readonly enabledEventTypes: readonly string[];
  /** Seconds events are kept; 0 (or absent) means never removed. */
  readonly eventsExpiration?: number;
  readonly eventsListeners: readonly string[];
  readonly adminEventsEnabled: boolean;
  readonly adminEventsDetailsEnabled: boolean;
}

/**
 * The event configuration of a realm this project does not own: the realm's own, extended by
 * what the usage report needs and nothing else. The login event types are added to the types
 * it stores (a realm storing every type already has them), retention becomes the longer of
 * the two (a realm keeping events forever keeps them forever), and its listeners and admin
 * events (its audit trail) are kept exactly. Keycloak has one configuration per realm, which
 * the engine manages whole: this is computed from the live settings before each plan, so the
 * company's later changes are followed, and only a setting the project needs shows as drift.
 */
export function extendedEventSettings(existing: RealmEventSettings, retentionSeconds: number): RealmEventSettings {
  const storesAll = existing.eventsEnabled && existing.enabledEventTypes.length === 0;
  const own = existing.eventsEnabled ? existing.enabledEventTypes : [];
  const types = storesAll ? [] : [...new Set([...own, ...LOGIN_EVENT_TYPES])].sort();
  const kept = existing.eventsEnabled ? (existing.eventsExpiration ?? 0) : undefined;
  const expiration = kept === 0 ? 0 : Math.max(kept ?? 0, retentionSeconds);
  return {
    eventsEnabled: true,
    enabledEventTypes: types,
    eventsExpiration: expiration,
    eventsListeners: [...existing.eventsListeners].sort(),
    adminEventsEnabled: existing.adminEventsEnabled,
    adminEventsDetailsEnabled: existing.adminEventsDetailsEnabled,
  };
}

export interface LoginEventsProps {
  /** The realm whose events are stored. */
  readonly realm: IApiRealm;
  /** How long Keycloak keeps the events (a duration such as `90d`). */
  readonly retention: string;
  /**
   * The realm's event configuration before this project, for a realm it does not own: it is
   * extended ({@link extendedEventSettings}), never replaced.
   * @default - a realm this project owns: only the login events, kept for `retention`
   */
  readonly existing?: RealmEventSettings;
}

/**
 * Keycloak's event store for the realm. In a realm this project owns: limited to
 * client-credentials logins and their errors, kept for the platform's retention, with
 * `jboss-logging` the only listener (Keycloak's default) and admin events off. In a realm it
 * does not own: the realm's own configuration with the login events added.
 */
export class LoginEvents extends Construct {
  /** The configuration written, as plain values (for plan reviewers and tests). */
  public readonly settings: RealmEventSettings;

  constructor(scope: Construct, id: string, props: LoginEventsProps) {
    super(scope, id);
    const retention = durationSeconds(props.retention) ?? 0;
    this.settings = props.existing
      ? extendedEventSettings(props.existing, retention)
      : {
          eventsEnabled: true,
          enabledEventTypes: [...LOGIN_EVENT_TYPES],
          eventsExpiration: retention,
          eventsListeners: ['jboss-logging'],
          adminEventsEnabled: false,
          adminEventsDetailsEnabled: false,
        };
    const s = this.settings;
    new RealmEvents(this, 'events', {
      realmId: props.realm.realmId,
      eventsEnabled: s.eventsEnabled,
      eventsExpiration: s.eventsExpiration,
      enabledEventTypes: [...s.enabledEventTypes],
      eventsListeners: [...s.eventsListeners],
      adminEventsEnabled: s.adminEventsEnabled,
      adminEventsDetailsEnabled: s.adminEventsDetailsEnabled,
    });
  }
}
