/**
 * Turns the engine's JSON plan into what a reviewer wants to read: one line per customer
 * added, changed or removed ("Changed: acme (roles +orders:write; lifespan 300→900)"), then
 * the detail attribute by attribute, in the words of the customer files rather than
 * Keycloak's internals: role and client-scope ids become names, the rotation token shows its
 * value. Secrets are masked: a value the engine marks sensitive, or any attribute named like
 * a secret, is never rendered.
 */
import { DataResource } from 'cdktf';
import { GenericRoleMapper } from '../.gen/providers/keycloak/generic-role-mapper';
import { OpenidAudienceProtocolMapper } from '../.gen/providers/keycloak/openid-audience-protocol-mapper';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { OpenidClientAdminPermissions } from '../.gen/providers/keycloak/openid-client-admin-permissions';
import { OpenidClientClientPolicy } from '../.gen/providers/keycloak/openid-client-client-policy';
import { OpenidClientDefaultScopes } from '../.gen/providers/keycloak/openid-client-default-scopes';
import { OpenidClientScope } from '../.gen/providers/keycloak/openid-client-scope';
import { Realm } from '../.gen/providers/keycloak/realm';
import { Role } from '../.gen/providers/keycloak/role';
import { RoleAdminPermissions } from '../.gen/providers/keycloak/role-admin-permissions';
import { UserRoles } from '../.gen/providers/keycloak/user-roles';
import { OidcIdentityProvider } from '../.gen/providers/keycloak/oidc-identity-provider';
import { UsersAdminPermissions } from '../.gen/providers/keycloak/users-admin-permissions';
import { GRACE_PERIOD_ATTRIBUTE } from '../keycloak/customer-client';
import { CLIENT_RESOURCE_ID, customerOfConstructId, customerOfResourceName } from '../keycloak/customer-id';
import { isRoleScopeOf } from '../keycloak/role-scopes';
import type { Part } from '../stacks/target';

export type Action = 'add' | 'change' | 'replace' | 'remove';

export interface AttributeChange {
  /** The engine's resource address. */
  readonly resource: string;
  /** The engine's attribute name (`access_token_lifespan`). */
  readonly attribute: string;
  /** The attribute in reviewer words (`token lifespan (s)`). */
  readonly label: string;
  /** The value now in Keycloak (in the engine's state). */
  readonly before: string;
  /** The value the repository declares (what a deploy writes). */
  readonly after: string;
}

export interface GroupChange {
  /** Customer client id, or the platform part (`realm`, `api`, `audience-scope`, `provisioner`, `reader`). */
  readonly name: string;
  readonly action: Action;
  /** One line for the top of a summary: `Changed: acme (roles +orders:write; lifespan 300→900)`. */
  readonly headline: string;
  readonly resources: { readonly address: string; readonly action: Action; readonly what: string }[];
  readonly attributes: AttributeChange[];
}

export interface PlanSummary {
  /** The stack the plan is for. @default - both stacks of an environment (a combined summary) */
  readonly part?: Part;
  readonly customers: {
    readonly added: GroupChange[];
    readonly changed: GroupChange[];
    readonly removed: GroupChange[];
    readonly unchanged: string[];
    /** Customers whose existing client the plan imports (it was missing from state); a subset of the above or alone. */
    readonly adopted?: string[];
  };
  readonly platform: GroupChange[];
  readonly counts: { readonly add: number; readonly change: number; readonly remove: number };
}

/** Secret-like attribute names; `token` only as the last word, so `access_token_lifespan` stays readable. */
const SECRET_NAME = /secret|password|private|credential|(^|_)token$/i;

/**
 * Attributes named like a secret that hold none. The rotation token is a label chosen in the
 * customer file (`"2026-12"`); a reviewer must see it change to know a rotation is coming.
 * The provider marks it sensitive only because it sits beside the secret.
 */
const NOT_SECRET = new Set(['client_secret_regenerate_when_changed']);

/** Engine attribute names in the words of the customer and platform files. */
const LABELS: Readonly<Record<string, string>> = {
  name: 'display name',
  display_name: 'display name',
  description: 'description',
  enabled: 'enabled',
  access_token_lifespan: 'token lifespan (s)',
  client_authenticator_type: 'authentication method',
  extra_config: 'client attributes (contact, keys)',
  standard_flow_enabled: 'browser login (standard flow)',
  implicit_flow_enabled: 'implicit flow',
  direct_access_grants_enabled: 'password grant (direct access grants)',
  service_accounts_enabled: 'client-credentials grant (service account)',
  full_scope_allowed: 'every role allowed into tokens (full scope)',
  consent_required: 'consent screen',
  valid_redirect_uris: 'redirect URIs',
  valid_post_logout_redirect_uris: 'post-logout redirect URIs',
  web_origins: 'web origins',
  root_url: 'root URL',
  base_url: 'base URL',
  admin_url: 'admin URL',
  client_secret: 'client secret',
  client_secret_regenerate_when_changed: 'secret rotation',
  default_scopes: 'token scopes (default client scopes)',
  role_ids: 'roles',
  role_id: 'role allowed into tokens',
  use_refresh_tokens: 'refresh tokens',
  use_refresh_tokens_client_credentials: 'refresh tokens for client credentials',
  access_type: 'access type',
  included_client_audience: 'audience (client)',
  client_scope_id: 'client scope',
  client_id: 'client id',
  link_only: 'person logins refused (link only)',
  hide_on_login_page: 'hidden on the login page',
  first_broker_login_flow_alias: 'first-login flow (creates accounts)',
  post_broker_login_flow_alias: 'post-login flow',
  validate_signature: 'signature checked',
  jwks_url: 'signing keys (JWKS URL)',
  issuer: 'issuer',
  authorization_url: 'authorization URL',
  token_url: 'token URL',
};

/** Attribute labels that differ for an identity provider. */
const IDENTITY_PROVIDER_LABELS: Readonly<Record<string, string>> = {
  extra_config: 'settings (client assertions)',
};

/** What a resource is, for a reviewer. */
const RESOURCE_WORDS: Readonly<Record<string, string>> = {
  [Realm.tfResourceType]: 'realm',
  [OpenidClient.tfResourceType]: 'client',
  [OpenidClientDefaultScopes.tfResourceType]: 'token scopes',
  [UserRoles.tfResourceType]: 'service-account roles',
  [GenericRoleMapper.tfResourceType]: 'role allowed into tokens',
  [Role.tfResourceType]: 'role',
  [OpenidClientScope.tfResourceType]: 'client scope',
  [OpenidAudienceProtocolMapper.tfResourceType]: 'audience mapper',
  // Made by no construct any more, but a state from before may still hold one.
  keycloak_openid_client_service_account_role: 'service-account role',
  [OpenidClientAdminPermissions.tfResourceType]: 'admin permissions on clients',
  [OpenidClientClientPolicy.tfResourceType]: 'permission policy',
  [RoleAdminPermissions.tfResourceType]: 'admin permissions on roles',
  [UsersAdminPermissions.tfResourceType]: 'admin permissions on users',
  [OidcIdentityProvider.tfResourceType]: 'identity provider',
};

/** What one resource is, for a reviewer: `role orders:read`, `role allowed into tokens: orders:read`, `client`. */
function whatOf(rc: any, names: Map<string, string>): string {
  const values = rc.change?.after ?? rc.change?.before ?? {};
  const words = RESOURCE_WORDS[rc.type] ?? rc.type;
  if (rc.type === Role.tfResourceType && typeof values.name === 'string') return `role ${values.name}`;
  if (rc.type === OidcIdentityProvider.tfResourceType && typeof values.alias === 'string') return `${words} ${values.alias}`;
  if (rc.type === GenericRoleMapper.tfResourceType && typeof values.role_id === 'string')
    return `${words}: ${names.get(values.role_id) ?? values.role_id}`;
  return words;
}

/** Resources whose creation or deletion is the creation or deletion of a platform part. */
const PLATFORM_PRIMARY = new Set([Realm.tfResourceType, OpenidClient.tfResourceType, OpenidClientScope.tfResourceType]);

/** The platform's parts (construct ids) in reviewer words. */
const PLATFORM_WORDS: Readonly<Record<string, string>> = {
  realm: 'realm',
  api: 'API',
  'audience-scope': 'audience scope',
  'role-scopes': 'role scopes',
  'role-grants': 'grant roles',
  provisioner: 'provisioning identity',
  reader: 'read-only identity',
  'protected-clients': 'clients kept from the pipeline identities',
  'trusted-issuers': 'trusted issuers',
};

/** Keycloak's client authenticators as the customer files name them (`auth.method`). */
const AUTH_METHODS: Readonly<Record<string, string>> = {
  'client-secret': 'client-secret',
  'client-jwt': 'private-key-jwt',
  'client-x509': 'mtls',
  'federated-jwt': 'federated',
};

/** A federated client's workload identity in reviewer words (`acme-k8s: system:serviceaccount:billing:invoicer`), or undefined. */
function workloadIdentity(client: Record<string, any>): string | undefined {
  const issuer = client.extra_config?.['jwt.credential.issuer'];
  const subject = client.extra_config?.['jwt.credential.sub'];
  return client.client_authenticator_type === 'federated-jwt' && issuer !== undefined ? `${issuer}: ${subject ?? ''}` : undefined;
}

/** The engine marks a sensitive value `true`, or nested values inside a map or list with `true`. */
function isSensitive(mark: unknown): boolean {
  if (mark === true) return true;
  return typeof mark === 'object' && mark !== null && Object.values(mark).some(isSensitive);
}

function actionOf(actions: string[]): Action | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('create')) return 'add';
  if (actions.includes('delete')) return 'remove';
  if (actions.includes('update')) return 'change';
  return undefined;
}

/**
 * The top-level construct a resource belongs to: `customer-acme` from
 * `keycloak_openid_client.customer-acme_client_C59DA64E` (see keycloak/customer-id.ts), `api` from `api_role-x_1234`.
 */
function groupOf(rc: { name: string }): string {
  return rc.name.split('_')[0];
}

/** The prefix of a grant role's name up to the API role (`orders-api-grant-`). */
const GRANT_ROLE_PREFIX = /^.*-grant-/;

/**
 * Internal ids (UUIDs) -> names, from every role, client scope and client the plan knows
 * (state, planned values and data sources read while planning). A role id in a plan then
 * reads `orders:read`, a client-scope id the scope's name.
 */
function namesOf(plan: any): Map<string, string> {
  const names = new Map<string, string>();
  const add = (type: string, values: any) => {
    if (!values || typeof values.id !== 'string') return;
    if (type === Role.tfResourceType || type === OpenidClientScope.tfResourceType) {
      // A grant role (`orders-api-grant-orders:read`, see ApiRoleGrants) reads as its API role.
      if (typeof values.name === 'string')
        names.set(values.id, type === Role.tfResourceType ? values.name.replace(GRANT_ROLE_PREFIX, '') : values.name);
    } else if (type === OpenidClient.tfResourceType && typeof values.client_id === 'string') {
      names.set(values.id, values.client_id);
    }
  };
  const walk = (module: any) => {
    for (const r of module?.resources ?? []) add(r.type, r.values);
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(plan.prior_state?.values?.root_module);
  walk(plan.planned_values?.root_module);
  for (const rc of plan.resource_changes ?? []) {
    add(rc.type, rc.change?.before);
    add(rc.type, rc.change?.after);
  }
  return names;
}

/** Every role name the plan knows (the API's catalog: roles the stacks manage or read). */
function roleNamesOf(plan: any): string[] {
  const roles = new Set<string>();
  const walk = (module: any) => {
    for (const r of module?.resources ?? [])
      if (r.type === Role.tfResourceType && typeof r.values?.name === 'string') roles.add(r.values.name.replace(GRANT_ROLE_PREFIX, ''));
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(plan.prior_state?.values?.root_module);
  walk(plan.planned_values?.root_module);
  return [...roles];
}

/** A readable value: plain text when it is plain, JSON when it has quotes, spaces at the ends or control characters. */
function plain(value: unknown, names: Map<string, string>): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') {
    const named = names.get(value) ?? value;
    return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(named) && !named.includes('"') ? named : JSON.stringify(named);
  }
  if (Array.isArray(value))
    return value.length === 0
      ? '(none)'
      : value
          .map((v) => plain(v, names))
          .sort()
          .join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}=${plain(v, names)}`).join(', ');
  }
  return String(value);
}

function render(value: unknown, names: Map<string, string>): string {
  const s = plain(value, names);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function labelOf(attribute: string): string {
  return LABELS[attribute] ?? attribute.replace(/_/g, ' ');
}

function attributeChanges(rc: any, names: Map<string, string>): AttributeChange[] {
  const change = rc.change ?? {};
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  const beforeSensitive = change.before_sensitive || {};
  const afterSensitive = change.after_sensitive || {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  const out: AttributeChange[] = [];
  for (const key of [...keys].sort()) {
    if (key === 'id') continue;
    const isUnknown = unknown[key] === true;
    if (!isUnknown && JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const masked = !NOT_SECRET.has(key) && (isSensitive(beforeSensitive[key]) || isSensitive(afterSensitive[key]) || SECRET_NAME.test(key));
    // The rotation map has one entry, `rotation`, whose value is the label from the file.
    const shown = (v: any) => (key === 'client_secret_regenerate_when_changed' ? v?.rotation : v);
    out.push({
      resource: rc.address,
      attribute: key,
      label: (rc.type === OidcIdentityProvider.tfResourceType ? IDENTITY_PROVIDER_LABELS[key] : undefined) ?? labelOf(key),
      before: masked ? '(sensitive)' : render(shown(before[key]), names),
      after: isUnknown ? '(known after apply)' : masked ? '(sensitive)' : render(shown(after[key]), names),
    });
  }
  return out;
}

interface Entry {
  readonly resources: { address: string; action: Action; what: string }[];
  readonly attributes: AttributeChange[];
  /** The raw resource changes, for the headline. */
  readonly changes: any[];
}

function listOf(value: unknown, names: Map<string, string>): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? (names.get(v) ?? v) : String(v))).sort() : [];
}

/** `+a −b` between two lists, or undefined when they hold the same. */
function listDiff(before: string[], after: string[]): string | undefined {
  const added = after.filter((x) => !before.includes(x)).map((x) => `+${x}`);
  const removed = before.filter((x) => !after.includes(x)).map((x) => `−${x}`);
  return added.length + removed.length > 0 ? [...added, ...removed].join(' ') : undefined;
}

/** What changed for one customer, as short phrases: `roles +orders:write`, `lifespan 300→900`, `suspended`. */
function customerPhrases(entry: Entry, names: Map<string, string>, roles: readonly string[]): string[] {
  const phrases: string[] = [];
  const roleChange = entry.changes.some((c) => c.type === UserRoles.tfResourceType);
  const mappersRemoved = new Set(
    entry.changes
      .filter((c) => c.type === GenericRoleMapper.tfResourceType && actionOf(c.change.actions) === 'remove')
      .map((c) => names.get(c.change.before?.role_id) ?? c.change.before?.role_id),
  );
  const scopesChange = entry.changes.find((c) => c.type === OpenidClientDefaultScopes.tfResourceType)?.change;
  const roleScopesAdded = new Set(
    listOf(scopesChange?.after?.default_scopes, names)
      .filter((s) => !listOf(scopesChange?.before?.default_scopes, names).includes(s))
      .map((s) => roles.find((r) => isRoleScopeOf(s, r)))
      .filter((r): r is string => r !== undefined),
  );
  // Roles first: what a customer may do matters most to a reviewer.
  const byImportance = [...entry.changes].sort(
    (x, y) => Number(y.type === UserRoles.tfResourceType) - Number(x.type === UserRoles.tfResourceType),
  );
  for (const rc of byImportance) {
    const before = rc.change?.before ?? {};
    const after = rc.change?.after ?? {};
    const unknown = rc.change?.after_unknown ?? {};
    if (rc.type === UserRoles.tfResourceType) {
      const diff = unknown.role_ids === true ? 'to be resolved' : listDiff(listOf(before.role_ids, names), listOf(after.role_ids, names));
      if (diff) phrases.push(`roles ${diff}`);
    } else if (rc.type === OpenidClientDefaultScopes.tfResourceType) {
      // A role's client scope among the default scopes lets the role into tokens (see
      // CustomerClient): it reads as the role, and goes with a role change named above.
      const roleOf = (scope: string) => roles.find((r) => isRoleScopeOf(scope, r));
      const beforeScopes = listOf(before.default_scopes, names);
      const afterScopes = listOf(after.default_scopes, names);
      const diff = listDiff(
        beforeScopes.filter((s) => !roleOf(s)),
        afterScopes.filter((s) => !roleOf(s)),
      );
      if (diff) phrases.push(`token scopes ${diff}`);
      if (!roleChange) {
        for (const s of afterScopes.filter((x) => roleOf(x) && !beforeScopes.includes(x))) {
          const role = roleOf(s)!;
          // The upgrade from per-client scope mappings: the role's way into tokens moves.
          phrases.push(mappersRemoved.has(role) ? `${role} into tokens through its role scope` : `${role} allowed into tokens`);
        }
        for (const s of beforeScopes.filter((x) => roleOf(x) && !afterScopes.includes(x))) phrases.push(`${roleOf(s)} taken out of tokens`);
      }
    } else if (rc.type === GenericRoleMapper.tfResourceType) {
      // Per-client scope mappings are no longer made (role scopes carry the roles); a plan
      // after the upgrade removes them, named together with the role scope that replaces them.
      const id = after.role_id ?? before.role_id;
      const role = (id && names.get(id)) ?? id ?? 'a role';
      const verb = {
        add: 'allowed into tokens',
        remove: 'taken out of tokens',
        replace: 'mapping into tokens re-created',
        change: 'mapping into tokens changed',
      }[actionOf(rc.change.actions)!];
      if (!roleChange && !(verb === 'taken out of tokens' && roleScopesAdded.has(role))) phrases.push(`${role} ${verb}`);
    } else if (rc.type === OpenidClient.tfResourceType) {
      for (const a of entry.attributes.filter((x) => x.resource === rc.address)) {
        switch (a.attribute) {
          case 'enabled':
            phrases.push(after.enabled === false ? 'suspended' : 're-enabled');
            break;
          case 'access_token_lifespan':
            phrases.push(`lifespan ${a.before}→${a.after}`);
            break;
          case 'client_authenticator_type': {
            const identity = workloadIdentity(after);
            phrases.push(
              `auth ${AUTH_METHODS[before.client_authenticator_type] ?? a.before}→${AUTH_METHODS[after.client_authenticator_type] ?? a.after}${identity ? ` (${identity})` : ''}`,
            );
            break;
          }
          case 'extra_config': {
            // Another workload identity for a federated customer: which workload may get tokens changes.
            const was = workloadIdentity(before);
            const now = workloadIdentity(after);
            if (before.client_authenticator_type !== after.client_authenticator_type) break; // named with the auth change
            if (was && now && was !== now) phrases.push(`federated workload ${was}→${now}`);
            else phrases.push(otherChange(a));
            break;
          }
          case 'client_secret_regenerate_when_changed':
            // With a rotation grace period (the customer's attribute, see secret-rotation-policies.ts)
            // Keycloak keeps the old secret working for that long; without one it stops at once.
            phrases.push(
              `secret rotation ${a.before}→${a.after} (${after.extra_config?.[GRACE_PERIOD_ATTRIBUTE] ? `the old secret keeps working for ${after.extra_config[GRACE_PERIOD_ATTRIBUTE]}` : 'the old secret stops working'})`,
            );
            break;
          case 'client_secret':
            // Follows a rotation or an authenticator change; named by those.
            break;
          case 'service_account_user_id':
            break;
          default:
            phrases.push(otherChange(a));
        }
      }
      if (actionOf(rc.change.actions) === 'replace') phrases.push('client replaced (new secret)');
    } else {
      phrases.push(`${RESOURCE_WORDS[rc.type] ?? rc.type} ${actionWord(actionOf(rc.change.actions)!)}`);
    }
  }
  return [...new Set(phrases)];
}

/** A client setting without words of its own: `label before→after` when short, else `label changed`. */
function otherChange(a: AttributeChange): string {
  return a.before.length + a.after.length <= 40 && a.before !== '(sensitive)' ? `${a.label} ${a.before}→${a.after}` : `${a.label} changed`;
}

function actionWord(action: Action): string {
  return { add: 'added', change: 'changed', replace: 'replaced', remove: 'removed' }[action];
}

function customerHeadline(name: string, action: Action, entry: Entry, names: Map<string, string>, roles: readonly string[]): string {
  if (action === 'remove') return `Removed: ${name} (their credentials stop working)`;
  if (action === 'add') {
    const roles = entry.changes.find((rc) => rc.type === UserRoles.tfResourceType);
    const unknown = roles?.change?.after_unknown?.role_ids === true;
    const list = listOf(roles?.change?.after?.role_ids, names);
    const client = entry.changes.find((rc) => rc.type === OpenidClient.tfResourceType)?.change?.after ?? {};
    const extra = [
      client.enabled === false ? 'suspended' : '',
      client.access_token_lifespan ? `lifespan ${client.access_token_lifespan}` : '',
    ]
      .filter(Boolean)
      .map((x) => `; ${x}`)
      .join('');
    return `Added: ${name} (roles: ${unknown ? 'resolved at deploy' : list.join(', ') || 'none'}${extra})`;
  }
  const phrases = customerPhrases(entry, names, roles);
  return `Changed: ${name} (${phrases.join('; ') || 'no visible attribute'})`;
}

function platformHeadline(name: string, action: Action, entry: Entry, names: Map<string, string>): string {
  const part = PLATFORM_WORDS[name] ?? name;
  const phrases = entry.changes.map((rc) => {
    const a = actionOf(rc.change.actions)!;
    const label = whatOf(rc, names);
    // A part that is added or removed as a whole lists what it consists of.
    if (a === action && a !== 'change') return label;
    if (a !== 'change') return `${label} ${actionWord(a)}`;
    const attrs = entry.attributes.filter((x) => x.resource === rc.address).map((x) => x.label);
    return `${label}: ${attrs.join(', ') || 'changed'}`;
  });
  const verb = action === 'add' ? 'Added' : action === 'remove' ? 'Removed' : 'Changed';
  return `${verb}: ${part} (${[...new Set(phrases)].join('; ')})`;
}

/**
 * @param plan the engine's `show -json` of a saved plan
 * @param customerIds the client ids of the customer files being deployed
 * @param part the stack the plan is for, so that the summary talks about it
 */
export function summarizePlan(plan: any, customerIds: readonly string[], part?: Part): PlanSummary {
  const names = namesOf(plan);
  const roles = roleNamesOf(plan);
  const groups = new Map<string, Entry>();
  const counts = { add: 0, change: 0, remove: 0 };
  const adopted = new Set<string>();
  for (const rc of plan.resource_changes ?? []) {
    // terraform_data only orders other resources (see CustomerClient): nothing in Keycloak.
    if (rc.mode !== 'managed' || rc.type === DataResource.tfResourceType) continue;
    const importedCustomer = rc.change?.importing ? customerOfConstructId(groupOf(rc)) : undefined;
    if (importedCustomer !== undefined) adopted.add(importedCustomer);
    const action = actionOf(rc.change?.actions ?? []);
    if (!action) continue;
    if (action === 'add') counts.add++;
    else if (action === 'remove') counts.remove++;
    else if (action === 'change') counts.change++;
    else {
      counts.add++;
      counts.remove++;
    }
    const g = groupOf(rc);
    const entry = groups.get(g) ?? { resources: [], attributes: [], changes: [] };
    entry.resources.push({ address: rc.address, action, what: whatOf(rc, names) });
    entry.changes.push(rc);
    if (action === 'change' || action === 'replace') entry.attributes.push(...attributeChanges(rc, names));
    groups.set(g, entry);
  }

  const customers = { added: [] as GroupChange[], changed: [] as GroupChange[], removed: [] as GroupChange[], unchanged: [] as string[] };
  const platform: GroupChange[] = [];
  for (const [g, entry] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const customer = customerOfConstructId(g);
    const isCustomer = customer !== undefined;
    const name = customer ?? g;
    let action: Action;
    if (isCustomer) {
      // The customer's own client being created or deleted makes it added or removed.
      const i = entry.changes.findIndex(
        (rc) => rc.type === OpenidClient.tfResourceType && customerOfResourceName(rc.name)?.part === CLIENT_RESOURCE_ID,
      );
      const clientResource = i >= 0 ? entry.resources[i] : undefined;
      action = clientResource?.action === 'add' || clientResource?.action === 'remove' ? clientResource.action : 'change';
    } else {
      // A new role is a change to the API, not a new API: only the part's own client, realm
      // or scope being created or deleted makes it added or removed.
      const primary = entry.changes.find((rc) => PLATFORM_PRIMARY.has(rc.type));
      const primaryAction = primary ? actionOf(primary.change.actions) : undefined;
      action = primaryAction === 'add' || primaryAction === 'remove' ? primaryAction : 'change';
    }
    const headline = isCustomer ? customerHeadline(name, action, entry, names, roles) : platformHeadline(name, action, entry, names);
    const change: GroupChange = { name, action, headline, resources: entry.resources, attributes: entry.attributes };
    if (!isCustomer) platform.push(change);
    else if (action === 'add') customers.added.push(change);
    else if (action === 'remove') customers.removed.push(change);
    else customers.changed.push(change);
  }
  const touched = new Set([...groups.keys()].map(customerOfConstructId).filter((id) => id !== undefined));
  customers.unchanged = customerIds.filter((id) => !touched.has(id) && !adopted.has(id)).sort();
  return {
    ...(part ? { part } : {}),
    customers: adopted.size ? { ...customers, adopted: [...adopted].sort() } : customers,
    platform,
    counts,
  };
}

/** One summary for several stacks of an environment (platform and customers). */
export function combine(summaries: readonly PlanSummary[]): PlanSummary {
  const customers = { added: [] as GroupChange[], changed: [] as GroupChange[], removed: [] as GroupChange[], unchanged: [] as string[] };
  const platform: GroupChange[] = [];
  const counts = { add: 0, change: 0, remove: 0 };
  const adopted: string[] = [];
  for (const s of summaries) {
    customers.added.push(...s.customers.added);
    customers.changed.push(...s.customers.changed);
    customers.removed.push(...s.customers.removed);
    customers.unchanged.push(...s.customers.unchanged);
    adopted.push(...(s.customers.adopted ?? []));
    platform.push(...s.platform);
    counts.add += s.counts.add;
    counts.change += s.counts.change;
    counts.remove += s.counts.remove;
  }
  const parts = new Set(summaries.map((s) => s.part));
  const part = parts.size === 1 ? [...parts][0] : undefined;
  return { ...(part ? { part } : {}), customers: adopted.length ? { ...customers, adopted } : customers, platform, counts };
}

/**
 * True when a resource in Keycloak changes. Output values alone are not a change: they live
 * only in the engine's state, and a plan that would only update them is not drift.
 */
export function hasChanges(s: PlanSummary): boolean {
  return s.counts.add + s.counts.change + s.counts.remove + (s.customers.adopted?.length ?? 0) > 0;
}

/** Every headline, customers first (added, changed, removed), then the platform's. */
export function headlines(s: PlanSummary): string[] {
  return [...s.customers.added, ...s.customers.changed, ...s.customers.removed, ...s.platform].map((g) => g.headline);
}

const PLATFORM_PARTS = 'realm, API, roles, audience scope, provisioning and read-only identities';

/** One line for a terminal, about the stack the summary is for. */
export function oneLine(s: PlanSummary): string {
  const c = s.customers;
  const resources = `resources: ${s.counts.add} to add, ${s.counts.change} to change, ${s.counts.remove} to remove`;
  const adopted = c.adopted?.length ? `, ${c.adopted.length} adopted (was missing from state)` : '';
  const customerPart = `customers: ${c.added.length} added, ${c.changed.length} changed, ${c.removed.length} removed, ${c.unchanged.length} unchanged${adopted}`;
  const platformPart = `platform (${PLATFORM_PARTS}): ${s.platform.length ? s.platform.map((g) => PLATFORM_WORDS[g.name] ?? g.name).join(', ') + ' changing' : 'unchanged'}`;
  if (s.part === 'platform') return `${platformPart}; ${resources}`;
  if (s.part === 'customers') return `${customerPart}; ${resources}`;
  return `${platformPart}; ${customerPart}; ${resources}`;
}

function escapeMd(text: string): string {
  // `_` stays: GitHub does not emphasize inside words such as service_account.
  return text.replace(/[|`<>*[\]\\]/g, (ch) => `\\${ch}`);
}

export interface MarkdownOptions {
  /** A drift report: columns say "in Keycloak" / "in the repository". @default false (a plan: "now" / "after deploy") */
  readonly drift?: boolean;
  /** Lines shown first, in bold (e.g. a large removal, clients no file declares). @default - none */
  readonly notices?: readonly string[];
}

/** Markdown for a pull-request comment or a job summary. */
export function toMarkdown(s: PlanSummary, title: string, options: MarkdownOptions = {}): string {
  const lines = [`### ${escapeMd(title)}`, ''];
  for (const n of options.notices ?? []) lines.push(n, '');
  if (!hasChanges(s)) {
    if (s.part === 'platform') lines.push(`No changes. The platform (${PLATFORM_PARTS}) matches Keycloak.`);
    else lines.push(`No changes. ${s.customers.unchanged.length} customer(s) already match Keycloak.`);
    return lines.join('\n') + '\n';
  }
  for (const h of headlines(s)) lines.push(`- ${escapeMd(h)}`);
  if (s.customers.adopted?.length) {
    lines.push(
      `- Adopted (was missing from state): ${s.customers.adopted.map((id) => escapeMd(id)).join(', ')} (existing clients imported with their secrets unchanged)`,
    );
  }
  lines.push('', oneLine(s), '');
  const [beforeHead, afterHead] = options.drift ? ['in Keycloak', 'in the repository'] : ['now', 'after deploy'];
  for (const g of [...s.customers.changed, ...s.platform]) {
    const label = s.platform.includes(g) ? (PLATFORM_WORDS[g.name] ?? g.name) : g.name;
    lines.push(`<details><summary>${escapeMd(label)}: ${g.resources.length} part(s)</summary>`, '');
    lines.push(`| part | action | attribute | ${beforeHead} | ${afterHead} |`, '|---|---|---|---|---|');
    for (const r of g.resources) {
      const attrs = g.attributes.filter((a) => a.resource === r.address);
      if (attrs.length === 0) lines.push(`| ${escapeMd(r.what)} | ${r.action} | | | |`);
      for (const a of attrs)
        lines.push(`| ${escapeMd(r.what)} | ${r.action} | ${escapeMd(a.label)} | ${escapeMd(a.before)} | ${escapeMd(a.after)} |`);
    }
    lines.push('', '</details>', '');
  }
  if (s.part !== 'platform' && s.customers.unchanged.length) lines.push(`Unchanged: ${s.customers.unchanged.length} customer(s).`);
  return lines.join('\n') + '\n';
}
