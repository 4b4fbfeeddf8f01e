/** Writes the JSON Schemas that editors use for platform.yaml and customer files. */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { z } from 'zod';
import { customerSchema } from '../model/customer';
import { environmentsSchema } from '../model/environments';
import { platformSchema } from '../model/platform';
import { projectRoot } from '../config/paths';
import { log } from '../toolchain/process';

/** The schemas as they should be on disk, keyed by path relative to the project root. */
export function renderSchemas(root = projectRoot): Record<string, string> {
  // Role names for editor completion come from the catalog in platform.yaml, when readable.
  let roles: string[] = [];
  let environments: string[] = [];
  try {
    const platform = platformSchema.safeParse(parse(fs.readFileSync(path.join(root, 'platform.yaml'), 'utf8')));
    if (platform.success) roles = Object.keys(platform.data.api.roles);
    const envs = environmentsSchema.safeParse(parse(fs.readFileSync(path.join(root, 'environments.yaml'), 'utf8')));
    if (envs.success) environments = Object.keys(envs.data);
  } catch {
    // Without readable files the schemas simply carry no enums.
  }
  const render = (schema: z.ZodType, id: string) =>
    JSON.stringify({ $id: id, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2) + '\n';
  return {
    'schemas/customer.schema.json': render(customerSchema(roles, environments), 'customer.schema.json'),
    'schemas/environments.schema.json': render(environmentsSchema, 'environments.schema.json'),
    'schemas/platform.schema.json': render(platformSchema, 'platform.schema.json'),
  };
}

export function writeSchemas(root = projectRoot): void {
  for (const [rel, content] of Object.entries(renderSchemas(root))) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
    log(`schema: wrote ${rel}`);
  }
}
