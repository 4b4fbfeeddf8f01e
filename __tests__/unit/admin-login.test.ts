/**
 * The admin API (fast checks, adoption, credentials, usage) logs in where the engine's
 * provider logs in: `KEYCLOAK_REALM` when set, else the environment's `loginRealm`.
 */
import { adminLogin } from '../../engine/admin-api';
import { readSettings } from '../../config/settings';

const remote = { local: false, environment: 'prod', keycloakUrl: 'https://sso.example.com' };
const serviceAccount = { KEYCLOAK_CLIENT_ID: 'api-keys-reader', KEYCLOAK_CLIENT_SECRET: 'a-secret-of-the-reader' };

describe('adminLogin', () => {
  it("logs in to the environment's loginRealm when KEYCLOAK_REALM is not set", () => {
    const login = adminLogin(readSettings(serviceAccount), { ...remote, loginRealm: 'partners' });
    expect(login).toMatchObject({ url: 'https://sso.example.com', loginRealm: 'partners', clientId: 'api-keys-reader' });
  });

  it('KEYCLOAK_REALM wins over the environment, as it does for the provider', () => {
    const login = adminLogin(readSettings({ ...serviceAccount, KEYCLOAK_REALM: 'ops' }), { ...remote, loginRealm: 'partners' });
    expect(login.loginRealm).toBe('ops');
  });

  it('master when neither says otherwise', () => {
    expect(adminLogin(readSettings(serviceAccount), remote).loginRealm).toBe('master');
  });
});
