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

export interface LoginEventsProps {
  /** The realm whose events are stored. */
  readonly realm: IApiRealm;
  /** How long Keycloak keeps the events (a duration such as `90d`). */
  readonly retention: string;
}

/**
 * Keycloak's event store for the realm, limited to client-credentials logins and their
 * errors, kept for the platform's retention. `jboss-logging` stays the only listener
 * (Keycloak's default), so the server log keeps what it logged before.
 */
export class LoginEvents extends Construct {
  constructor(scope: Construct, id: string, props: LoginEventsProps) {
    super(scope, id);
    new RealmEvents(this, 'events', {
      realmId: props.realm.realmId,
      eventsEnabled: true,
      eventsExpiration: durationSeconds(props.retention),
      enabledEventTypes: [...LOGIN_EVENT_TYPES],
      eventsListeners: ['jboss-logging'],
      adminEventsEnabled: false,
      adminEventsDetailsEnabled: false,
    });
  }
}
