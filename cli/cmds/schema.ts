import { Command } from '../command';

export const schema: Command = {
  usage: 'schema',
  summary: 'regenerate schemas/*.schema.json (editor completion) from the schema source',
  run: async () => (await import('../schema')).writeSchemas(),
};
