import * as path from 'path';
import { Command, CONFIRM_REMOVAL, confirmation, contexts, ENGINE, OUT } from '../command';

export const plan: Command = {
  usage: 'plan [--env <name>] [--part <platform|customers>] [--out <dir>] [--confirm-removal <n>] [--deep] [--verbose]',
  summary: 'save a plan per stack for review, with Markdown and JSON summaries (default dir: reports/)',
  options: {
    ...ENGINE,
    out: OUT,
    'confirm-removal': CONFIRM_REMOVAL,
    deep: {
      type: 'boolean',
      help: 'refresh every customer through the engine even when a bulk check finds Keycloak matching the state (also APIKEYS_FAST_CHECK=0)',
    },
  },
  run: async ({ values }) => {
    const confirmRemoval = await confirmation(values);
    const { planForReview } = await import('../../engine/plan-review');
    for (const ctx of await contexts(values))
      await planForReview(ctx, path.resolve(values.out as string), { confirmRemoval, deep: values.deep === true });
  },
};
