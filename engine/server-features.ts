/**
 * What a platform plan needs from the Keycloak server beyond its defaults, checked before
 * anything is synthesized: a server that lacks a feature would otherwise fail deep inside the
 * engine's apply (or, worse, take the configuration and ignore it).
 *
 * The facts come from `GET /admin/serverinfo`: `features` (name, type, enabled) on 26.x,
 * `profileInfo.disabledFeatures` on every version, `systemInfo.version` for administrators of
 * the master realm only (Keycloak 26.4+ leaves it out for anyone else, the pipeline identities
 * and realm administrators included).
 */
import { Customer } from '../model/customer';
import { Platform } from '../model/platform';
import { UserError } from '../model/problems';
import { AdminApi } from './admin-api';

/** What the server says about itself; undefined where it does not say. */
export interface ServerFacts {
  /** `systemInfo.version`, e.g. "26.4.7". */
  readonly version?: string;
  /** Feature names (`CLIENT_SECRET_ROTATION`) with whether they are on. */
  readonly features?: ReadonlyMap<string, boolean>;
  /**
   * `all`: every feature the server knows is listed (`features`), so one not listed is one it
   * lacks; `disabled`: only the disabled ones are (`profileInfo.disabledFeatures`).
   */
  readonly listed?: 'all' | 'disabled';
}

/** A feature the project's files can need, as the server names it and as its flag does. */
export interface Feature {
  /** The server's name, e.g. `CLIENT_SECRET_ROTATION`. */
  readonly name: string;
  /** The `--features` value that turns it on, e.g. `client-secret-rotation`. */
  readonly flag: string;
  /** What in the files needs it, for the message. */
  readonly neededBy: string;
  /** What to do instead of turning it on. */
  readonly without: string;
}

/** Rotation with a grace period: Keycloak's secret-rotation client policy executor, a preview feature on 26.x. */
export const SECRET_ROTATION: Feature = {
  name: 'CLIENT_SECRET_ROTATION',
  flag: 'client-secret-rotation',
  neededBy: 'platform.yaml secretRotation (a grace period in which the previous secret keeps working)',
  without: 'or remove secretRotation from platform.yaml (a new secret then replaces the old one at once)',
};

/** Fine-grained admin permissions v2: the pipeline identities' rights are made of them (on by default since 26.2). */
export const ADMIN_PERMISSIONS_V2: Feature = {
  name: 'ADMIN_FINE_GRAINED_AUTHZ_V2',
  flag: 'admin-fine-grained-authz:v2',
  neededBy: 'the provisioning identity (its rights are fine-grained admin permissions v2)',
  without: 'and do not disable it with --features-disabled',
};

/** Federated client authentication: customers' workload tokens (fully supported since 26.6, a preview before). */
export const CLIENT_AUTH_FEDERATED: Feature = {
  name: 'CLIENT_AUTH_FEDERATED',
  flag: 'client-auth-federated',
  neededBy: 'platform.yaml trustedIssuers and customers with auth method federated (federated client authentication)',
  without:
    'or remove trustedIssuers from platform.yaml and move federated customers to another auth method (Keycloak 26.6 or later has it on by default)',
};

/** What the feature check reads of the files: the platform, and the customers when they are known. */
export interface FeatureNeeds {
  readonly platform: Pick<Platform, 'secretRotation'> & Partial<Pick<Platform, 'trustedIssuers'>>;
  readonly customers?: readonly Pick<Customer, 'auth'>[];
}

/** The oldest Keycloak line this project supports (the keycloak provider 5.9.0 supports 26.x only). */
export const OLDEST_MAJOR = 26;

/** The features a platform plan of these files needs. */
export function featuresNeeded(needs: FeatureNeeds | Pick<Platform, 'secretRotation'>): Feature[] {
  const { platform, customers = [] } = 'platform' in needs ? needs : { platform: needs };
  const federated =
    Object.keys((platform as FeatureNeeds['platform']).trustedIssuers ?? {}).length > 0 ||
    customers.some((c) => c.auth.method === 'federated');
  return [ADMIN_PERMISSIONS_V2, ...(platform.secretRotation ? [SECRET_ROTATION] : []), ...(federated ? [CLIENT_AUTH_FEDERATED] : [])];
}

/** Reads the facts out of a `/admin/serverinfo` answer (any shape: nothing is assumed present). */
export function serverFacts(info: unknown): ServerFacts {
  const i = (info ?? {}) as {
    systemInfo?: { version?: unknown };
    features?: unknown;
    profileInfo?: { disabledFeatures?: unknown };
  };
  const version = typeof i.systemInfo?.version === 'string' && i.systemInfo.version ? i.systemInfo.version : undefined;
  if (Array.isArray(i.features)) {
    const features = new Map(
      i.features
        .filter((f): f is { name: string; enabled: unknown } => typeof f?.name === 'string')
        .map((f) => [f.name, f.enabled === true] as const),
    );
    return { version, features, listed: 'all' };
  }
  if (Array.isArray(i.profileInfo?.disabledFeatures)) {
    const disabled = i.profileInfo.disabledFeatures.filter((n): n is string => typeof n === 'string');
    return { version, features: new Map(disabled.map((n) => [n, false] as const)), listed: 'disabled' };
  }
  return { version };
}

/** The verdict on one server: errors stop the plan, notes are printed. */
export interface ServerVerdict {
  readonly errors: readonly string[];
  readonly notes: readonly string[];
}

/**
 * Judges the server's facts against what the files need. A feature the server reports off is
 * an error naming the feature and the flag that turns it on; a server that reports no features
 * at all is a note (nothing can be checked); a version older than 26 is an error.
 */
export function judgeServer(facts: ServerFacts, needed: readonly Feature[], where: string): ServerVerdict {
  const errors: string[] = [];
  const notes: string[] = [];
  const server = facts.version ? `Keycloak ${facts.version}` : 'this Keycloak server';
  const major = facts.version ? parseInt(facts.version, 10) : undefined;
  if (major !== undefined && Number.isInteger(major) && major < OLDEST_MAJOR)
    errors.push(
      `${where}: ${server} is older than Keycloak ${OLDEST_MAJOR}, which this project and its keycloak provider need (docs/keycloak-versions.md). Upgrade the server.`,
    );
  if (facts.features === undefined) {
    if (needed.length)
      notes.push(
        `${where}: ${server} did not say which features it has on (GET /admin/serverinfo); not checked: ${needed.map((f) => f.flag).join(', ')}`,
      );
    return { errors, notes };
  }
  for (const f of needed) {
    const on = facts.features.get(f.name);
    if (on === true || (on === undefined && facts.listed === 'disabled')) continue;
    const fix =
      on === false
        ? `which ${server} has off. Start Keycloak with --features=${f.flag} (or KC_FEATURES=${f.flag}), ${f.without}.`
        : `which ${server} does not know. Upgrade Keycloak to a supported version, ${f.without}.`;
    errors.push(`${where}: ${f.neededBy} needs Keycloak's feature ${f.flag} (${f.name}), ${fix} See docs/keycloak-versions.md.`);
  }
  return { errors, notes };
}

/**
 * Reads `/admin/serverinfo` and refuses a plan whose files need a feature the server has off.
 * @returns the notes to print (nothing could be checked, and why)
 * @throws UserError naming each missing feature and the flag that turns it on
 */
export async function checkServerFeatures(
  api: AdminApi,
  needs: FeatureNeeds | Pick<Platform, 'secretRotation'>,
  where: string,
): Promise<{ facts: ServerFacts; notes: readonly string[] }> {
  const needed = featuresNeeded(needs);
  let facts: ServerFacts = {};
  let notes: string[] = [];
  const res = await api.serverInfo();
  if (res.status === 200) facts = serverFacts(res.data);
  else notes = [`${where}: GET /admin/serverinfo answered HTTP ${res.status}; the server's features were not checked`];
  const verdict = judgeServer(facts, needed, where);
  if (verdict.errors.length) throw new UserError(verdict.errors.join('\n'));
  return { facts, notes: [...notes, ...verdict.notes] };
}
