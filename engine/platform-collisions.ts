/**
 * No partial platform applies: before a platform plan, every named object the stack would
 * create (the realm, clients, client scopes, roles, the audience mapper, permission policies,
 * rotation profiles and policies) is looked up in Keycloak. One that exists already and is not
 * in this environment's platform state would make the apply fail halfway (HTTP 409) after
 * other objects were made. Objects this project made (a lost or interrupted state) carry the
 * platform stack's marker and are adopted; anything else stops the plan before any change,
 * named, with the ways out.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MARKER_ATTRIBUTE } from '../keycloak/marker';
import { Platform } from '../model/platform';
import { UserError } from '../model/problems';
import { AdminApi } from './admin-api';

/** A named object in the synthesized platform stack. */
export interface PlannedObject {
  /** The engine's address (`keycloak_openid_client.provisioner_client_A97F63A9`). */
  readonly address: string;
  readonly type: string;
  /** The construct path below the stack (`provisioner/client`). */
  readonly path: string;
  /** Its name in Keycloak (client id, role name, scope name, ...). */
  readonly name: string;
  /** The description the stack writes, where it writes one. */
  readonly description?: string;
  /** The address of the object it lives in, when that is made by the stack too (a client's role, a scope's mapper). */
  readonly parent?: string;
}

/** A planned object that exists already outside the state. */
export interface Collision {
  readonly object: PlannedObject;
  /** Whether this project made it: it carries the platform's marker, or is named and described as the project names and describes it. */
  readonly ours: boolean;
  /** The import id, or undefined for an object the provider cannot import (rotation profiles and policies). */
  readonly importId?: string;
  /** Keycloak's id of it, for lookups of what lives in it. */
  readonly id: string;
}

const KINDS: Record<string, string> = {
  keycloak_realm: 'realm',
  keycloak_openid_client: 'client',
  keycloak_openid_client_scope: 'client scope',
  keycloak_role: 'role',
  keycloak_openid_audience_protocol_mapper: 'protocol mapper',
  keycloak_openid_client_client_policy: 'fine-grained permission policy',
  keycloak_realm_client_policy_profile: 'client policy profile',
  keycloak_realm_client_policy_profile_policy: 'client policy',
  keycloak_oidc_identity_provider: 'identity provider',
};

/** `${keycloak_openid_client.api_client_X.id}` -> `keycloak_openid_client.api_client_X` (a resource, not a data source). */
function referencedResource(value: unknown): string | undefined {
  const m = /^\$\{(keycloak_[a-z_]+\.[^.}]+)\.id\}$/.exec(String(value ?? ''));
  return m ? m[1] : undefined;
}

/** The named objects of a synthesized platform stack (its cdk.tf.json), in the order of the file. */
export function namedObjects(
  stackJson: { resource?: Record<string, Record<string, Record<string, any>>> },
  stackName: string,
): PlannedObject[] {
  const out: PlannedObject[] = [];
  for (const [type, resources] of Object.entries(stackJson.resource ?? {})) {
    if (!(type in KINDS)) continue;
    for (const [key, r] of Object.entries(resources)) {
      const full = String(r['//']?.metadata?.path ?? '');
      const name =
        type === 'keycloak_realm'
          ? r.realm
          : type === 'keycloak_openid_client'
            ? r.client_id
            : type === 'keycloak_oidc_identity_provider'
              ? r.alias
              : r.name;
      const parent =
        type === 'keycloak_role'
          ? referencedResource(r.client_id)
          : type === 'keycloak_openid_audience_protocol_mapper'
            ? referencedResource(r.client_scope_id)
            : undefined;
      // A role of a client the stack only reads (an existing API) cannot be created here.
      if (type === 'keycloak_role' && r.client_id !== undefined && !parent) continue;
      out.push({
        address: `${type}.${key}`,
        type,
        path: full.startsWith(`${stackName}/`) ? full.slice(stackName.length + 1) : full,
        name: String(name),
        // An identity provider has no description: its display name says the project made it.
        description:
          type === 'keycloak_oidc_identity_provider'
            ? String(r.display_name)
            : typeof r.description === 'string'
              ? r.description
              : undefined,
        parent,
      });
    }
  }
  return out;
}

/** The named objects of the stack in `dir` that its state does not hold. */
export function plannedOutsideState(dir: string, stackName: string, stateAddresses: readonly string[]): PlannedObject[] {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  const inState = new Set(stateAddresses);
  return namedObjects(json, stackName).filter((o) => !inState.has(o.address));
}

const marked = (attributes: Record<string, unknown> | undefined, stack: string): boolean => {
  const v = attributes?.[MARKER_ATTRIBUTE];
  return Array.isArray(v) ? v.includes(stack) : v === stack;
};

/**
 * Looks up each planned object in Keycloak (as an administrator). No lookup at all when the
 * state holds everything, which is every plan but the first and one after a lost state.
 * @param provisionerInState whether the state holds the provisioning identity. When it does, or when
 *   Keycloak's carries this platform's marker, the realm holds this project's platform: then objects
 *   without a marker but with the project's own name and description are the project's too
 */
export async function findCollisions(
  api: AdminApi,
  realm: string,
  stackName: string,
  planned: readonly PlannedObject[],
  provisionerInState: boolean,
): Promise<Collision[]> {
  if (planned.length === 0) return [];
  const r = encodeURIComponent(realm);
  const found = new Map<string, Collision>();
  const cache = new Map<string, Promise<any>>();
  const get = (p: string): Promise<any> => {
    if (!cache.has(p))
      cache.set(
        p,
        api.request<any>('GET', p).then((res) => (res.status === 200 ? res.data : undefined)),
      );
    return cache.get(p)!;
  };
  const realmRep = await get(`/${r}`);
  if (realmRep === undefined) return []; // a realm still to be made holds nothing
  // Clients and the realm first: whether they are marked says whether the rest is the project's.
  const order = (o: PlannedObject) => (o.type === 'keycloak_realm' ? 0 : o.type === 'keycloak_openid_client' ? 1 : o.parent ? 3 : 2);
  let projectMade = provisionerInState;
  for (const o of [...planned].sort((a, b) => order(a) - order(b))) {
    if (order(o) === 2 && !projectMade) projectMade = [...found.values()].some((c) => c.object.path === 'provisioner/client' && c.ours);
    const described = (rep: Record<string, any>) => projectMade && (o.description === undefined || rep.description === o.description);
    let hit: Collision | undefined;
    switch (o.type) {
      case 'keycloak_realm':
        hit = { object: o, ours: marked(realmRep.attributes, stackName), importId: realm, id: realm };
        break;
      case 'keycloak_openid_client': {
        const rep = ((await get(`/${r}/clients?clientId=${encodeURIComponent(o.name)}`)) ?? []).find((c: any) => c.clientId === o.name);
        if (rep) hit = { object: o, ours: marked(rep.attributes, stackName), importId: `${realm}/${rep.id}`, id: rep.id };
        break;
      }
      case 'keycloak_openid_client_scope': {
        const rep = ((await get(`/${r}/client-scopes`)) ?? []).find((s: any) => s.name === o.name);
        if (rep) hit = { object: o, ours: described(rep), importId: `${realm}/${rep.id}`, id: rep.id };
        break;
      }
      case 'keycloak_role': {
        const parent = o.parent ? found.get(o.parent) : undefined;
        if (o.parent && !parent) break; // its client is new: so is the role
        const rep = await get(
          parent ? `/${r}/clients/${parent.id}/roles/${encodeURIComponent(o.name)}` : `/${r}/roles/${encodeURIComponent(o.name)}`,
        );
        if (rep)
          hit = { object: o, ours: parent ? parent.ours : marked(rep.attributes, stackName), importId: `${realm}/${rep.id}`, id: rep.id };
        break;
      }
      case 'keycloak_openid_audience_protocol_mapper': {
        const parent = o.parent ? found.get(o.parent) : undefined;
        if (!parent) break;
        const rep = ((await get(`/${r}/client-scopes/${parent.id}/protocol-mappers/models`)) ?? []).find((m: any) => m.name === o.name);
        if (rep) hit = { object: o, ours: parent.ours, importId: `${realm}/client-scope/${parent.id}/${rep.id}`, id: rep.id };
        break;
      }
      case 'keycloak_openid_client_client_policy': {
        const ap = ((await get(`/${r}/clients?clientId=admin-permissions`)) ?? []).find((c: any) => c.clientId === 'admin-permissions');
        if (!ap) break;
        const list =
          (await get(`/${r}/clients/${ap.id}/authz/resource-server/policy?name=${encodeURIComponent(o.name)}&first=0&max=100`)) ?? [];
        const rep = list.find((p: any) => p.name === o.name);
        if (rep) hit = { object: o, ours: described(rep), importId: `${realm}/${ap.id}/${rep.id}`, id: rep.id };
        break;
      }
      case 'keycloak_oidc_identity_provider': {
        const rep = await get(`/${r}/identity-provider/instances/${encodeURIComponent(o.name)}`);
        if (rep) hit = { object: o, ours: projectMade && rep.displayName === o.description, importId: `${realm}/${o.name}`, id: o.name };
        break;
      }
      case 'keycloak_realm_client_policy_profile':
      case 'keycloak_realm_client_policy_profile_policy': {
        const profiles = o.type === 'keycloak_realm_client_policy_profile';
        const all = await get(`/${r}/client-policies/${profiles ? 'profiles' : 'policies'}`);
        const rep = ((profiles ? all?.profiles : all?.policies) ?? []).find((p: any) => p.name === o.name);
        if (rep) hit = { object: o, ours: described(rep), id: o.name };
        break;
      }
    }
    if (hit) found.set(o.address, hit);
  }
  return [...found.values()];
}

/** Which platform.yaml field names an object at this construct path, and how to get out of the way. */
function wayOut(o: PlannedObject, platform: Platform): string {
  const p = o.path;
  if (p.startsWith('realm/'))
    return 'set realm.create: false to add the API and its customers to the existing realm without owning it, or choose another realm.name';
  if (p === 'api/client')
    return `reference it with api.create: false (the project then reads it and its roles and never changes them), or choose another api.clientId`;
  if (p === 'provisioner/client') return 'choose another provisioner.clientId';
  if (p === 'reader/client') return 'choose another reader.clientId';
  if (p.startsWith('audience-scope/')) return 'choose another audienceScope.name';
  if (p.startsWith('api/') || p.startsWith('role-scopes/') || p.startsWith('role-grants/'))
    return `its name derives from api.clientId "${platform.api.clientId}": remove or rename it in Keycloak, or choose another api.clientId`;
  if (p.startsWith('trusted-issuers/'))
    return `its alias is the trusted issuer's name in trustedIssuers: choose another name there, or remove or rename the identity provider in Keycloak`;
  if (p.startsWith('secret-rotation/'))
    return 'remove or rename it in Keycloak (Realm settings > Client policies), or remove the secretRotation block';
  return `its name derives from provisioner.clientId "${platform.provisioner.clientId}": remove or rename it in Keycloak, or choose another provisioner.clientId`;
}

/** The error for objects in the way that this project did not make. */
export function collisionError(
  foreign: readonly Collision[],
  where: string,
  platform: Platform,
  stackName: string,
  environment: string,
): UserError {
  const lines = foreign.map((c) => `  ${KINDS[c.object.type]} "${c.object.name}" (${c.object.path}): ${wayOut(c.object, platform)}`);
  const importable = foreign.every((c) => c.importId !== undefined);
  return new UserError(
    `${where}: ${foreign.length} object(s) this platform would create exist already in Keycloak, outside this environment's platform state, ` +
      `and were not made by it (no ${MARKER_ATTRIBUTE}=${stackName} marker). Nothing was changed. For each:\n${lines.join('\n')}\n` +
      (importable
        ? "Or, to make them this platform's own (a later platform deploy then changes them to match platform.yaml): npm run adopt -- --platform" +
          (environment === 'local' ? '' : ` --env ${environment}`)
        : 'A client policy or profile cannot be adopted: rename or remove it in Keycloak.'),
  );
}

/**
 * Removes this project's own rotation profiles and policies that its state lost, so that the
 * deploy makes them again (the provider cannot import them). Policies first: they name the
 * profiles. Customers' rotated secrets are client attributes and outlive the policies.
 */
export async function removeClientPolicies(api: AdminApi, realm: string, collisions: readonly Collision[]): Promise<void> {
  const r = encodeURIComponent(realm);
  for (const kind of ['policies', 'profiles'] as const) {
    const type = kind === 'policies' ? 'keycloak_realm_client_policy_profile_policy' : 'keycloak_realm_client_policy_profile';
    const names = new Set(collisions.filter((c) => c.object.type === type).map((c) => c.object.name));
    if (names.size === 0) continue;
    const all = await api.get<Record<string, any[]>>(`/${r}/client-policies/${kind}`);
    const kept = (all[kind] ?? []).filter((p) => !names.has(p.name));
    const res = await api.request('PUT', `/${r}/client-policies/${kind}`, { [kind]: kept });
    if (res.status >= 300)
      throw new UserError(
        `Removing client ${kind} ${[...names].join(', ')} of realm "${realm}" to make them again failed: HTTP ${res.status}`,
      );
  }
}
