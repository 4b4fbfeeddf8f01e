/**
 * The rules a customer file must follow beyond its schema: its name is a client id nobody
 * else has, and what it refers to (roles, environments, a grace period) exists.
 */
import * as path from 'path';
import { CLIENT_ID_PATTERN, durationSeconds } from './fields';
import { Platform } from './platform';
import { RESERVED_CLIENT_IDS } from './platform-rules';
import { Problem, suggest } from './problems';
import { Rule } from './rules';

/** A customer file's name: the client id. */
export interface ClientIdSubject {
  /** The file, relative to the project root (e.g. `customers/acme.yaml`). */
  readonly file: string;
  /** The file name without its extension. */
  readonly id: string;
  /** The platform, when it is valid. */
  readonly platform?: Platform;
  /**
   * The earlier file with a valid name that already has this id (`acme.yaml` beside
   * `acme.yml`). Only ids that pass the other rules are recorded, so this rule never
   * fires together with another one.
   */
  readonly claimedBy?: string;
}

const nameProblem = (s: ClientIdSubject, text: string, hint: string): Problem[] => [
  { file: s.file, where: '(file name)', problem: text, hint },
];
const RENAME_AFTER_CUSTOMER = 'rename the file after the customer, e.g. acme-corp.yaml';

/** A platform identity's id that a customer file must not take. */
function notPlatformId(name: string, idOf: (p: Platform) => string, is: string): Rule<ClientIdSubject> {
  return {
    name,
    check: (s) => (s.platform && s.id === idOf(s.platform) ? nameProblem(s, `client id "${s.id}" is ${is}`, RENAME_AFTER_CUSTOMER) : []),
  };
}

/** At most one of these fails for a file: an id that fails the charset is none of the (valid) ids the others compare with. */
export const CLIENT_ID_RULES: readonly Rule<ClientIdSubject>[] = [
  {
    name: 'the file name is a valid client id',
    check: (s) => {
      if (CLIENT_ID_PATTERN.test(s.id)) return [];
      const lower = s.id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      return nameProblem(
        s,
        `client id ${JSON.stringify(s.id)} must be 3-63 lowercase ASCII letters, digits or "-", starting with a letter`,
        CLIENT_ID_PATTERN.test(lower) ? `rename the file to ${lower}${path.extname(s.file)}` : 'rename the file, e.g. to acme-corp.yaml',
      );
    },
  },
  {
    name: 'the client id is not a built-in client',
    check: (s) =>
      RESERVED_CLIENT_IDS.includes(s.id)
        ? nameProblem(s, `client id "${s.id}" is reserved by Keycloak`, `rename the file; reserved ids: ${RESERVED_CLIENT_IDS.join(', ')}`)
        : [],
  },
  notPlatformId("the client id is not the provisioning identity's", (p) => p.provisioner.clientId, "the provisioning identity's client id"),
  notPlatformId("the client id is not the read-only identity's", (p) => p.reader.clientId, "the read-only identity's client id"),
  notPlatformId("the client id is not the API's", (p) => p.api.clientId, "the backend API's own client id"),
  {
    name: 'each client id has one file',
    check: (s) =>
      s.claimedBy !== undefined
        ? nameProblem(
            s,
            `client id "${s.id}" is also defined by ${s.claimedBy}`,
            'each customer has exactly one file; merge the two files and delete one',
          )
        : [],
  },
];

/**
 * What a customer file refers to, taken from whatever part of it has the right shape (the
 * rules run even when other fields failed the schema). A reference that cannot be checked
 * (no list, no catalog, no valid platform) is left out.
 */
export interface ReferencesSubject {
  readonly file: string;
  /** `roles` as written, and the platform's role catalog. */
  readonly roles?: { readonly granted: readonly string[]; readonly catalog: readonly string[] };
  /** `environments` as written, and the names in environments.yaml. */
  readonly environments?: { readonly listed: readonly string[]; readonly known: readonly string[] };
  /** `secretRotation.gracePeriod` as written, and the valid platform. */
  readonly gracePeriod?: { readonly chosen: string; readonly platform: Platform };
  /** `auth.issuer` of a federated customer, and the names in the platform's trustedIssuers. */
  readonly federatedIssuer?: { readonly chosen: string; readonly trusted: readonly string[] };
}

export const REFERENCE_RULES: readonly Rule<ReferencesSubject>[] = [
  {
    name: 'every role is in the catalog, once',
    check: ({ file, roles }) => {
      if (!roles) return [];
      const { granted, catalog } = roles;
      const known =
        catalog.length > 0
          ? `known: ${catalog.join(', ')}`
          : 'the platform role catalog is empty; add the role to api.roles in platform.yaml first';
      return granted.flatMap((role, i): Problem[] => {
        const where = `roles[${i}]`;
        if (!catalog.includes(role)) {
          const close = suggest(role, catalog);
          return [
            { file, where, problem: `unknown role ${JSON.stringify(role)}`, hint: close ? `did you mean "${close}"? ${known}` : known },
          ];
        }
        return granted.indexOf(role) !== i
          ? [{ file, where, problem: `role "${role}" is listed twice`, hint: 'remove the duplicate' }]
          : [];
      });
    },
  },
  {
    name: 'every environment is in environments.yaml, once',
    check: ({ file, environments }) => {
      if (!environments) return [];
      const { listed, known } = environments;
      return listed.flatMap((name, i): Problem[] => {
        const where = `environments[${i}]`;
        if (!known.includes(name)) {
          const close = suggest(name, known);
          return [
            {
              file,
              where,
              problem: `unknown environment ${JSON.stringify(name)}`,
              hint: `${close ? `did you mean "${close}"? ` : ''}known: ${known.join(', ')} (environments.yaml)`,
            },
          ];
        }
        return listed.indexOf(name) !== i
          ? [{ file, where, problem: `environment "${name}" is listed twice`, hint: 'remove the duplicate' }]
          : [];
      });
    },
  },
  {
    name: "the grace period is one of the platform's",
    check: ({ file, gracePeriod }) => {
      if (!gracePeriod) return [];
      const { chosen, platform } = gracePeriod;
      const where = 'secretRotation.gracePeriod';
      const known = platform.secretRotation?.gracePeriods;
      if (!known) {
        return [
          {
            file,
            where,
            problem: 'the platform has no rotation grace periods',
            hint: 'remove gracePeriod, or add secretRotation (gracePeriod, gracePeriods) to platform.yaml first',
          },
        ];
      }
      if (known.includes(chosen)) return [];
      const close = known.find((k) => durationSeconds(k) === durationSeconds(chosen)) ?? suggest(chosen, known);
      return [
        {
          file,
          where,
          problem: `unknown grace period "${chosen}"`,
          hint: `${close ? `did you mean "${close}"? ` : ''}known: ${known.join(', ')} (secretRotation.gracePeriods in platform.yaml)`,
        },
      ];
    },
  },
  {
    name: "a federated customer's issuer is one of the platform's trusted issuers",
    check: ({ file, federatedIssuer }) => {
      if (!federatedIssuer) return [];
      const { chosen, trusted } = federatedIssuer;
      if (trusted.includes(chosen)) return [];
      const close = suggest(chosen, trusted);
      const known = trusted.length
        ? `known: ${trusted.join(', ')} (trustedIssuers in platform.yaml)`
        : 'platform.yaml has no trustedIssuers; an administrator adds the issuer there first (a platform deploy)';
      return [
        {
          file,
          where: 'auth.issuer',
          problem: `unknown issuer ${JSON.stringify(chosen)}`,
          hint: `${close ? `did you mean "${close}"? ` : ''}${known}`,
        },
      ];
    },
  },
];

/** A federated customer's workload identity (issuer and subject), and the earlier file that has it in a shared environment. */
export interface WorkloadIdentitySubject {
  readonly file: string;
  readonly issuer: string;
  readonly subject: string;
  /** The earlier customer file with the same issuer and subject in one of this file's environments, and that environment. */
  readonly claimedBy?: { readonly file: string; readonly environment: string };
}

export const WORKLOAD_IDENTITY_RULES: readonly Rule<WorkloadIdentitySubject>[] = [
  {
    // Keycloak would find two clients for one workload token: the workload could not tell which one it gets.
    name: 'each workload identity belongs to one customer per environment',
    check: ({ file, issuer, subject, claimedBy }) =>
      claimedBy
        ? [
            {
              file,
              where: 'auth.subject',
              problem: `issuer "${issuer}" with subject ${JSON.stringify(subject)} is also used by ${claimedBy.file} (environment ${claimedBy.environment})`,
              hint: 'one workload identity authenticates as one customer: give this customer its own workload (another service account or subject), or merge the two files',
            },
          ]
        : [],
  },
];
