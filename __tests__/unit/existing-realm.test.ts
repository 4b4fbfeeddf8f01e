/**
 * A realm and a backend client the company already runs (`realm.create: false`,
 * `api.create: false`): the platform stack reads the backend client and its catalog roles and
 * never changes them, extends the realm's event settings instead of replacing them, and the
 * checks before a platform plan stop with the missing piece named, before any change.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataKeycloakRole } from '../../.gen/providers/keycloak/data-keycloak-role';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { RealmEvents } from '../../.gen/providers/keycloak/realm-events';
import { Role } from '../../.gen/providers/keycloak/role';
import { AdminApi } from '../../engine/admin-api';
import { checkExistingApi, eventSettingsOf, turnOnAdminPermissions } from '../../engine/platform-facts';
import { extendedEventSettings, LOGIN_EVENT_TYPES, MARKER_ATTRIBUTE, RealmEventSettings } from '../../keycloak';
import { UserError } from '../../model/problems';
import { buildApp } from '../../stacks/app';
import { Target } from '../../stacks/target';
import {
  Content,
  dataOf,
  dataRef,
  find,
  PLATFORM,
  removeTempDirs,
  resourcesOf,
  SynthJson,
  tempDir,
  TestProject,
  testIdentityKey,
  testSettings,
} from './helpers';

afterAll(removeTempDirs);

const DAY = 86400;
const COMPANY: RealmEventSettings = {
  eventsEnabled: true,
  enabledEventTypes: ['LOGIN', 'LOGIN_ERROR', 'LOGOUT'],
  eventsExpiration: 30 * DAY,
  eventsListeners: ['jboss-logging', 'company-audit'],
  adminEventsEnabled: true,
  adminEventsDetailsEnabled: true,
};

const EXISTING_PLATFORM = {
  ...PLATFORM,
  realm: { name: 'atlas', create: false },
  api: { clientId: 'backend', create: false, roles: { 'orders:read': 'Read orders', 'orders:write': 'Change orders' } },
};

function platformJson(platform: Content, realmEvents?: RealmEventSettings): SynthJson {
  const p = new TestProject({ platform });
  const outdir = tempDir('stacks');
  const { app } = buildApp({
    root: p.root,
    outdir,
    settings: testSettings({ APIKEYS_STATE_DIR: tempDir('state') }),
    identityKey: testIdentityKey,
    parts: ['platform'],
    realmEvents: () => realmEvents,
  });
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'api-keys-local-platform', 'cdk.tf.json'), 'utf8'));
}

describe('extendedEventSettings: a realm the project does not own keeps its event settings, extended', () => {
  it("adds the login types, keeps the realm's types, listeners and admin events, and the longer retention", () => {
    expect(extendedEventSettings(COMPANY, 90 * DAY)).toEqual({
      eventsEnabled: true,
      enabledEventTypes: ['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'LOGIN', 'LOGIN_ERROR', 'LOGOUT'],
      eventsExpiration: 90 * DAY,
      eventsListeners: ['company-audit', 'jboss-logging'],
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
    });
    // a realm keeping events longer than the project needs keeps its own retention
    expect(extendedEventSettings({ ...COMPANY, eventsExpiration: 365 * DAY }, 90 * DAY).eventsExpiration).toBe(365 * DAY);
    // and one that never removes them keeps never removing them
    expect(extendedEventSettings({ ...COMPANY, eventsExpiration: undefined }, 90 * DAY).eventsExpiration).toBe(0);
  });

  it('a realm storing every type (an empty list) keeps storing every type; one with events off stores only the login types', () => {
    expect(extendedEventSettings({ ...COMPANY, enabledEventTypes: [] }, 90 * DAY).enabledEventTypes).toEqual([]);
    const off = extendedEventSettings({ ...COMPANY, eventsEnabled: false, eventsExpiration: 0 }, 90 * DAY);
    expect(off.enabledEventTypes).toEqual([...LOGIN_EVENT_TYPES]);
    expect(off.eventsExpiration).toBe(90 * DAY);
    expect(off.adminEventsEnabled).toBe(true);
  });

  it("reads Keycloak's events/config answer, whose fields may be missing", () => {
    expect(eventSettingsOf({ eventsEnabled: false })).toEqual({
      eventsEnabled: false,
      enabledEventTypes: [],
      eventsExpiration: undefined,
      eventsListeners: [],
      adminEventsEnabled: false,
      adminEventsDetailsEnabled: false,
    });
  });
});

describe('the platform stack in an existing realm with an existing backend client', () => {
  const json = platformJson(EXISTING_PLATFORM, COMPANY);

  it('reads the backend client and each catalog role, and manages neither: no client or role of the API is a resource', () => {
    const api = find(json, OpenidClient.tfResourceType, 'api/client', 'data');
    expect(api.body).toMatchObject({ client_id: 'backend' });
    expect(Object.values(resourcesOf(json, OpenidClient.tfResourceType)).map((c) => c.client_id)).toEqual(
      expect.not.arrayContaining(['backend']),
    );
    for (const role of ['orders:read', 'orders:write']) {
      expect(find(json, DataKeycloakRole.tfResourceType, `api/role-${role}`, 'data').body).toMatchObject({
        name: role,
        client_id: dataRef(OpenidClient.tfResourceType, api.key, 'id'),
      });
    }
    // no role of the backend is a resource: only the grant roles (realm roles) are made
    const made = Object.values(resourcesOf(json, Role.tfResourceType));
    expect(made.map((r) => r.name).sort()).toEqual(['backend-grant-orders:read', 'backend-grant-orders:write']);
    expect(made.every((r) => r.client_id === undefined)).toBe(true);
    // and each grant role is a composite of the existing role
    const grant = find(json, Role.tfResourceType, 'role-grants/grant-orders:read').body;
    expect(grant.composite_roles).toEqual([
      dataRef(DataKeycloakRole.tfResourceType, find(json, DataKeycloakRole.tfResourceType, 'api/role-orders:read', 'data').key, 'id'),
    ]);
    // roles of the client outside the catalog are not read at all
    expect(Object.values(dataOf(json, DataKeycloakRole.tfResourceType)).map((r) => r.name)).not.toContain('admin:all');
  });

  it("writes the realm's event settings extended, not the project's own", () => {
    expect(find(json, RealmEvents.tfResourceType, 'login-events/events').body).toMatchObject({
      admin_events_enabled: true,
      admin_events_details_enabled: true,
      enabled_event_types: ['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'LOGIN', 'LOGIN_ERROR', 'LOGOUT'],
      events_listeners: ['company-audit', 'jboss-logging'],
      events_expiration: 90 * DAY,
    });
  });

  it("a realm the project owns keeps the project's own event settings, whatever is passed", () => {
    const owned = platformJson(PLATFORM, COMPANY);
    expect(find(owned, RealmEvents.tfResourceType, 'login-events/events').body).toMatchObject({
      admin_events_enabled: false,
      enabled_event_types: [...LOGIN_EVENT_TYPES],
      events_listeners: ['jboss-logging'],
    });
  });

  it('marks what it makes with the platform stack, so that a plan that lost its state knows it', () => {
    const owned = platformJson(PLATFORM);
    for (const path of ['api/client', 'provisioner/client', 'reader/client'])
      expect(find(owned, OpenidClient.tfResourceType, path).body.extra_config[MARKER_ATTRIBUTE]).toBe('api-keys-local-platform');
    for (const path of ['api/role-orders:read', 'role-grants/grant-orders:read'])
      expect(find(owned, Role.tfResourceType, path).body.attributes[MARKER_ATTRIBUTE]).toBe('api-keys-local-platform');
  });
});

describe('checks before a platform plan in a realm the project does not own', () => {
  /** An admin API answering from a table of paths (method PUT recorded). */
  class Table extends AdminApi {
    public readonly puts: { path: string; body: unknown }[] = [];
    constructor(private readonly answers: Record<string, unknown>) {
      super({ url: 'http://127.0.0.1:9', loginRealm: 'master', clientId: 'admin-cli', username: 'a', password: 'b' });
    }
    override async request<T>(method: string, p: string, body?: unknown): Promise<{ status: number; data: T }> {
      if (method === 'PUT') {
        this.puts.push({ path: p, body });
        this.answers[p] = { ...(this.answers[p] as object), ...(body as object) };
        return { status: 204, data: undefined as T };
      }
      return p in this.answers ? { status: 200, data: this.answers[p] as T } : { status: 404, data: undefined as T };
    }
  }
  const target = { environment: 'prod', realm: 'atlas', keycloakUrl: 'https://sso.test/auth' } as Target;
  const project = (platform: Content) => new TestProject({ platform }).load();
  const backend = { id: 'uuid-b', clientId: 'backend' };

  it('api.create: false needs the client: its absence is named, with the ways out', async () => {
    const run = checkExistingApi(new Table({}), project(EXISTING_PLATFORM), target, [{ clientId: 'frontend' }]);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(
      /api\.clientId "backend" with api\.create: false, but realm "atlas" has no client "backend".*api\.create: true/,
    );
  });

  it('every catalog role must exist on it: the missing ones are named, with the roles it has', async () => {
    const api = new Table({ '/atlas/clients/uuid-b/roles': [{ name: 'orders:read' }, { name: 'admin:all' }] });
    const run = checkExistingApi(api, project(EXISTING_PLATFORM), target, [backend]);
    await expect(run).rejects.toThrow(
      /api\.roles lists a role that client "backend" of realm "atlas" does not have: orders:write\..*never changes a client it does not own.*Roles the client has: admin:all, orders:read/,
    );
    const ok = new Table({ '/atlas/clients/uuid-b/roles': [{ name: 'orders:read' }, { name: 'orders:write' }, { name: 'admin:all' }] });
    await expect(checkExistingApi(ok, project(EXISTING_PLATFORM), target, [backend])).resolves.toBeUndefined();
  });

  it('fine-grained admin permissions off: a deploy turns them on (by default), a plan stops, and the switch forbids it', async () => {
    const api = () => new Table({ '/atlas': { realm: 'atlas', adminPermissionsEnabled: false } });
    const plan = api();
    await expect(turnOnAdminPermissions(plan, project(EXISTING_PLATFORM), target, 'plan')).rejects.toThrow(
      /fine-grained admin permissions off.*platform plan cannot plan them yet.*The platform deploy turns them on first.*Admin Permissions: On/,
    );
    expect(plan.puts).toEqual([]);
    const forbidden = api();
    const off = { ...EXISTING_PLATFORM, realm: { ...EXISTING_PLATFORM.realm, enableAdminPermissions: false } };
    await expect(turnOnAdminPermissions(forbidden, project(off), target, 'deploy')).rejects.toThrow(
      /realm\.enableAdminPermissions: false, so this project will not turn them on\).*PUT \/admin\/realms\/atlas with \{"adminPermissionsEnabled": true\}/,
    );
    expect(forbidden.puts).toEqual([]);
    const deploy = api();
    await turnOnAdminPermissions(deploy, project(EXISTING_PLATFORM), target, 'deploy');
    expect(deploy.puts).toEqual([{ path: '/atlas', body: { adminPermissionsEnabled: true } }]);
  });
});
