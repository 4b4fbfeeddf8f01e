/**
 * The server check before a platform plan (engine/server-features.ts), over `/admin/serverinfo`
 * answers recorded from real servers (trimmed to version, profile and features):
 * - keycloak-26.4.7-rotation-admin: the local 26.4.7 (`--features=client-secret-rotation`), as the master admin;
 * - keycloak-26.4.7-rotation-provisioner: the same server as the provisioning identity (no systemInfo);
 * - keycloak-26.4.7-defaults-admin, keycloak-26.7.3-defaults-admin: `kc.sh start-dev` with no feature flag.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AdminApi } from '../../engine/admin-api';
import {
  ADMIN_PERMISSIONS_V2,
  checkServerFeatures,
  featuresNeeded,
  judgeServer,
  SECRET_ROTATION,
  serverFacts,
} from '../../engine/server-features';
import { UserError } from '../../model/problems';

const recorded = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'serverinfo', `keycloak-${name}.json`), 'utf8'));

const rotation = { secretRotation: { gracePeriod: '7d', gracePeriods: ['7d'] } } as never;
const where = 'local platform';

describe('what the server says about itself', () => {
  it('reads the version and every feature from an administrator’s answer', () => {
    const facts = serverFacts(recorded('26.4.7-rotation-admin'));
    expect(facts.version).toBe('26.4.7');
    expect(facts.listed).toBe('all');
    expect(facts.features?.get('CLIENT_SECRET_ROTATION')).toBe(true);
    expect(facts.features?.get('ADMIN_FINE_GRAINED_AUTHZ_V2')).toBe(true);
    // the v1 permissions and federated client authentication are off on 26.4.7 (the latter is on by default on 26.7.3)
    expect(facts.features?.get('ADMIN_FINE_GRAINED_AUTHZ')).toBe(false);
    expect(facts.features?.get('CLIENT_AUTH_FEDERATED')).toBe(false);
    expect(serverFacts(recorded('26.7.3-defaults-admin')).features?.get('CLIENT_AUTH_FEDERATED')).toBe(true);
  });

  it('has no version for a pipeline identity on 26.4+, but still the features', () => {
    const facts = serverFacts(recorded('26.4.7-rotation-provisioner'));
    expect(facts.version).toBeUndefined();
    expect(facts.features?.get('CLIENT_SECRET_ROTATION')).toBe(true);
  });

  it('falls back to profileInfo.disabledFeatures, and to nothing', () => {
    const facts = serverFacts({ profileInfo: { disabledFeatures: ['CLIENT_SECRET_ROTATION'] } });
    expect(facts).toEqual({ version: undefined, features: new Map([['CLIENT_SECRET_ROTATION', false]]), listed: 'disabled' });
    expect(serverFacts({})).toEqual({ version: undefined });
    expect(serverFacts(null)).toEqual({ version: undefined });
  });
});

describe('the verdict before a platform plan', () => {
  it('needs admin permissions v2 always, and client-secret-rotation only with secretRotation', () => {
    expect(featuresNeeded({})).toEqual([ADMIN_PERMISSIONS_V2]);
    expect(featuresNeeded(rotation)).toEqual([ADMIN_PERMISSIONS_V2, SECRET_ROTATION]);
  });

  it.each(['26.4.7', '26.7.3'])(
    'refuses secretRotation on a %s started without the preview feature, naming the feature and the flag',
    (v) => {
      const facts = serverFacts(recorded(`${v}-defaults-admin`));
      const verdict = judgeServer(facts, featuresNeeded(rotation), where);
      expect(verdict.errors).toEqual([
        `local platform: platform.yaml secretRotation (a grace period in which the previous secret keeps working) needs Keycloak's feature client-secret-rotation (CLIENT_SECRET_ROTATION), ` +
          `which Keycloak ${v} has off. Start Keycloak with --features=client-secret-rotation (or KC_FEATURES=client-secret-rotation), ` +
          'or remove secretRotation from platform.yaml (a new secret then replaces the old one at once). See docs/keycloak-versions.md.',
      ]);
      // the same server is fine for files without secretRotation
      expect(judgeServer(facts, featuresNeeded({}), where)).toEqual({ errors: [], notes: [] });
    },
  );

  it('accepts secretRotation on the server started with the flag, as the admin and as the provisioner', () => {
    for (const who of ['admin', 'provisioner'])
      expect(judgeServer(serverFacts(recorded(`26.4.7-rotation-${who}`)), featuresNeeded(rotation), where)).toEqual({
        errors: [],
        notes: [],
      });
  });

  it('refuses a server whose admin permissions v2 are disabled, and one that does not know the feature', () => {
    const info = recorded('26.7.3-defaults-admin') as { features: { name: string; enabled: boolean }[] };
    const off = { ...info, features: info.features.map((f) => (f.name === 'ADMIN_FINE_GRAINED_AUTHZ_V2' ? { ...f, enabled: false } : f)) };
    expect(judgeServer(serverFacts(off), featuresNeeded({}), where).errors).toEqual([
      expect.stringContaining(
        "needs Keycloak's feature admin-fine-grained-authz:v2 (ADMIN_FINE_GRAINED_AUTHZ_V2), which Keycloak 26.7.3 has off.",
      ),
    ]);
    const unknown = { ...info, features: info.features.filter((f) => f.name !== 'CLIENT_SECRET_ROTATION') };
    expect(judgeServer(serverFacts(unknown), featuresNeeded(rotation), where).errors).toEqual([
      expect.stringContaining('which Keycloak 26.7.3 does not know. Upgrade Keycloak to a supported version'),
    ]);
  });

  it('refuses a server older than 26 (the provider supports 26.x only), and notes when nothing could be checked', () => {
    expect(judgeServer({ version: '25.0.6' }, [], where).errors).toEqual([
      'local platform: Keycloak 25.0.6 is older than Keycloak 26, which this project and its keycloak provider need (docs/keycloak-versions.md). Upgrade the server.',
    ]);
    expect(judgeServer({}, featuresNeeded(rotation), where)).toEqual({
      errors: [],
      notes: [
        'local platform: this Keycloak server did not say which features it has on (GET /admin/serverinfo); not checked: admin-fine-grained-authz:v2, client-secret-rotation',
      ],
    });
    // only the disabled ones listed: a feature not among them counts as on
    expect(
      judgeServer(serverFacts({ profileInfo: { disabledFeatures: ['TOKEN_EXCHANGE'] } }), featuresNeeded(rotation), where).errors,
    ).toEqual([]);
  });
});

describe('checkServerFeatures', () => {
  const api = (status: number, data: unknown) => ({ serverInfo: async () => ({ status, data }) }) as unknown as AdminApi;

  it('throws a UserError with every missing feature', async () => {
    const err = await checkServerFeatures(api(200, recorded('26.4.7-defaults-admin')), rotation, where).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/--features=client-secret-rotation/);
  });

  it('goes on with a note when serverinfo is refused', async () => {
    expect((await checkServerFeatures(api(403, undefined), rotation, where)).notes).toEqual([
      "local platform: GET /admin/serverinfo answered HTTP 403; the server's features were not checked",
      expect.stringContaining('not checked: admin-fine-grained-authz:v2, client-secret-rotation'),
    ]);
  });
});
