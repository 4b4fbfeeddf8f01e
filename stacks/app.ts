/** Builds the cdktf app from the files on disk. Shared by main.ts (cdktf CLI) and the project's commands. */
import { App } from 'cdktf';
import { loadProject, Project } from '../model/load';
import { ApiKeysStack, STACK_NAME } from './api-keys-stack';
import { resolveTarget } from './target';

export interface BuildOptions {
  /** Project root holding platform.yaml and customers/. @default - the repository root */
  readonly root?: string;
  /** @default "cdktf.out" (or CDKTF_OUTDIR, as set by the cdktf CLI) */
  readonly outdir?: string;
  /** Environment to resolve the target from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** An already loaded project (skips reading the files). */
  readonly project?: Project;
}

/** Validates the files (throws ValidationError) and builds the app. Call `.synth()` to write it. */
export function buildApp(options: BuildOptions = {}): { app: App; project: Project } {
  const project = options.project ?? loadProject({ root: options.root ?? `${__dirname}/..` });
  const app = new App({ outdir: options.outdir, skipValidation: false });
  new ApiKeysStack(app, STACK_NAME, { project, target: resolveTarget(STACK_NAME, options.env ?? process.env) });
  return { app, project };
}
