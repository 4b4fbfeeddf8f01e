/**
 * Client settings shared by every client this project creates (customers, the API, the
 * provisioning identity): none of them is for people, so every browser, password and
 * token-exchange flow is off and no redirect target exists. Written out explicitly so
 * that switching one on in the admin console shows up as drift.
 */
export const NO_LOGIN_FLOWS = {
  standardFlowEnabled: false,
  implicitFlowEnabled: false,
  directAccessGrantsEnabled: false,
  standardTokenExchangeEnabled: false,
  consentRequired: false,
  frontchannelLogoutEnabled: false,
  validRedirectUris: [] as string[],
  validPostLogoutRedirectUris: [] as string[],
  webOrigins: [] as string[],
} as const;

/** Machine clients use the client-credentials grant only: no refresh tokens at all. */
export const NO_REFRESH_TOKENS = {
  useRefreshTokens: false,
  useRefreshTokensClientCredentials: false,
} as const;
