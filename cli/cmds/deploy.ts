import { UserError } from '../../model/problems';
import { Command, CONFIRM_REMOVAL, confirmation, contexts, ENGINE } from '../command';

export const deploy: Command = {
  usage: 'deploy [--env <name>] [--part <platform|customers>] [--plan <saved plan>] [--confirm-removal <n>] [--verbose]',
  summary: 'validate, plan and apply (or apply a plan saved by `plan`; refused when stale)',
  options: {
    ...ENGINE,
    plan: {
      type: 'string',
      value: '<file>',
      help: "apply this reviewed plan (from `npm run plan`) instead of planning again: a stack's <stack>.tfplan, or with customer shards the environment's api-keys-<env>.plan.json (every shard plan it lists); needs --env",
    },
    'confirm-removal': CONFIRM_REMOVAL,
  },
  run: async ({ values }) => {
    const list = await contexts(values);
    if (values.plan !== undefined && list.length !== 1) throw new UserError("--plan applies one environment's plan: add --env <name>");
    const confirmRemoval = await confirmation(values);
    const { deploy } = await import('../../engine/deploy');
    for (const ctx of list) await deploy(ctx, { planFile: values.plan as string | undefined, confirmRemoval });
  },
};
