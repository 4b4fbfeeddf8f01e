/**
 * No partial platform applies. A platform whose objects exist already in Keycloak, outside its
 * state, stops before its first change when someone else made them (named, with the ways
 * out), and adopts them when this project made them (a lost state file): the platform and the
 * customers keep working, and the next plan is empty.
 */
import * as fs from 'fs';
import * as path from 'path';
import { adoptPlatform } from '../../engine/adopt';
import { deploy } from '../../engine/deploy';
import { drift } from '../../engine/drift';
import { claims, describeIntegration, killEngineWhen, planIsEmpty, processesIn, sleep, TestProject } from './support/harness';

const PLATFORM_STATE = 'api-keys-local-platform.tfstate';

describeIntegration('no partial platform applies', () => {
  describe('a platform state lost after a deploy', () => {
    let p: TestProject;
    beforeAll(async () => {
      p = new TestProject('lostplat');
      await deploy({ ...p.ws, part: 'platform' });
      p.setCustomers({ partner: { roles: ['orders:read'] } });
      await deploy({ ...p.ws, part: 'customers' });
    });
    afterAll(async () => {
      await p.deleteRealm();
      p.cleanup();
    });

    it('the next platform deploy adopts everything this project made, instead of failing on the existing realm', async () => {
      // GIVEN the platform's state file is gone (a wiped runner, a deleted file)
      const dir = path.join(p.dir, 'state');
      for (const f of fs.readdirSync(dir)) if (f.startsWith(PLATFORM_STATE)) fs.rmSync(path.join(dir, f));
      const secretBefore = await p.secret('partner');
      // WHEN the platform is deployed again
      await deploy({ ...p.ws, part: 'platform' });
      // THEN its objects are in state again, unchanged, and both stacks plan nothing
      expect(await planIsEmpty({ ...p.ws, part: 'platform' })).toBe(true);
      expect(await drift({ ...p.ws, part: 'platform' }, `${p.dir}/reports`)).toBe(0);
      expect(await planIsEmpty({ ...p.ws, part: 'customers' })).toBe(true);
      // AND the customer's key still works, carrying the API and its role
      const token = claims((await p.token('partner', secretBefore)).body.access_token);
      expect(token.aud).toContain('orders-api');
      expect(token.resource_access['orders-api'].roles).toEqual(['orders:read']);
      // AND the rotation policies made again are the project's, one per grace period
      const policies = await p.admin.get<{ policies: { name: string }[] }>(`/${p.realm}/client-policies/policies`);
      expect(
        policies.policies
          .map((x) => x.name)
          .filter((n) => n.startsWith('api-keys-secret-rotation-'))
          .sort(),
      ).toEqual(['api-keys-secret-rotation-1d', 'api-keys-secret-rotation-30d', 'api-keys-secret-rotation-7d']);
    });
  });

  describe('a platform deploy killed halfway in an existing realm', () => {
    let p: TestProject;
    beforeAll(async () => {
      p = new TestProject('killplat');
      expect((await p.admin.request('POST', '', { realm: p.realm, enabled: true })).status).toBe(201);
      p.write('platform.yaml', p.read('platform.yaml').replace(/^ {2}create: true$/m, '  create: false'));
    });
    afterAll(async () => {
      await p.deleteRealm();
      p.cleanup();
    });

    it('the next deploy completes it, adopting what the killed one made', async () => {
      const dir = path.join(p.dir, 'cdktf.out', 'stacks', 'api-keys-local-platform');
      const run = deploy({ ...p.ws, part: 'platform' }).then(
        () => undefined,
        (e: Error) => e,
      );
      // WHEN the engine is killed as soon as the first identity exists
      const killed = await killEngineWhen(
        dir,
        'apply',
        async () => (await p.admin.findClient(p.realm, 'api-keys-provisioner')) !== undefined,
      );
      const err = await run;
      for (let i = 0; i < 300 && processesIn(dir).length > 0; i++) await sleep(200);
      if (killed) expect(err?.message).toMatch(/apply was interrupted/);
      // THEN a rerun completes the platform instead of failing on what the killed run made
      await deploy({ ...p.ws, part: 'platform' });
      expect(await planIsEmpty({ ...p.ws, part: 'platform' })).toBe(true);
      p.setCustomers({ partner: { roles: ['orders:write'] } });
      await deploy({ ...p.ws, part: 'customers' });
      const token = claims((await p.token('partner', await p.secret('partner'))).body.access_token);
      expect(token.resource_access['orders-api'].roles).toEqual(['orders:write']);
    });
  });

  describe('objects someone else made in an existing realm', () => {
    let p: TestProject;
    beforeAll(async () => {
      p = new TestProject('collide');
      expect((await p.admin.request('POST', '', { realm: p.realm, enabled: true, adminPermissionsEnabled: true })).status).toBe(201);
      p.write('platform.yaml', p.read('platform.yaml').replace(/^ {2}create: true$/m, '  create: false'));
    });
    afterAll(async () => {
      await p.deleteRealm();
      p.cleanup();
    });

    it('stop the platform deploy before its first change, each named with the way out', async () => {
      // GIVEN the company's own backend client named like the API, and a client scope named like the audience scope
      expect((await p.admin.request('POST', `/${p.realm}/clients`, { clientId: 'orders-api', publicClient: false })).status).toBe(201);
      expect(
        (await p.admin.request('POST', `/${p.realm}/client-scopes`, { name: 'orders-api-audience', protocol: 'openid-connect' })).status,
      ).toBe(201);
      // WHEN the platform is deployed
      const run = deploy({ ...p.ws, part: 'platform' });
      // THEN it stops, naming both and how to get out of the way
      await expect(run).rejects.toThrow(/2 object\(s\) this platform would create exist already/);
      await expect(deploy({ ...p.ws, part: 'platform' })).rejects.toThrow(
        /client "orders-api" \(api\/client\): reference it with api\.create: false[\s\S]*client scope "orders-api-audience" \(audience-scope\/scope\): choose another audienceScope\.name[\s\S]*npm run adopt -- --platform/,
      );
      // AND nothing was made: no identity, no grant role
      expect(await p.admin.findClient(p.realm, 'api-keys-provisioner')).toBeUndefined();
      expect((await p.admin.request('GET', `/${p.realm}/roles/orders-api-grant-orders:read`)).status).toBe(404);
    });

    it('adopt --platform imports them; the next platform deploy then completes and its plan is empty', async () => {
      const scope = ((await p.admin.get(`/${p.realm}/client-scopes`)) as { id: string; name: string }[]).find(
        (s) => s.name === 'orders-api-audience',
      )!;
      const { adopted } = await adoptPlatform(p.ws);
      expect(adopted.sort()).toEqual(['api/client', 'audience-scope/scope']);
      // adopting changed nothing in Keycloak
      expect(await p.admin.findClient(p.realm, 'api-keys-provisioner')).toBeUndefined();
      await deploy({ ...p.ws, part: 'platform' });
      expect(await planIsEmpty({ ...p.ws, part: 'platform' })).toBe(true);
      // the adopted scope is the one the company made (kept, not replaced)
      expect(
        ((await p.admin.get(`/${p.realm}/client-scopes`)) as { id: string; name: string }[]).find((s) => s.name === 'orders-api-audience')!
          .id,
      ).toBe(scope.id);
    });
  });
});
