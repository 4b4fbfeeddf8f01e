/**
 * The data files committed in this repository: platform.yaml and every file in customers/
 * are valid (one test per file, named by its path), and the JSON Schemas that editors use
 * are what `npm run schema` produces from the current model.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadProject } from '../../model/load';
import { formatProblem, ValidationError } from '../../model/problems';
import { renderSchemas } from '../../cli/schema';
import { removeTempDirs, TestProject } from './helpers';

const root = path.resolve(__dirname, '../..');
const customerFiles = fs.existsSync(path.join(root, 'customers')) ? fs.readdirSync(path.join(root, 'customers')).sort() : [];

afterAll(removeTempDirs);

/** The problem lines, or [] when loading succeeds (so a failure shows what is wrong). */
function problemLines(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.map(formatProblem);
    throw err;
  }
}

describe('platform.yaml', () => {
  it('is valid, together with every customer file', () => {
    // GIVEN the repository as committed
    // WHEN it is loaded
    // THEN there are no problems
    expect(problemLines(() => loadProject({ root }))).toEqual([]);
  });
});

describe('customers/', () => {
  it('holds at least one example customer', () => {
    expect(customerFiles.filter((f) => /\.ya?ml$/.test(f)).length).toBeGreaterThan(0);
  });

  it.each(customerFiles.map((f) => [`customers/${f}`, f]))('%s is valid', (_rel, fileName) => {
    // GIVEN the repository's platform.yaml and only this customer file
    const p = new TestProject({ platform: fs.readFileSync(path.join(root, 'platform.yaml'), 'utf8'), customers: {} });
    fs.copyFileSync(path.join(root, 'customers', fileName), p.path(`customers/${fileName}`));
    // WHEN it is loaded
    // THEN it has no problems and is the customer named by the file
    expect(problemLines(() => p.load())).toEqual([]);
    if (/\.ya?ml$/.test(fileName)) expect(p.load().customers.map((c) => c.file)).toEqual([`customers/${fileName}`]);
  });
});

describe('schemas/', () => {
  const expected = renderSchemas(root);

  it('has a schema for platform.yaml, environments.yaml and customer files', () => {
    expect(Object.keys(expected).sort()).toEqual([
      'schemas/customer.schema.json',
      'schemas/environments.schema.json',
      'schemas/platform.schema.json',
    ]);
  });

  it.each(Object.keys(expected).map((rel) => [rel]))(
    '%s is up to date (run `npm run schema` after changing the model or the role catalog)',
    (rel) => {
      // GIVEN the schema rendered from the current model and platform.yaml
      // WHEN / THEN the committed file is identical
      expect(fs.readFileSync(path.join(root, rel), 'utf8')).toBe(expected[rel]);
    },
  );

  it('offers the role catalog of platform.yaml for completion', () => {
    const schema = JSON.parse(expected['schemas/customer.schema.json']);
    const platform = loadProject({ root }).platform;
    expect(schema.properties.roles.items.enum).toEqual(Object.keys(platform.api.roles));
  });
});
