import { UserError } from '../../model/problems';
import { Command, contexts } from '../command';

export const usage: Command = {
  usage: 'usage [--env <name>] [--json] [--unused-days <n>]',
  summary: 'per customer: last token, tokens in 7/30 days, failures in 24 h, flags (Markdown, or JSON)',
  options: {
    env: { type: 'string', value: '<name>', help: 'one environment of environments.yaml (default: every environment)' },
    json: { type: 'boolean', help: 'JSON for machines instead of the Markdown table' },
    'unused-days': { type: 'string', value: '<n>', default: '30', help: 'flag customers without a token for this many days' },
  },
  run: async ({ values }) => {
    const unusedDays = Number(values['unused-days']);
    if (!Number.isInteger(unusedDays) || unusedDays < 1)
      throw new UserError(`--unused-days must be a whole number of days, not "${String(values['unused-days'])}"`, 2);
    const { usage, usageMarkdown } = await import('../../engine/usage');
    const reports = [];
    for (const ctx of await contexts({ env: values.env })) reports.push(await usage(ctx, { unusedDays }));
    process.stdout.write(values.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(usageMarkdown).join('\n'));
  },
};
