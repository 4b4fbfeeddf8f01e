/**
 * The supported Node.js lines are written in five places; toolchain.json's "node" is the one
 * that .ci/run fetches and tests. The others must name the same lines, and the workflows must
 * run the pinned default line, not whatever LTS is current that day.
 */
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot, toolchain } from '../../config/paths';
import { CDKTN } from '../../scripts/cdktn-compat';

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');
const lines = toolchain.node.lines as Record<string, string>;
const majors = Object.keys(lines);

it('toolchain.json pins one release per line, and its default is one of them', () => {
  expect(majors.length).toBeGreaterThan(0);
  for (const [major, version] of Object.entries(lines)) expect(version).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
  expect(majors).toContain(toolchain.node.default);
});

it('package.json engines allows exactly those lines, from a floor the pinned releases meet', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const ranges = engines.split('||').map((r) => r.trim());
  for (const range of ranges) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
  const floors = ranges.map((r) => r.slice(1).split('.').map(Number));
  expect(floors.map(([major]) => String(major))).toEqual(majors);
  for (const [major, minor] of floors) {
    const [, pinnedMinor] = lines[String(major)].split('.').map(Number);
    expect(pinnedMinor).toBeGreaterThanOrEqual(minor);
  }
  // The floor of the oldest line keeps the move to cdktn open: its CLI needs this much.
  expect(ranges[0]).toBe(`^${CDKTN.minimumNode}`);
  expect((JSON.parse(read('package-lock.json')) as any).packages[''].engines.node).toBe(engines);
});

it('.nvmrc, which the workflows read, pins the default line', () => {
  expect(read('.nvmrc').trim()).toBe(lines[toolchain.node.default]);
  expect(read(path.join('.github', 'actions', 'setup', 'action.yml'))).toContain('node-version-file: .nvmrc');
  for (const file of fs.readdirSync(path.join(projectRoot, '.github', 'workflows')))
    expect({ file, lts: /node-version:\s*['"]?lts/.test(read(path.join('.github', 'workflows', file))) }).toEqual({ file, lts: false });
});

it("the README's prerequisites and docs/node.md name the same lines and releases", () => {
  const prerequisite = read('README.md')
    .split('\n')
    .find((l) => l.startsWith('- Node.js '));
  expect(prerequisite).toBeDefined();
  const named = [...prerequisite!.matchAll(/\b(\d{2})(?:\.\d+)*\b/g)].map((m) => m[1]);
  expect([...new Set(named)]).toEqual(majors);
  const doc = read(path.join('docs', 'node.md'));
  for (const version of Object.values(lines)) expect(doc).toContain(version);
});
