import * as path from 'path';
import { Command, contexts, ENGINE, OUT } from '../command';

export const drift: Command = {
  usage: 'drift [--env <name>] [--part <platform|customers>] [--out <dir>] [--deep] [--verbose]',
  summary: 'compare Keycloak with the files: exit 0 in sync, 2 drift, 1 error (reports in reports/)',
  options: {
    ...ENGINE,
    out: OUT,
    deep: { type: 'boolean', help: 'refresh every customer through the engine instead of the bulk check (also APIKEYS_FAST_CHECK=0)' },
  },
  run: async ({ values }) => {
    const { drift } = await import('../../engine/drift');
    let code = 0;
    for (const ctx of await contexts(values))
      code = Math.max(code, await drift(ctx, path.resolve(values.out as string), { deep: values.deep === true }));
    return code;
  },
};
