import * as path from 'path';
import { log } from '../../toolchain/process';
import { Command } from '../command';

export const bindings: Command = {
  usage: 'bindings',
  summary: 'generate the provider bindings in .gen/ from the committed provider schema (npm ci does it)',
  run: async () => {
    const { generateBindings } = await import('../../toolchain/bindings');
    const { outdir, types, seconds } = await generateBindings();
    log(`bindings: generated ${types} keycloak types into ${path.relative(process.cwd(), outdir) || '.'}/ in ${seconds.toFixed(1)} s`);
  },
};

export const bindingsSchema: Command = {
  usage: 'bindings:schema',
  summary: 'read the provider schema from the pinned engine and provider, keep the types the code imports, regenerate .gen/',
  run: async () => (await import('../../toolchain/bindings')).refreshSchema(),
};
