/** The rules platform.yaml must follow beyond its schema: ids that do not collide, durations that fit together. */
import { durationSeconds } from './fields';
import { Platform } from './platform';
import { Problem } from './problems';
import { Rule } from './rules';

/** Keycloak's built-in clients: neither the platform nor a customer may take one of these ids. */
export const RESERVED_CLIENT_IDS: readonly string[] = [
  'account',
  'account-console',
  'admin-cli',
  'broker',
  'realm-management',
  'security-admin-console',
];

/** A platform.yaml that passed its schema. */
export interface PlatformSubject {
  /** platform.yaml, relative to the project root. */
  readonly file: string;
  readonly platform: Platform;
}

const problem = (s: PlatformSubject, where: string, text: string, hint: string): Problem[] => [
  { file: s.file, where, problem: text, hint },
];

export const PLATFORM_RULES: readonly Rule<PlatformSubject>[] = [
  {
    name: 'the API is not a built-in client',
    check: (s) =>
      RESERVED_CLIENT_IDS.includes(s.platform.api.clientId)
        ? problem(
            s,
            'api.clientId',
            `"${s.platform.api.clientId}" is one of Keycloak's built-in clients`,
            'choose the id of your backend API, e.g. "orders-api"',
          )
        : [],
  },
  {
    name: 'the provisioning identity is neither a built-in client nor the API',
    check: (s) => {
      const id = s.platform.provisioner.clientId;
      if (RESERVED_CLIENT_IDS.includes(id)) {
        return problem(
          s,
          'provisioner.clientId',
          `"${id}" is one of Keycloak's built-in clients`,
          'leave it out for the default "api-keys-provisioner"',
        );
      }
      if (id === s.platform.api.clientId) {
        return problem(
          s,
          'provisioner.clientId',
          `"${id}" is also the API's client id`,
          'give the provisioning identity its own id, e.g. "api-keys-provisioner"',
        );
      }
      return [];
    },
  },
  {
    name: 'the read-only identity has an id of its own',
    check: (s) => {
      const id = s.platform.reader.clientId;
      const taken = [...RESERVED_CLIENT_IDS, s.platform.api.clientId, s.platform.provisioner.clientId];
      return taken.includes(id)
        ? problem(
            s,
            'reader.clientId',
            `"${id}" is already taken (a built-in client, the API or the provisioning identity)`,
            'leave it out for the default "api-keys-reader"',
          )
        : [];
    },
  },
  {
    // Each grace period becomes one Keycloak client policy; two of the same length would collide.
    name: 'each rotation grace period is listed once',
    check: (s) => {
      const seen = new Map<number, string>();
      return (s.platform.secretRotation?.gracePeriods ?? []).flatMap((g, i) => {
        const seconds = durationSeconds(g)!;
        const other = seen.get(seconds);
        seen.set(seconds, g);
        return other === undefined
          ? []
          : problem(s, `secretRotation.gracePeriods[${i}]`, `"${g}" is the same period as "${other}"`, 'list each grace period once');
      });
    },
  },
  {
    name: 'the default grace period is one of the grace periods',
    check: (s) => {
      const rotation = s.platform.secretRotation;
      return rotation && !rotation.gracePeriods.includes(rotation.gracePeriod)
        ? problem(
            s,
            'secretRotation.gracePeriod',
            `"${rotation.gracePeriod}" is not one of secretRotation.gracePeriods`,
            `add it to gracePeriods or choose one of: ${rotation.gracePeriods.join(', ')}`,
          )
        : [];
    },
  },
  {
    name: 'secrets live longer than the longest grace period',
    check: (s) => {
      const rotation = s.platform.secretRotation;
      if (!rotation) return [];
      const longest = Math.max(...rotation.gracePeriods.map((g) => durationSeconds(g)!));
      return durationSeconds(rotation.maxSecretAge)! <= longest
        ? problem(
            s,
            'secretRotation.maxSecretAge',
            `"${rotation.maxSecretAge}" is not longer than the longest grace period`,
            'Keycloak refuses a rotation policy whose secrets expire before the overlap ends; raise maxSecretAge (default 1825d)',
          )
        : [];
    },
  },
  {
    name: 'login events are kept for the 30 days the usage report counts',
    check: (s) =>
      durationSeconds(s.platform.usage.eventRetention)! < 30 * 86_400
        ? problem(
            s,
            'usage.eventRetention',
            `"${s.platform.usage.eventRetention}" is shorter than 30 days`,
            'the usage report counts tokens over 30 days; use 30d or more (default 90d)',
          )
        : [],
  },
];
