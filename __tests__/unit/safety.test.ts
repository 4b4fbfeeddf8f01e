/**
 * Issue 10 without a server: the blast-radius guard's arithmetic and messages, which
 * clients are adopted and which stop a plan, the import block an adoption synthesizes, the
 * summary of an adopting plan, what KEYCLOAK_URL may change, and how a failed engine run is
 * described. The same paths run end to end in __tests__/integration/recovery.test.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkEmptyEnvironments } from '../../engine/validate';
import { customersInState, foreignClients, loginClients, reconcile, rotationConflicts, unmarkedError } from '../../engine/adoption';
import { confirmedRemovals, enforceNotEmpty, enforceRemoval, judgeRemoval, removalNotice } from '../../engine/removal-guard';
import { oneLine, summarizePlan, toMarkdown } from '../../engine/plan-summary';
import { UserError } from '../../model/problems';
import { engineFailure, engineTimeoutSeconds } from '../../engine/steps';
import { buildApp } from '../../stacks/app';
import { resolveTarget } from '../../stacks/target';
import { localUrl } from '../../config/local-keycloak';
import { DEFAULT_ENVIRONMENTS } from '../../model/environments';
import {
  CUSTOMERS_STACK,
  PLATFORM,
  removeTempDirs,
  synthApp,
  tempDir,
  TestProject,
  testIdentityKey,
  testSettings,
  VALID_CUSTOMER,
} from './helpers';
import { OpenidClient } from '../../.gen/providers/keycloak/openid-client';
import { UserRoles } from '../../.gen/providers/keycloak/user-roles';

afterAll(removeTempDirs);

const LIMITS = { maxCount: 5, maxShare: 0.2 };

describe('blast-radius guard', () => {
  it('lets one removal through even in a tiny environment, and a few within both limits', () => {
    expect(judgeRemoval(1, 3, LIMITS, undefined).large).toBe(false);
    expect(judgeRemoval(2, 100, LIMITS, undefined).large).toBe(false);
    expect(judgeRemoval(0, 0, LIMITS, undefined).large).toBe(false);
  });

  it('counts as large: more than maxCount, more than maxShare, or every customer', () => {
    expect(judgeRemoval(6, 1000, LIMITS, undefined)).toMatchObject({ large: true, reason: expect.stringContaining('maxCount (5)') });
    expect(judgeRemoval(3, 10, LIMITS, undefined)).toMatchObject({ large: true, reason: expect.stringContaining('maxShare (20% of 10)') });
    expect(judgeRemoval(3, 3, LIMITS, undefined)).toMatchObject({ large: true, reason: 'every customer in state (3)' });
  });

  it('is confirmed only by exactly the number removed', () => {
    expect(judgeRemoval(175, 175, LIMITS, 175).confirmed).toBe(true);
    expect(judgeRemoval(175, 175, LIMITS, 170).confirmed).toBe(false);
    const v = judgeRemoval(175, 175, LIMITS, 170);
    expect(() => enforceRemoval(v, 'local customers', 170)).toThrow(
      /--confirm-removal 170 was given, but the plan removes 175.*rerun with --confirm-removal 175/s,
    );
    expect(() => enforceRemoval(judgeRemoval(175, 175, LIMITS, 175), 'local customers', 175)).not.toThrow();
    expect(() => enforceRemoval(judgeRemoval(1, 3, LIMITS, undefined), 'local customers', undefined)).not.toThrow();
  });

  it('says so in bold in the plan summary, confirmed or not', () => {
    expect(removalNotice(judgeRemoval(7, 20, LIMITS, undefined))).toMatch(
      /^\*\*This plan removes 7 of 20 customers .*only with `--confirm-removal 7`.*\*\*$/,
    );
    expect(removalNotice(judgeRemoval(7, 20, LIMITS, 7))).toMatch(/^\*\*.*confirmed with `--confirm-removal 7`.*\*\*$/);
    expect(removalNotice(judgeRemoval(1, 20, LIMITS, undefined))).toBeUndefined();
    const md = toMarkdown(summarizePlan({ resource_changes: [] }, []), 'Plan', { notices: ['**This plan removes 7 of 20 customers**'] });
    expect(md.split('\n')[2]).toBe('**This plan removes 7 of 20 customers**');
  });

  it('refuses zero customer files against a state that holds customers, unless confirmed with that count', () => {
    expect(() => enforceNotEmpty(0, ['a', 'b', 'c'], 'local customers', undefined)).toThrow(
      /no customer file targets this environment, but its state holds 3 customer\(s\) \(a, b, c\).*--confirm-removal 3/s,
    );
    expect(() => enforceNotEmpty(0, ['a', 'b', 'c'], 'local customers', 3)).not.toThrow();
    expect(() => enforceNotEmpty(0, [], 'local customers', undefined)).not.toThrow();
    expect(() => enforceNotEmpty(1, ['a', 'b'], 'local customers', undefined)).not.toThrow();
  });

  it('validate refuses an empty customers/ when the local state holds customers, naming the state and the count', () => {
    const p = new TestProject({ customers: null });
    const stateDir = tempDir('state');
    const env = { settings: testSettings({ APIKEYS_STATE_DIR: stateDir }), root: p.root };
    expect(checkEmptyEnvironments(p.load(), env)).toEqual([]);
    const resource = (type: string, name: string) => ({ mode: 'managed', type, name, instances: [] });
    fs.writeFileSync(
      path.join(stateDir, `${CUSTOMERS_STACK}.tfstate`),
      JSON.stringify({
        version: 4,
        resources: [
          resource(OpenidClient.tfResourceType, 'customer-acme_client_1'),
          resource(UserRoles.tfResourceType, 'customer-acme_service-account-roles_2'),
          resource(OpenidClient.tfResourceType, 'customer-bravo_client_3'),
        ],
      }),
    );
    expect(() => checkEmptyEnvironments(p.load(), env)).toThrow(
      /environment "local" \(.*api-keys-local\.tfstate\): no customer file targets this environment, but its state holds 2 customer\(s\) \(acme, bravo\)/,
    );
    p.customer('acme.yaml', VALID_CUSTOMER);
    expect(checkEmptyEnvironments(p.load(), env)).toEqual([]);
  });

  it('takes the confirmation from the flag, else APIKEYS_CONFIRM_REMOVAL, and rejects anything but a count', () => {
    const fromEnv = testSettings({ APIKEYS_CONFIRM_REMOVAL: '4' }).engine.confirmRemoval;
    expect(confirmedRemovals('12', fromEnv)).toBe(12);
    expect(confirmedRemovals(undefined, fromEnv)).toBe(4);
    expect(confirmedRemovals(undefined, testSettings().engine.confirmRemoval)).toBeUndefined();
    expect(() => confirmedRemovals('all')).toThrow(/--confirm-removal=all: expected the number of customers/);
    expect(() => testSettings({ APIKEYS_CONFIRM_REMOVAL: 'yes' })).toThrow(/APIKEYS_CONFIRM_REMOVAL=yes/);
  });

  it('reads its limits from platform.yaml, with conservative defaults, and rejects a share above 1', () => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } });
    expect(p.load().platform.removalGuard).toEqual({ maxCount: 5, maxShare: 0.2 });
    const custom = new TestProject({ platform: { ...PLATFORM, removalGuard: { maxCount: 50 } }, customers: {} });
    expect(custom.load().platform.removalGuard).toEqual({ maxCount: 50, maxShare: 0.2 });
    const bad = new TestProject({ platform: { ...PLATFORM, removalGuard: { maxShare: 2 } }, customers: {} });
    expect(bad.problems().join('\n')).toMatch(/platform\.yaml: removalGuard\.maxShare/);
  });
});

describe('adoption: which clients are adopted, which stop the plan', () => {
  const STACK = 'api-keys-local';

  it('reads customer client ids from state addresses, ignoring their other resources', () => {
    expect(
      customersInState([
        'data.keycloak_openid_client.api_client_1',
        'keycloak_openid_client.customer-acme_client_C59DA64E',
        'keycloak_user_roles.customer-acme_service-account-roles_1',
        'keycloak_openid_client.customer-new-01_client_AB',
      ]),
    ).toEqual(['acme', 'new-01']);
  });

  it('adopts marked clients missing from state, stops on unmarked ones, reports marked ones without a file', () => {
    const r = reconcile(
      ['acme', 'orphan', 'handmade', 'other-stack', 'brand-new'],
      ['acme'],
      [
        { clientId: 'acme', id: 'u-acme', marker: STACK },
        { clientId: 'orphan', id: 'u-orphan', marker: STACK },
        { clientId: 'handmade', id: 'u-hand' },
        { clientId: 'other-stack', id: 'u-other', marker: 'api-keys-staging' },
        { clientId: 'left-behind', id: 'u-left', marker: STACK },
        { clientId: 'account', id: 'u-account' },
      ],
      STACK,
    );
    expect(r.adopt).toEqual([{ clientId: 'orphan', uuid: 'u-orphan' }]);
    expect(r.unmarked).toEqual([{ clientId: 'handmade' }, { clientId: 'other-stack', marker: 'api-keys-staging' }]);
    expect(r.unmanaged).toEqual(['left-behind']);
  });

  it('names each unmarked client and the command that adopts them', () => {
    const err = unmarkedError([{ clientId: 'handmade' }, { clientId: 'x-1', marker: 'api-keys-prod' }], 'local customers', 'local');
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain('handmade: exists in Keycloak, not created by this project (no marker)');
    expect(err.message).toContain('x-1: exists in Keycloak, managed by another stack ("api-keys-prod")');
    expect(err.message).toContain('npm run adopt -- handmade\n');
    expect(err.message).toContain('npm run adopt -- --all');
    expect(err.message).toContain('x-1: another stack manages them in this realm; two stacks must not manage one client');
    expect(foreignClients(['x-1', 'handmade'], [{ clientId: 'handmade' }, { clientId: 'x-1', marker: 'api-keys-prod' }])?.message).toMatch(
      /^x-1: managed by another stack \("api-keys-prod"\); adopting it here would make two stacks manage one client/,
    );
    expect(foreignClients(['handmade'], [{ clientId: 'handmade' }])).toBeUndefined();
    expect(unmarkedError([{ clientId: 'a-1' }], 'w', 'prod').message).toContain('npm run adopt -- --env prod a-1');
  });

  it('never offers a login client for adoption, and refuses to adopt one, naming why people log in through it', () => {
    const login = { clientId: 'frontend', login: 'it is a public client' };
    const r = reconcile(['frontend'], [], [{ clientId: 'frontend', id: 'u-front', login: 'it is a public client' }], STACK);
    expect(r.unmarked).toEqual([login]);
    const err = unmarkedError([login, { clientId: 'handmade' }], 'local customers', 'local');
    expect(err.message).toContain(
      'frontend: exists in Keycloak and is a client people log in through (it is a public client); customers/frontend.yaml must not take it over: rename the customer file',
    );
    // adoption is offered for the machine client only
    expect(err.message).toContain('npm run adopt -- handmade\n');
    expect(err.message).not.toContain('adopt -- frontend');
    expect(unmarkedError([login], 'w', 'local').message).not.toContain('npm run adopt');
    expect(loginClients(['frontend'], [login])?.message).toMatch(
      /^frontend: a client people log in through \(it is a public client\).*Rename customers\/frontend\.yaml/,
    );
    expect(loginClients(['handmade'], [login, { clientId: 'handmade' }])).toBeUndefined();
  });

  it('refuses to adopt a client whose file sets secretRotation (that would replace its secret), naming file and field', () => {
    const customers = new TestProject({
      customers: { 'acme.yaml': `${VALID_CUSTOMER}secretRotation: "2026-12"\n`, 'bravo.yaml': VALID_CUSTOMER },
    }).load().customers;
    expect(rotationConflicts(['bravo'], customers)).toBeUndefined();
    expect(rotationConflicts(['acme', 'bravo'], customers)?.message).toMatch(
      /^customers\/acme\.yaml: secretRotation: .*Remove secretRotation/,
    );
  });

  it('synthesizes an import block for the client only, never a secret', () => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER, 'bravo.yaml': VALID_CUSTOMER } });
    const stacks = synthApp({
      root: p.root,
      environments: ['local'],
      parts: ['customers'],
      adopt: new Map([['acme', 'partners/1234-uuid']]),
    });
    const json = stacks[CUSTOMERS_STACK] as any;
    expect(json.import).toEqual([
      { id: 'partners/1234-uuid', to: expect.stringMatching(/^keycloak_openid_client\.customer-acme_client_/) },
    ]);
    const acme = Object.entries(json.resource[OpenidClient.tfResourceType]).find(([name]) => name.startsWith('customer-acme_'))![1] as any;
    expect(acme.client_secret).toBeUndefined();
    expect(acme.extra_config['api-keys.stack']).toBe(CUSTOMERS_STACK);
  });

  it('summarizes an importing plan as "adopted (was missing from state)", not as added', () => {
    const change = (address: string, actions: string[], importing = false) => ({
      address,
      mode: 'managed',
      type: address.split('.')[0],
      name: address.split('.')[1],
      change: { actions, before: {}, after: {}, after_unknown: {}, ...(importing ? { importing: { id: 'r/u' } } : {}) },
    });
    const s = summarizePlan(
      {
        resource_changes: [
          change('keycloak_openid_client.customer-orphan_client_A', ['no-op'], true),
          change('keycloak_openid_client_default_scopes.customer-orphan_default-scopes_B', ['create']),
          change('keycloak_openid_client.customer-new_client_C', ['create']),
        ],
      },
      ['new', 'orphan', 'same'],
    );
    expect(s.customers.adopted).toEqual(['orphan']);
    expect(s.customers.added.map((g) => g.name)).toEqual(['new']);
    expect(s.customers.unchanged).toEqual(['same']);
    expect(oneLine(s)).toContain('1 adopted (was missing from state)');
    expect(toMarkdown(s, 't')).toContain(
      '- Adopted (was missing from state): orphan (existing clients imported with their secrets unchanged)',
    );
  });
});

describe('KEYCLOAK_URL never moves state', () => {
  const platform = new TestProject({ customers: {} }).load().platform;
  const inputs = (env: NodeJS.ProcessEnv) => ({ settings: testSettings(env), root: '/project' });

  it('keeps the local environment local (state beside the local Keycloak) when it names the local server', () => {
    const plain = resolveTarget('local', DEFAULT_ENVIRONMENTS.local, platform, inputs({}));
    const same = resolveTarget('local', DEFAULT_ENVIRONMENTS.local, platform, inputs({ KEYCLOAK_URL: `${localUrl()}/` }));
    expect(same).toEqual(plain);
    expect(same.local).toBe(true);
  });

  it('is an error naming both servers when it contradicts the environment', () => {
    expect(() => resolveTarget('local', DEFAULT_ENVIRONMENTS.local, platform, inputs({ KEYCLOAK_URL: 'http://127.0.0.1:9' }))).toThrow(
      /KEYCLOAK_URL=http:\/\/127\.0\.0\.1:9 contradicts environment "local", whose Keycloak is the local one \(http:\/\/127\.0\.0\.1:\d+\).*add an environment/,
    );
    const prod = { keycloak: 'https://sso.example.com', loginRealm: 'master', state: { local: {} } } as const;
    expect(() => resolveTarget('prod', prod, platform, inputs({ KEYCLOAK_URL: 'https://other.example.com' }))).toThrow(
      /contradicts environment "prod", whose Keycloak is https:\/\/sso\.example\.com/,
    );
    expect(resolveTarget('prod', prod, platform, inputs({ KEYCLOAK_URL: 'https://sso.example.com/' })).keycloakUrl).toBe(
      'https://sso.example.com',
    );
  });

  it('may name another server when the state directory is explicit', () => {
    const t = resolveTarget(
      'local',
      DEFAULT_ENVIRONMENTS.local,
      platform,
      inputs({
        KEYCLOAK_URL: 'https://keycloak.test',
        APIKEYS_STATE_DIR: '/tmp/s',
      }),
    );
    expect(t).toMatchObject({
      keycloakUrl: 'https://keycloak.test',
      local: false,
      state: { kind: 'local', path: '/tmp/s/api-keys-local.tfstate' },
    });
  });

  it('reaches the commands through buildApp as the same error', () => {
    const p = new TestProject({ customers: {} });
    expect(() =>
      buildApp({ root: p.root, settings: testSettings({ KEYCLOAK_URL: 'http://elsewhere:8080' }), identityKey: testIdentityKey }),
    ).toThrow(/contradicts environment "local"/);
  });
});

describe('engine failures in plain words', () => {
  it('a signal-killed engine is interrupted, and rerunning deploy is the way out', () => {
    const e = engineFailure('tofu apply', '/x', { code: 1, signal: 'SIGKILL', output: '' });
    expect(e.message).toBe(
      'tofu apply was interrupted (killed by SIGKILL) in /x. Rerun deploy: it adopts what the interrupted run created.',
    );
    expect(e.message).not.toMatch(/exit code 128/);
    expect(engineFailure('tofu plan', '/x', { code: 1, signal: 'SIGTERM', output: '' }).message).toBe(
      'tofu plan was interrupted (killed by SIGTERM) in /x. Nothing was changed; rerun the command.',
    );
  });

  it('a customers plan before the platform has its role scopes says to deploy the platform first', () => {
    // GIVEN the provider's words for a client scope that a data source cannot find
    const e = engineFailure('tofu plan', '/x', {
      code: 1,
      output: 'Error: expected provided client scope name to match 1 scope, but matched 0 scopes\n',
    });
    expect(e.message).toMatch(
      /^tofu plan: a client scope the customers stack reads .* is not in the realm\. Deploy the platform part first/,
    );
    expect(e.message).toContain('Error: expected provided client scope name');
  });

  it('a lost race for the state lock says another deploy ran meanwhile', () => {
    const e = engineFailure('tofu apply', '/x', {
      code: 1,
      output: 'Error: Saved plan is stale\n\nThe given plan file can no longer be applied',
    });
    expect(e.message).toMatch(
      /^tofu apply: the plan is stale: another deploy changed the state after this plan was made .*nothing was applied/,
    );
  });

  it('a plan made against a state that was lost since says so', () => {
    const e = engineFailure('tofu apply', '/x', {
      code: 1,
      output: 'The given plan file can not be applied because it was created from a\ndifferent state lineage.',
    });
    expect(e.message).toMatch(
      /^tofu apply: the plan was made against another state \(the state was lost or replaced since\); nothing was applied/,
    );
  });

  it('a timeout names the budget and both settings', () => {
    expect(engineFailure('tofu plan', '/x', { code: 1, timedOut: 42, output: '' }).message).toMatch(
      /did not finish within 42 s.*KEYCLOAK_CLIENT_TIMEOUT.*APIKEYS_ENGINE_TIMEOUT/,
    );
  });

  it('budgets the run from the client timeout and the number of resources, or APIKEYS_ENGINE_TIMEOUT', () => {
    expect(engineTimeoutSeconds(testSettings(), 15)).toBe(120 + 180 + 15);
    expect(engineTimeoutSeconds(testSettings({ KEYCLOAK_CLIENT_TIMEOUT: '10' }), 5000)).toBe(120 + 30 + 5000);
    expect(engineTimeoutSeconds(testSettings({ APIKEYS_ENGINE_TIMEOUT: '20' }), 5000)).toBe(20);
    expect(() => testSettings({ APIKEYS_ENGINE_TIMEOUT: 'soon' })).toThrow(
      /APIKEYS_ENGINE_TIMEOUT=soon is not usable: expected a positive number of seconds/,
    );
  });
});

describe('customers/ holding something that is not a file', () => {
  it('calls a FIFO what it is, not a directory', () => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } });
    execFileSync('mkfifo', [p.path('customers/pipe.yaml')]);
    expect(p.problems()).toEqual([
      expect.stringMatching(/^customers\/pipe\.yaml: \(file\): is not a regular file \(a FIFO, socket or device\), not a customer file/),
    ]);
  });
});
