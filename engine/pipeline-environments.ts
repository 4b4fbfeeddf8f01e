/** The `environments` command: the environments a pipeline plans and deploys. */
import { Project } from '../model/load';
import { log } from '../toolchain/process';

/**
 * The environments a pipeline plans and deploys, in the order of environments.yaml (so list
 * staging before prod: deploy matrices run one at a time in this order). Left out, with the
 * reason on stderr: the local Keycloak (it runs on a developer's machine) and local state (a
 * CI runner forgets it, so every run would start from nothing and try to create everything again).
 */
export function pipelineEnvironments(project: Project): string[] {
  return Object.entries(project.environments)
    .filter(([name, e]) => {
      const reason =
        e.keycloak === 'local' ? 'uses the local Keycloak' : 'local' in e.state ? 'keeps its state in a local file' : undefined;
      if (reason) log(`environments: ${name} ${reason}; pipelines leave it out`);
      return reason === undefined;
    })
    .map(([name]) => name);
}
