import * as path from 'path';
import { Command, contexts, ENGINE, OUT } from '../command';

export const drift: Command = {
  usage: 'drift [--env <name>] [--part <platform|customers>] [--out <dir>] [--verbose]',
  summary: 'compare Keycloak with the files: exit 0 in sync, 2 drift, 1 error (reports in reports/)',
  options: { ...ENGINE, out: OUT },
  run: async ({ values }) => {
    const { drift } = await import('../../engine/drift');
    let code = 0;
    for (const ctx of await contexts(values)) code = Math.max(code, await drift(ctx, path.resolve(values.out as string)));
    return code;
  },
};
