/**
 * The provider bindings come from one pinned schema: the four places that name the keycloak
 * provider's version agree, `.gen/` is exactly what the committed schema generates, and the
 * schema holds the types the code imports and no others (so `tsc` checks no unused binding).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateBindingsInto, importedBindings, pinProblems, readPins, SCHEMA_FILE } from '../../toolchain/bindings';
import { projectRoot } from '../../config/paths';

const GEN = path.join(projectRoot, '.gen');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('the keycloak provider pins', () => {
  it('agree: toolchain.json, cdktf.json, the committed schema and the generated bindings', () => {
    const pins = readPins();
    expect(pins.map((p) => p.file)).toEqual(['toolchain.json', 'cdktf.json', SCHEMA_FILE, path.join('.gen', 'versions.json')]);
    expect(pinProblems(pins)).toEqual([]);
    expect(new Set(pins.map((p) => p.version)).size).toBe(1);
  });

  // A copy of the four files with one of them moved to another version: the message names that file.
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pins-'));
    for (const rel of ['toolchain.json', 'cdktf.json', SCHEMA_FILE, '.gen/versions.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.copyFileSync(path.join(projectRoot, rel), path.join(dir, rel));
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bump = (rel: string) => {
    const file = path.join(dir, rel);
    const current = readPins(dir).find((p) => p.file === rel)!.version!;
    const text = fs.readFileSync(file, 'utf8');
    const next = text.split(`"${current}"`).join('"9.9.9"').split(`@${current}"`).join('@9.9.9"');
    expect(next).not.toBe(text);
    fs.writeFileSync(file, next);
  };

  it.each([['cdktf.json'], [SCHEMA_FILE], [path.join('.gen', 'versions.json')]])('a different version in %s names that file', (rel) => {
    bump(rel);
    const problems = pinProblems(readPins(dir));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${rel.replace(/[./]/g, '\\$&')}: keycloak provider 9\\.9\\.9, but toolchain\\.json pins `));
  });

  it('a new version in toolchain.json alone names each file still to change, and how', () => {
    bump('toolchain.json');
    const problems = pinProblems(readPins(dir));
    expect(problems.map((p) => p.split(':')[0])).toEqual(['cdktf.json', SCHEMA_FILE, path.join('.gen', 'versions.json')]);
    expect(problems[0]).toContain('set terraformProviders to ["registry.terraform.io/keycloak/keycloak@9.9.9"]');
    expect(problems[1]).toContain('npm run bindings:schema');
    expect(problems[2]).toContain('npm run bindings');
  });

  it('a missing .gen/ (npm ci was run with --ignore-scripts) says how to generate it', () => {
    fs.rmSync(path.join(dir, '.gen'), { recursive: true });
    const want = readPins(dir)[0].version;
    expect(pinProblems(readPins(dir))).toEqual([
      `${path.join('.gen', 'versions.json')}: names no keycloak provider version (want ${want}); run \`npm run bindings\` to generate the bindings from the committed schema`,
    ]);
  });
});

describe('the generated bindings', () => {
  it('are exactly what the committed schema generates (else: npm run bindings)', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'bindings-'));
    try {
      await generateBindingsInto(fresh);
      const expected = filesUnder(fresh);
      expect(filesUnder(GEN)).toEqual(expected);
      const stale = expected.filter((f) => !fs.readFileSync(path.join(GEN, f)).equals(fs.readFileSync(path.join(fresh, f))));
      expect(stale).toEqual([]);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
    // (a generous limit: generation takes seconds alone, much longer on a loaded 2-core machine;
    // the test is about what is generated, not how fast)
  }, 600_000);

  it('cover the types the code imports and no others (else: npm run bindings:schema)', () => {
    const generated = fs
      .readdirSync(path.join(GEN, 'providers', 'keycloak'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const imported = [...new Set([...importedBindings().keys(), 'provider'])].sort();
    expect(generated).toEqual(imported);
    // The project's constructs do use the bindings (the scan is not looking at the wrong files).
    expect(importedBindings().get('openid-client')).toEqual(expect.arrayContaining([path.join('keycloak', 'customer-client.ts')]));
  });
});
