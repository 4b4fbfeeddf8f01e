/** Builds the cdktf app from the files on disk. Shared by main.ts (cdktf CLI) and the project's commands. */
import * as path from 'path';
import { App } from 'cdktf';
import { IdentityKeyStore } from '../config/identity-keys';
import { defaultInProcess, Settings } from '../config/settings';
import { RealmEventSettings } from '../keycloak';
import { loadProject, Project } from '../model/load';
import { CustomersStack } from './customers-stack';
import { PlatformStack } from './platform-stack';
import { allShards, Shard } from './shards';
import { StateStack } from './state-stack';
import { Part, PARTS, resolveTarget, Target } from './target';

export interface BuildOptions {
  /** Project root holding platform.yaml, environments.yaml and customers/. @default - the repository root */
  readonly root?: string;
  /** @default "cdktf.out" (or CDKTF_OUTDIR, as set by the cdktf CLI) */
  readonly outdir?: string;
  /** The settings to resolve targets with (config/settings.ts): plain values, read from the environment by the caller. */
  readonly settings: Settings;
  /** Only these environments. @default - all of environments.yaml */
  readonly environments?: readonly string[];
  /** Only these parts. @default - both: platform and customers */
  readonly parts?: readonly Part[];
  /**
   * Only these customers shards (indexes). @default - every shard of platform.yaml's `customerShards`
   */
  readonly shards?: readonly number[];
  /**
   * The shard layout to build the customers stacks for. @default - platform.yaml's `customerShards`
   */
  readonly shardCount?: number;
  /**
   * Build the customers stacks with their provider and state backend only, no resources: to read
   * or write their states (engine/shards/states.ts). @default false
   */
  readonly stateOnly?: boolean;
  /** An already loaded project (skips reading the files). */
  readonly project?: Project;
  /** The clock that decides which customers have expired. @default - now */
  readonly now?: Date;
  /** Customer clients to adopt (import) instead of create: client id -> import id. @default - none */
  readonly adopt?: ReadonlyMap<string, string>;
  /**
   * The public key (PEM) of a pipeline identity of an environment.
   * @default - from the project's key files (config/identity-keys.ts), each made when missing
   */
  readonly identityKey?: (environment: string, identityClientId: string) => string;
  /**
   * Client ids of the realm's other clients that no pipeline identity may view or change, per environment.
   * @default - Keycloak's built-in clients
   */
  readonly protectedClientIds?: (environment: string) => readonly string[] | undefined;
  /**
   * The event configuration of a realm the project does not own, per environment: the
   * platform extends it instead of replacing it (keycloak/login-events.ts).
   * @default - none: a realm the project owns, or a synth without Keycloak (its own event settings are written)
   */
  readonly realmEvents?: (environment: string) => RealmEventSettings | undefined;
  /** Platform objects to adopt (import) instead of create: construct path below the stack -> import id. @default - none */
  readonly platformAdopt?: ReadonlyMap<string, string>;
  /**
   * JWKS URLs of trusted issuers that platform.yaml gives without one, read from their discovery
   * documents before the plan: issuer name -> URL. @default - none
   */
  readonly issuerJwksUrls?: () => ReadonlyMap<string, string> | undefined;
}

/** The key files of the project at `root` (or of `APIKEYS_IDENTITY_KEYS_DIR`). */
export function identityKeyStore(settings: Settings, root: string): IdentityKeyStore {
  return new IdentityKeyStore(settings.identityKeys.dir ?? path.join(root, '.keys'));
}

/**
 * cdktf records a stack trace for every token it creates, to say where an unresolvable
 * token came from (terraform-cdk issue #3892). With thousands of customers that is half of
 * synth time (docs/performance.md). The output is byte-identical without them, so they are
 * off unless APIKEYS_CDKTF_STACK_TRACES=1 asks for them while debugging a token error.
 * The module is private to cdktf (pinned at 0.21.0); if it moves, cdktf keeps its default.
 */
function skipTokenStackTraces(settings: Settings): void {
  if (settings.cdktfStackTraces) return;
  // cdktn, cdktf's continuation, no longer calls the function replaced below through its
  // module export, so the replacement does nothing there; it has a switch of its own instead.
  defaultInProcess('CDKTN_DISABLE_CREATION_STACK', '1');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    traces.captureStackTrace = () => [];
  } catch {
    // A cdktf without that module: leave its behaviour alone.
  }
}

/** Validates the files (throws ValidationError) and builds two stacks per environment. Call `.synth()` to write it. */
export function buildApp(options: BuildOptions): { app: App; project: Project; targets: Target[] } {
  skipTokenStackTraces(options.settings);
  const root = path.resolve(options.root ?? `${__dirname}/..`);
  const project = options.project ?? loadProject({ root });
  const names = options.environments ?? Object.keys(project.environments).sort();
  const app = new App({ outdir: options.outdir });
  const identityKey =
    options.identityKey ?? ((env: string, id: string) => identityKeyStore(options.settings, root).ensure(env, id).publicKeyPem);
  const targets: Target[] = [];
  for (const name of names) {
    const config = project.environments[name];
    if (!config) throw new Error(`unknown environment "${name}" (known: ${Object.keys(project.environments).join(', ')})`);
    for (const part of options.parts ?? PARTS) {
      const count = options.shardCount ?? project.platform.customerShards;
      const shards: (Shard | undefined)[] =
        part === 'platform' || count <= 1
          ? [undefined]
          : allShards(count).filter((s) => options.shards === undefined || options.shards.includes(s.index));
      for (const shard of shards) {
        const target = resolveTarget(name, config, project.platform, { settings: options.settings, root }, part, shard);
        if (options.stateOnly && part === 'customers') new StateStack(app, target.stackName, target);
        else if (part === 'platform') {
          const { platform } = project;
          new PlatformStack(app, target.stackName, {
            platform,
            target,
            identityKeys: {
              provisioner: identityKey(name, platform.provisioner.clientId),
              reader: identityKey(name, platform.reader.clientId),
            },
            protectedClientIds: options.protectedClientIds?.(name),
            realmEvents: options.realmEvents?.(name),
            adopt: options.platformAdopt,
            issuerJwksUrls: options.issuerJwksUrls?.(),
          });
        } else new CustomersStack(app, target.stackName, { project, target, now: options.now, adopt: options.adopt });
        targets.push(target);
      }
    }
  }
  return { app, project, targets };
}
