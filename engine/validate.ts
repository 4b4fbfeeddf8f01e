/** The `validate` command: the files' problems, and what can be said without the engine about empty environments. */
import * as fs from 'fs';
import { loadProject, Project } from '../model/load';
import { UserError, ValidationError } from '../model/problems';
import { allShards } from '../stacks/shards';
import { resolveTarget, TargetInputs } from '../stacks/target';
import { RunContext } from './steps';
import { customersInState } from './adoption';
import { enforceNotEmpty } from './removal-guard';

/** Validates and reports; throws a UserError listing every problem. */
export function validate(ctx: Pick<RunContext, 'root'>): Project {
  try {
    return loadProject({ root: ctx.root });
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

/**
 * What `validate` can say without the engine about environments that no customer file
 * targets: a local, unencrypted state that holds customers makes it an error (plan and
 * deploy refuse it too); other states are only read by plan and deploy.
 * @returns notes for the person at the terminal
 */
export function checkEmptyEnvironments(project: Project, inputs: TargetInputs): string[] {
  const notes: string[] = [];
  for (const name of Object.keys(project.environments).sort()) {
    if (project.customers.some((c) => c.environments.includes(name))) continue;
    const count = project.platform.customerShards;
    for (const shard of count > 1 ? allShards(count) : [undefined]) {
      const t = resolveTarget(name, project.environments[name], project.platform, inputs, 'customers', shard);
      if (t.state.kind !== 'local' || !fs.existsSync(t.state.path)) {
        if (t.state.kind !== 'local')
          notes.push(
            `environment "${name}": no customer file targets it; plan and deploy refuse it if its ${t.state.kind} state holds customers`,
          );
        if (t.state.kind !== 'local') break;
        continue;
      }
      const state = JSON.parse(fs.readFileSync(t.state.path, 'utf8')) as {
        resources?: { type: string; mode: string; name: string }[];
        encrypted_data?: unknown;
      };
      if (state.encrypted_data !== undefined) {
        notes.push(
          `environment "${name}": no customer file targets it; its state is encrypted, so plan and deploy check whether it holds customers`,
        );
        break;
      }
      const held = customersInState((state.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`));
      enforceNotEmpty(0, held, `environment "${name}" (${t.state.path})`, undefined);
    }
  }
  return [...new Set(notes)];
}
