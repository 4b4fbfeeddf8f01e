/**
 * The comparison behind `npm run compat:cdktn`: metadata may differ, nothing the engine
 * reads may. Each case changes a copy of the real synthesized example project.
 */
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../config/paths';
import { compareSynthOutputs, describePath } from '../../scripts/synth-diff';
import { buildApp } from '../../stacks/app';
import { CUSTOMERS_STACK, PLATFORM_STACK, removeTempDirs, tempDir, testIdentityKey, testSettings } from './helpers';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { Role } from '../../.gen/providers/keycloak/role';
import { DataKeycloakRealm } from '../../.gen/providers/keycloak/data-keycloak-realm';

afterAll(removeTempDirs);

let reference: string;

beforeAll(() => {
  reference = path.join(tempDir('synth-diff'), 'cdktf.out');
  buildApp({
    root: projectRoot,
    outdir: reference,
    identityKey: testIdentityKey,
    settings: testSettings({ APIKEYS_STATE_DIR: '/state', KEYCLOAK_URL: 'https://keycloak.test' }),
  }).app.synth();
});

/** A copy of the reference output, changed by `edit` (which gets the customers stack's JSON). */
function changedCopy(edit: (doc: any, dir: string) => void): string {
  const dir = path.join(tempDir('synth-diff'), 'cdktf.out');
  fs.cpSync(reference, dir, { recursive: true });
  const file = path.join(dir, 'stacks', CUSTOMERS_STACK, 'cdk.tf.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(doc, dir);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

function aClient(doc: any): string {
  const name = Object.keys(doc.resource[OpenidClient.tfResourceType])[0];
  expect(name).toBeDefined();
  return name;
}

it('finds an unchanged output identical and counts what it compared', () => {
  const result = compareSynthOutputs(
    reference,
    changedCopy(() => undefined),
  );
  expect(result.stacks).toEqual([CUSTOMERS_STACK, PLATFORM_STACK].sort());
  expect(result.differences).toEqual([]);
  expect(result.metadata).toEqual([]);
  expect(result.resources).toBeGreaterThan(10);
  expect(result.dataSources).toBeGreaterThan(0);
});

it('allows a different toolkit version and construct metadata, and says so', () => {
  const candidate = changedCopy((doc, dir) => {
    // Not a real version: the test also runs under cdktn (npm run compat:cdktn).
    doc['//'].metadata.version = '9.9.9';
    doc.resource[OpenidClient.tfResourceType][aClient(doc)]['//'].metadata.uniqueId = 'renamed';
    const manifest = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifest, 'utf8')), version: '9.9.9' }));
  });
  const result = compareSynthOutputs(reference, candidate);
  expect(result.differences).toEqual([]);
  expect(result.metadata).toHaveLength(3);
  expect(result.metadata.join('\n')).toMatch(/metadata \/\/\.metadata\.version: cdktf "\d+\.\d+\.\d+", cdktn "9\.9\.9"/);
  expect(result.metadata.join('\n')).toMatch(/resource keycloak_openid_client\.\S+ metadata \/\/\.metadata\.uniqueId/);
});

it('reports a changed attribute with both values, as a reviewer reads it', () => {
  let client = '';
  const candidate = changedCopy((doc) => {
    client = aClient(doc);
    doc.resource[OpenidClient.tfResourceType][client].access_token_lifespan = '9999';
  });
  const { differences } = compareSynthOutputs(reference, candidate);
  expect(differences).toHaveLength(1);
  expect(differences[0]).toMatch(
    new RegExp(
      `^${CUSTOMERS_STACK}: resource keycloak_openid_client\\.${client} attribute access_token_lifespan differs: cdktf "\\d+", cdktn "9999"$`,
    ),
  );
});

it('reports a resource, a provider setting and a backend setting that only one side has', () => {
  let client = '';
  const candidate = changedCopy((doc) => {
    client = aClient(doc);
    delete doc.resource[OpenidClient.tfResourceType][client];
    doc.provider.keycloak[0].additional_headers = { 'x-test': '1' };
    doc.terraform.backend.local.workspace_dir = '/elsewhere';
  });
  const { differences } = compareSynthOutputs(reference, candidate);
  expect(differences).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`resource keycloak_openid_client\\.${client} is only in the cdktf output`)),
      expect.stringMatching(
        /provider "keycloak" configuration attribute additional_headers is only in the cdktn output \(\{"x-test":"1"\}\)/,
      ),
      expect.stringMatching(/state backend \(local\) attribute workspace_dir is only in the cdktn output/),
    ]),
  );
  expect(differences).toHaveLength(3);
});

it('reports a missing stack and an extra file in a stack directory', () => {
  const candidate = changedCopy((_doc, dir) => {
    fs.writeFileSync(path.join(dir, 'stacks', CUSTOMERS_STACK, 'extra.json'), '{}');
    const manifest = path.join(dir, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    delete m.stacks[PLATFORM_STACK];
    fs.writeFileSync(manifest, JSON.stringify(m));
  });
  const { differences, stacks } = compareSynthOutputs(reference, candidate);
  expect(stacks).toEqual([CUSTOMERS_STACK]);
  expect(differences).toEqual([
    `stack ${PLATFORM_STACK} is only in the cdktf output`,
    `${CUSTOMERS_STACK}: file extra.json is only in the cdktn output`,
  ]);
});

it('names blocks the way a plan does', () => {
  expect(describePath(['data', DataKeycloakRealm.tfResourceType, 'realm', 'id'])).toBe(
    'data source data.keycloak_realm.realm attribute id',
  );
  expect(describePath(['resource', Role.tfResourceType, 'r', 'composite_roles', 0])).toBe(
    'resource keycloak_role.r attribute composite_roles[0]',
  );
  expect(describePath(['terraform', 'required_providers', 'keycloak', 'version'])).toBe('required provider keycloak attribute version');
  expect(describePath(['output', 'x'])).toBe('output x');
});
