/**
 * Every environment variable the project reads, parsed once into typed, validated settings.
 *
 * This module is the only reader of `process.env` (`currentSettings()` and
 * `inheritedEnvironment()`); everything else takes a `Settings` value. A bad value fails here,
 * before any work, with a `SettingsError` that names the variable, the value (never a
 * secret's) and the fix.
 *
 * Child processes (the engine, Go, Java, the cdktf CLI) still get the whole environment:
 * `inheritedEnvironment()` is a copy of it, to which the engine adds its own variables
 * (engine/environment.ts). Variables meant for those programs, such as `PGPASSWORD`,
 * `GOPROXY` or `TF_LOG`, pass through untouched and are not settings of this project.
 */
import { createPrivateKey } from 'crypto';
import * as path from 'path';
import { z } from 'zod';
import { keycloakBase, keycloakBaseProblem } from '../model/keycloak-url';
import { UserError } from '../model/problems';
import toolchain from '../toolchain.json';

/** A variable with a value this project cannot use. */
export class SettingsError extends UserError {
  constructor(
    /** The variable's name, e.g. `APIKEYS_KEYCLOAK_PORT`. */
    public readonly variable: string,
    /** Its value as set, or undefined for a secret (never shown). */
    public readonly value: string | undefined,
    /** What a good value looks like. */
    public readonly expected: string,
  ) {
    super(
      `${variable}${value === undefined ? ' (value hidden)' : `=${value}`} is not usable: ${expected}. ` +
        `Fix it, or unset ${variable} for its default.`,
    );
    this.name = 'SettingsError';
  }
}

/** One variable: what it must look like, in zod, and in words for the error. */
interface Variable<T> {
  readonly schema: z.ZodType<T, string>;
  /** The fix in words, e.g. "expected a port number from 1 to 65535, e.g. 8080". */
  readonly expected: string;
  /** A secret: its value never appears in an error. @default false */
  readonly secret?: boolean;
}

const text: Variable<string> = { schema: z.string(), expected: 'expected text' };
const secret: Variable<string> = { ...text, secret: true };
/** Text whose surrounding blanks are dropped (names, directories, URLs). */
const trimmed: Variable<string> = { schema: z.string().transform((s) => s.trim()), expected: 'expected text' };

function positiveInteger(example: number): Variable<number> {
  return {
    schema: z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive()),
    expected: `expected a whole number above 0, e.g. ${example}`,
  };
}

const port: Variable<number> = {
  schema: z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(65535)),
  expected: 'expected a TCP port number from 1 to 65535, e.g. 8080',
};

const seconds: Variable<number> = {
  schema: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number)
    .pipe(z.number().positive()),
  expected: 'expected a positive number of seconds, e.g. 900',
};

/** `1` on, `0` off: anything else (`true`, `yes`) was silently "off" before and is refused now. */
const flag: Variable<boolean> = {
  schema: z
    .string()
    .trim()
    .regex(/^[01]$/)
    .transform((s) => s === '1'),
  expected: 'expected 1 (on) or 0 (off)',
};

const url: Variable<string> = {
  schema: z
    .string()
    .refine((s) => keycloakBaseProblem(s) === undefined)
    .transform(keycloakBase),
  expected:
    'expected the base URL of a Keycloak server, e.g. https://keycloak.example.com, or https://keycloak.example.com/auth for a server under /auth (without /realms/...)',
};

/** An engine duration (Go syntax), as `-lock-timeout` takes it. */
const duration: Variable<string> = {
  schema: z
    .string()
    .trim()
    .regex(/^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/),
  expected: 'expected a duration such as 0s, 60s or 5m',
};

/** A JVM memory size, as `-Xmx` takes it. */
const heap: Variable<string> = {
  schema: z
    .string()
    .trim()
    .regex(/^\d+[kKmMgG]?$/),
  expected: 'expected a Java heap size such as 512m or 2g',
};

/** The Keycloak versions the local server may run (toolchain.json `keycloak.supported`), the default first. */
export const SUPPORTED_KEYCLOAK_VERSIONS: readonly string[] = [
  toolchain.keycloak.version,
  ...Object.keys(toolchain.keycloak.supported).filter((v) => v !== toolchain.keycloak.version),
];

const keycloakVersion: Variable<string> = {
  schema: z
    .string()
    .trim()
    .refine((v) => SUPPORTED_KEYCLOAK_VERSIONS.includes(v)),
  expected: `expected a supported Keycloak version: ${SUPPORTED_KEYCLOAK_VERSIONS.map((v, i) => (i === 0 ? `${v} (the default)` : v)).join(', ')} (docs/keycloak-versions.md)`,
};

const removalCount: Variable<number> = {
  schema: z.string().trim().regex(/^\d+$/).transform(Number),
  expected: 'expected the number of customers the plan removes, e.g. 12',
};

/** A PEM private key (PKCS#8 or PKCS#1), as `npm run credentials -- <identity> --reveal` prints it. */
const privateKeyPem: Variable<string> = {
  schema: z.string().refine((value) => {
    try {
      return createPrivateKey(value.replace(/\\n/g, '\n')).type === 'private';
    } catch {
      return false;
    }
  }),
  expected: 'expected a PEM private key (-----BEGIN PRIVATE KEY----- ...), as `npm run credentials -- <identity> --reveal` prints it',
  secret: true,
};

/** 16+ characters (OpenTofu's pbkdf2 key provider needs them). */
export const MIN_PASSPHRASE_LENGTH = 16;
const passphrase: Variable<string> = {
  schema: z.string().min(MIN_PASSPHRASE_LENGTH),
  expected: `expected at least ${MIN_PASSPHRASE_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`,
  secret: true,
};

/**
 * Every variable this project reads, with its rule. The tables in docs/own-keycloak.md and docs/toolchain.md list exactly these
 * (a unit test checks it).
 */
export const VARIABLES = {
  // Where and as whom the engine and the admin API connect.
  KEYCLOAK_URL: url,
  KEYCLOAK_REALM: trimmed,
  KEYCLOAK_CLIENT_ID: trimmed,
  KEYCLOAK_CLIENT_SECRET: secret,
  KEYCLOAK_JWT_SIGNING_KEY: privateKeyPem,
  KEYCLOAK_USER: text,
  KEYCLOAK_PASSWORD: secret,
  KEYCLOAK_CLIENT_TIMEOUT: positiveInteger(60),
  APIKEYS_REALM: trimmed,
  APIKEYS_STATE_DIR: trimmed,
  APIKEYS_IDENTITY_KEYS_DIR: trimmed,
  APIKEYS_NEW_IDENTITY_KEYS: flag,
  // The engine runs.
  APIKEYS_ENGINE_TIMEOUT: seconds,
  APIKEYS_LOCK_TIMEOUT: duration,
  APIKEYS_CONFIRM_REMOVAL: removalCount,
  APIKEYS_FAST_CHECK: flag,
  APIKEYS_ENGINE_PARALLELISM: positiveInteger(10),
  // State encryption.
  APIKEYS_STATE_PASSPHRASE: passphrase,
  TF_ENCRYPTION: secret,
  APIKEYS_ALLOW_UNENCRYPTED_STATE: flag,
  APIKEYS_STATE_ENCRYPTION_MIGRATE: flag,
  // The local Keycloak.
  APIKEYS_KEYCLOAK_VERSION: keycloakVersion,
  APIKEYS_KEYCLOAK_PORT: port,
  APIKEYS_KEYCLOAK_MANAGEMENT_PORT: port,
  APIKEYS_KEYCLOAK_HEAP: heap,
  APIKEYS_KEYCLOAK_START_TIMEOUT: positiveInteger(240),
  // The toolchain.
  APIKEYS_CACHE_DIR: trimmed,
  TERRAFORM_BINARY_NAME: trimmed,
  APIKEYS_OPENTOFU_BINARY: trimmed,
  APIKEYS_KEYCLOAK_PROVIDER_BINARY: trimmed,
  JAVA_HOME: text,
  GOFLAGS: text,
  // Debugging.
  APIKEYS_CDKTF_STACK_TRACES: flag,
} satisfies Record<string, Variable<unknown>>;

export type VariableName = keyof typeof VARIABLES;

/** The settings of the local Keycloak that `npm start` and the tests run. */
export interface LocalKeycloakSettings {
  /** Keycloak version it runs, one of toolchain.json's `keycloak.supported`. @default - toolchain.json's `keycloak.version` (`APIKEYS_KEYCLOAK_VERSION`) */
  readonly version: string;
  /** HTTP port. @default 8080 (`APIKEYS_KEYCLOAK_PORT`) */
  readonly port: number;
  /** Management port (health). @default port + 1000 (`APIKEYS_KEYCLOAK_MANAGEMENT_PORT`) */
  readonly managementPort: number;
  /** Bootstrap admin user. @default "admin" (`KEYCLOAK_USER`) */
  readonly adminUser: string;
  /** Bootstrap admin password. @default "admin" (`KEYCLOAK_PASSWORD`) */
  readonly adminPassword: string;
  /** Maximum Java heap. @default "1g" (`APIKEYS_KEYCLOAK_HEAP`) */
  readonly heap: string;
  /** Seconds to wait for readiness. @default 240 (`APIKEYS_KEYCLOAK_START_TIMEOUT`) */
  readonly startTimeoutSeconds: number;
}

/** Everything the environment can change, typed. Unset optional values are `undefined`. */
export interface Settings {
  /** Overrides of environments.yaml for ad-hoc runs and tests. */
  readonly target: {
    /** Base URL without trailing slashes (`KEYCLOAK_URL`). @default - the environment's own server */
    readonly keycloakUrl?: string;
    /** Realm the identity logs in to (`KEYCLOAK_REALM`). @default - environments.yaml's loginRealm */
    readonly loginRealm?: string;
    /** Realm to deploy into (`APIKEYS_REALM`). @default - environments.yaml, else platform.yaml */
    readonly realm?: string;
    /** Absolute directory for local state (`APIKEYS_STATE_DIR`, relative to the working directory). */
    readonly stateDir?: string;
  };
  /** The pipeline identities' private keys (config/identity-keys.ts). */
  readonly identityKeys: {
    /** Absolute directory holding `<environment>/<identity>.pem` (`APIKEYS_IDENTITY_KEYS_DIR`). @default - `.keys/` in the project */
    readonly dir?: string;
    /**
     * Replace the identities' keys on this platform deploy (`APIKEYS_NEW_IDENTITY_KEYS=1`):
     * the keys the pipelines hold stop working. @default false
     */
    readonly replace: boolean;
  };
  /** The identity the engine's provider and the admin API log in as. */
  readonly login: {
    /** `KEYCLOAK_CLIENT_ID`. @default - "admin-cli" where a login needs one */
    readonly clientId?: string;
    /** `KEYCLOAK_CLIENT_SECRET` (service account login). */
    readonly clientSecret?: string;
    /** `KEYCLOAK_JWT_SIGNING_KEY` (service account login with a signed JWT, `private_key_jwt`): PEM. */
    readonly jwtSigningKey?: string;
    /** `KEYCLOAK_USER` (admin user login). @default - "admin" for the local Keycloak */
    readonly user?: string;
    /** `KEYCLOAK_PASSWORD`. @default - "admin" for the local Keycloak */
    readonly password?: string;
    /** Seconds one admin API call may take (`KEYCLOAK_CLIENT_TIMEOUT`). @default 60 */
    readonly timeoutSeconds: number;
  };
  readonly engine: {
    /** Seconds one engine run may take (`APIKEYS_ENGINE_TIMEOUT`). @default - derived from the stack's size */
    readonly timeoutSeconds?: number;
    /** How long to wait for a state lock held by another run (`APIKEYS_LOCK_TIMEOUT`). @default "60s" */
    readonly lockTimeout: string;
    /** Customer removals confirmed beyond the guard (`APIKEYS_CONFIRM_REMOVAL`). @default - none */
    readonly confirmRemoval?: number;
    /**
     * Plans and drift checks of the customers stack start with the bulk check of engine/fast-check.ts
     * and skip the per-resource refresh when Keycloak matches the state (`APIKEYS_FAST_CHECK`). @default true
     */
    readonly fastCheck: boolean;
    /** Resources the engine creates, reads or deletes at once (`APIKEYS_ENGINE_PARALLELISM`, the engine's `-parallelism`). @default 10 */
    readonly parallelism: number;
  };
  readonly encryption: {
    /** `APIKEYS_STATE_PASSPHRASE`, 16+ characters. */
    readonly passphrase?: string;
    /** Your own OpenTofu encryption configuration (`TF_ENCRYPTION`); wins over the passphrase. */
    readonly config?: string;
    /** `APIKEYS_ALLOW_UNENCRYPTED_STATE=1`. @default false */
    readonly allowUnencrypted: boolean;
    /** `APIKEYS_STATE_ENCRYPTION_MIGRATE=1`. @default false */
    readonly migrate: boolean;
  };
  readonly localKeycloak: LocalKeycloakSettings;
  readonly toolchain: {
    /** Absolute cache directory (`APIKEYS_CACHE_DIR`). @default - `.cache/` in the repository */
    readonly cacheDir: string;
    /** An engine of the user's (`TERRAFORM_BINARY_NAME`). @default - the pinned build */
    readonly engineBinary?: string;
    /** A prebuilt OpenTofu to copy into the cache (`APIKEYS_OPENTOFU_BINARY`). */
    readonly openTofuBinary?: string;
    /** A prebuilt provider to copy into the mirror (`APIKEYS_KEYCLOAK_PROVIDER_BINARY`). */
    readonly providerBinary?: string;
    /** `JAVA_HOME`. @default - the newest JDK found */
    readonly javaHome?: string;
    /** The user's `GOFLAGS`, kept in the Go builds. @default "" */
    readonly goflags: string;
  };
  /** Bring back cdktf's per-token stack traces (`APIKEYS_CDKTF_STACK_TRACES=1`). @default false */
  readonly cdktfStackTraces: boolean;
}

/** The repository root (this file lives in `<root>/config`). */
export const projectRoot = path.resolve(__dirname, '..');

/**
 * Parses the variables into settings. Blank values count as unset.
 * @param env the variables (tests pass their own) @default - the process's environment
 * @throws SettingsError for the first unusable value
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  function read<K extends VariableName>(name: K): z.output<(typeof VARIABLES)[K]['schema']> | undefined {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const variable: Variable<unknown> = VARIABLES[name];
    const parsed = variable.schema.safeParse(raw);
    if (!parsed.success) throw new SettingsError(name, variable.secret ? undefined : raw, variable.expected);
    return parsed.data as z.output<(typeof VARIABLES)[K]['schema']>;
  }
  const localPort = read('APIKEYS_KEYCLOAK_PORT') ?? 8080;
  const stateDir = read('APIKEYS_STATE_DIR');
  const cacheDir = read('APIKEYS_CACHE_DIR');
  const keysDir = read('APIKEYS_IDENTITY_KEYS_DIR');
  const user = read('KEYCLOAK_USER');
  const password = read('KEYCLOAK_PASSWORD');
  return {
    target: {
      keycloakUrl: read('KEYCLOAK_URL'),
      loginRealm: read('KEYCLOAK_REALM'),
      realm: read('APIKEYS_REALM'),
      stateDir: stateDir === undefined ? undefined : path.resolve(stateDir),
    },
    identityKeys: {
      dir: keysDir === undefined ? undefined : path.resolve(keysDir),
      replace: read('APIKEYS_NEW_IDENTITY_KEYS') ?? false,
    },
    login: {
      clientId: read('KEYCLOAK_CLIENT_ID'),
      clientSecret: read('KEYCLOAK_CLIENT_SECRET'),
      // A PEM passed through a single-line secret store may arrive with literal \n.
      jwtSigningKey: read('KEYCLOAK_JWT_SIGNING_KEY')?.replace(/\\n/g, '\n'),
      user,
      password,
      timeoutSeconds: read('KEYCLOAK_CLIENT_TIMEOUT') ?? 60,
    },
    engine: {
      timeoutSeconds: read('APIKEYS_ENGINE_TIMEOUT'),
      lockTimeout: read('APIKEYS_LOCK_TIMEOUT') ?? '60s',
      confirmRemoval: read('APIKEYS_CONFIRM_REMOVAL'),
      fastCheck: read('APIKEYS_FAST_CHECK') ?? true,
      parallelism: read('APIKEYS_ENGINE_PARALLELISM') ?? 10,
    },
    encryption: {
      passphrase: read('APIKEYS_STATE_PASSPHRASE'),
      config: read('TF_ENCRYPTION'),
      allowUnencrypted: read('APIKEYS_ALLOW_UNENCRYPTED_STATE') ?? false,
      migrate: read('APIKEYS_STATE_ENCRYPTION_MIGRATE') ?? false,
    },
    localKeycloak: {
      version: read('APIKEYS_KEYCLOAK_VERSION') ?? toolchain.keycloak.version,
      port: localPort,
      managementPort: read('APIKEYS_KEYCLOAK_MANAGEMENT_PORT') ?? localPort + 1000,
      adminUser: user ?? 'admin',
      adminPassword: password ?? 'admin',
      heap: read('APIKEYS_KEYCLOAK_HEAP') ?? '1g',
      startTimeoutSeconds: read('APIKEYS_KEYCLOAK_START_TIMEOUT') ?? 240,
    },
    toolchain: {
      cacheDir: path.resolve(cacheDir ?? path.join(projectRoot, '.cache')),
      engineBinary: read('TERRAFORM_BINARY_NAME'),
      openTofuBinary: read('APIKEYS_OPENTOFU_BINARY'),
      providerBinary: read('APIKEYS_KEYCLOAK_PROVIDER_BINARY'),
      javaHome: read('JAVA_HOME'),
      goflags: read('GOFLAGS') ?? '',
    },
    cdktfStackTraces: read('APIKEYS_CDKTF_STACK_TRACES') ?? false,
  };
}

/**
 * The settings of this process, from its environment as it is now. Cheap (a few dozen string
 * checks), so it is read where needed rather than cached: a test may change a variable
 * between two calls.
 */
export function currentSettings(): Settings {
  return readSettings(process.env);
}

/**
 * A copy of this process's environment, for a child process: the engine, Go and Java read
 * variables of their own (`PGPASSWORD`, `GOPROXY`, `AWS_*`, `TF_LOG`) that pass through.
 */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/**
 * Sets a variable for the libraries loaded in this process, unless the user set it: the
 * only write to `process.env` (cdktn reads `CDKTN_DISABLE_CREATION_STACK` in-process).
 */
export function defaultInProcess(name: string, value: string): void {
  process.env[name] ??= value;
}

/**
 * Runs `load` with some variables set in this process and restores them afterwards: for a
 * library that reads the environment as it loads (the bindings generator's dependencies).
 */
export function withProcessEnvironment<T>(vars: Record<string, string>, load: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return load();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
