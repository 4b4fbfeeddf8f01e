/**
 * environments.yaml: each environment is its own pair of stacks (platform and customers),
 * each with its own state; customer files may limit themselves to some environments. One
 * test per rule. (How the two stacks of one environment split their state: stacks.test.ts.)
 */
import * as path from 'path';
import { removeTempDirs, resourcesOf, synthApp, SynthJson, tempDir, TestProject, VALID_CUSTOMER } from './helpers';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { Realm } from '../../.gen/providers/keycloak/realm';
import { DataKeycloakOpenidClient } from '../../.gen/providers/keycloak/data-keycloak-openid-client';
import { DataKeycloakRole } from '../../.gen/providers/keycloak/data-keycloak-role';

afterAll(removeTempDirs);

const ENVIRONMENTS = {
  dev: { keycloak: 'https://dev.sso.test', state: { local: {} } },
  staging: {
    keycloak: 'https://staging.sso.test',
    realm: 'partners-staging',
    state: { pg: { connStr: 'postgres://terraform@db.test/terraform?sslmode=disable' } },
  },
  prod: {
    keycloak: 'https://sso.test',
    state: {
      s3: { bucket: 'state-bucket', key: 'api-keys/prod.tfstate', region: 'eu-central-1', endpoint: 'https://s3.test', usePathStyle: true },
    },
  },
};

/** Synthesizes every environment and returns stack name -> cdk.tf.json. */
function synthAll(p: TestProject): Record<string, SynthJson> {
  const outdir = tempDir('envs');
  return synthApp({ root: p.root, outdir, env: { APIKEYS_STATE_DIR: path.join(outdir, 'state') } });
}

const clientIds = (json: SynthJson) =>
  Object.values(resourcesOf(json, OpenidClient.tfResourceType))
    .map((c) => c.client_id)
    .sort();

describe('without environments.yaml', () => {
  it('has one environment, local, and every customer is in it', () => {
    // GIVEN no environments file WHEN loaded THEN there is a single local environment
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } });
    const project = p.load();
    expect(Object.keys(project.environments)).toEqual(['local']);
    expect(project.customers[0].environments).toEqual(['local']);
  });
});

describe('with environments', () => {
  it('synthesizes two stacks per environment, each with its own state backend', () => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } }).write('environments.yaml', ENVIRONMENTS);
    const stacks = synthAll(p);
    expect(Object.keys(stacks).sort()).toEqual([
      'api-keys-dev',
      'api-keys-dev-platform',
      'api-keys-prod',
      'api-keys-prod-platform',
      'api-keys-staging',
      'api-keys-staging-platform',
    ]);
    expect(stacks['api-keys-dev'].terraform.backend.local.path).toMatch(/\/api-keys-dev\.tfstate$/);
    expect(stacks['api-keys-dev-platform'].terraform.backend.local.path).toMatch(/\/api-keys-dev-platform\.tfstate$/);
    expect(stacks['api-keys-staging'].terraform.backend.pg).toEqual({
      conn_str: 'postgres://terraform@db.test/terraform?sslmode=disable',
      schema_name: 'api_keys_staging',
    });
    expect(stacks['api-keys-staging-platform'].terraform.backend.pg).toEqual({
      conn_str: 'postgres://terraform@db.test/terraform?sslmode=disable',
      schema_name: 'api_keys_staging_platform',
    });
    expect(stacks['api-keys-prod'].terraform.backend.s3).toMatchObject({
      bucket: 'state-bucket',
      key: 'api-keys/prod.tfstate',
      use_lockfile: true,
      encrypt: true,
      use_path_style: true,
    });
    expect(stacks['api-keys-prod-platform'].terraform.backend.s3).toMatchObject({
      bucket: 'state-bucket',
      key: 'api-keys/prod-platform.tfstate',
      use_lockfile: true,
      encrypt: true,
      use_path_style: true,
    });
    // both stacks of an environment talk to its Keycloak
    expect(stacks['api-keys-staging'].provider.keycloak[0].url).toBe('https://staging.sso.test');
    expect(stacks['api-keys-staging-platform'].provider.keycloak[0].url).toBe('https://staging.sso.test');
    // the environment's realm: created by the platform stack, named by the customers stack
    expect(Object.values(resourcesOf(stacks['api-keys-staging-platform'], Realm.tfResourceType)).map((r) => r.realm)).toEqual([
      'partners-staging',
    ]);
    expect(Object.values(resourcesOf(stacks['api-keys-staging'], OpenidClient.tfResourceType)).map((c) => c.realm_id)).toEqual([
      'partners-staging',
    ]);
    // (what it reads, the grant roles, in that realm too)
    const grants = Object.values(stacks['api-keys-staging'].data?.[DataKeycloakRole.tfResourceType] ?? {});
    expect(grants.length).toBeGreaterThan(0);
    expect([...new Set(grants.map((r) => r.realm_id))]).toEqual(['partners-staging']);
    expect(stacks['api-keys-staging'].data?.[DataKeycloakOpenidClient.tfResourceType]).toBeUndefined();
    expect(Object.values(resourcesOf(stacks['api-keys-dev-platform'], Realm.tfResourceType)).map((r) => r.realm)).toEqual(['partners']);
  });

  it('deploys an environment-limited customer only where its file says', () => {
    // GIVEN one customer everywhere and one limited to staging
    const p = new TestProject({
      customers: { 'everywhere.yaml': VALID_CUSTOMER, 'staging-only.yaml': `${VALID_CUSTOMER}environments: [staging]\n` },
    }).write('environments.yaml', ENVIRONMENTS);
    // WHEN synthesized THEN the limited one is only in the staging customers stack
    const stacks = synthAll(p);
    expect(clientIds(stacks['api-keys-staging'])).toEqual(['everywhere', 'staging-only']);
    expect(clientIds(stacks['api-keys-dev'])).toEqual(['everywhere']);
    expect(clientIds(stacks['api-keys-prod'])).toEqual(['everywhere']);
    expect(stacks['api-keys-staging'].output?.customer_client_ids.value).toEqual(['everywhere', 'staging-only']);
    // AND no platform stack holds a customer
    for (const env of ['dev', 'staging', 'prod'])
      expect(clientIds(stacks[`api-keys-${env}-platform`])).toEqual(['api-keys-provisioner', 'api-keys-reader', 'orders-api']);
  });

  it('rejects an unknown environment in a customer file, with a suggestion', () => {
    const p = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}environments: [stagin]\n` } }).write(
      'environments.yaml',
      ENVIRONMENTS,
    );
    expect(p.problems()).toEqual([
      'customers/acme.yaml: environments[0]: unknown environment "stagin" (did you mean "staging"? known: dev, staging, prod (environments.yaml))',
    ]);
  });

  it('rejects an environment listed twice', () => {
    const p = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}environments: [dev, dev]\n` } }).write(
      'environments.yaml',
      ENVIRONMENTS,
    );
    expect(p.problems()).toEqual(['customers/acme.yaml: environments[1]: environment "dev" is listed twice (remove the duplicate)']);
  });

  it('rejects an empty environments list in a customer file', () => {
    const p = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}environments: []\n` } }).write(
      'environments.yaml',
      ENVIRONMENTS,
    );
    expect(p.problems()).toEqual(['customers/acme.yaml: environments: must not be empty (fill in environments)']);
  });

  it('rejects a password in a pg connection string', () => {
    const p = new TestProject().write('environments.yaml', {
      prod: { keycloak: 'https://sso.test', state: { pg: { connStr: 'postgres://terraform:hunter2@db.test/terraform' } } },
    });
    expect(p.problems()).toEqual([
      'environments.yaml: prod.state.pg.connStr: contains a password (remove it from the URL and pass it to the pipeline as PGPASSWORD from its secret store)',
    ]);
  });

  it('rejects a bad environment name and a bad Keycloak URL', () => {
    const p = new TestProject().write('environments.yaml', { Prod: { keycloak: 'https://sso.test' }, dev: { keycloak: 'sso.test' } });
    expect(p.problems().sort()).toEqual([
      'environments.yaml: Prod: invalid name "Prod": must be 1-31 lowercase letters, digits or "-", starting with a letter (rename "Prod")',
      'environments.yaml: dev.keycloak: must be "local" or an http(s) URL (e.g. https://sso.example.com, or https://sso.example.com/auth for a server under /auth; never a /realms/... endpoint)',
    ]);
  });
});

describe('names that would make two stacks share state', () => {
  it("rejects an environment named like another environment's platform stack", () => {
    const p = new TestProject().write('environments.yaml', {
      prod: { keycloak: 'https://sso.test' },
      'prod-platform': { keycloak: 'https://sso.test' },
    });
    expect(p.problems()).toEqual([
      'environments.yaml: prod-platform: invalid name "prod-platform": must not end in "-platform" (that names the platform stack of another environment) (rename "prod-platform")',
    ]);
  });

  it('rejects a pg schema name too long to take the "_platform" suffix', () => {
    const p = new TestProject().write('environments.yaml', {
      prod: { keycloak: 'https://sso.test', state: { pg: { connStr: 'postgres://tf@db.test/tf', schemaName: 'a'.repeat(55) } } },
    });
    expect(p.problems()).toEqual([
      `environments.yaml: prod.state.pg.schemaName: "${'a'.repeat(55)}" must be 1-54 lowercase letters, digits or "_" (the platform stack adds "_platform"; PostgreSQL keeps 63) (fix prod.state.pg.schemaName)`,
    ]);
  });
});
