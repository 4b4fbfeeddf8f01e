/** The `credentials` command: what a platform engineer hands to a customer, the secret only when asked. */
import * as fs from 'fs';
import { keycloakEndpoints } from '../model/keycloak-url';
import { UserError } from '../model/problems';
import { IDENTITY_KEY_ALGORITHM } from '../config/identity-keys';
import { identityKeyStore } from '../stacks/app';
import { resolveTarget } from '../stacks/target';
import { log } from '../toolchain/process';
import { AdminApi, adminLogin } from './admin-api';
import { formatUtc } from './lifecycle-report';
import { RunContext } from './steps';
import { describeTarget } from './prepare';
import { validate } from './validate';

/** Keycloak's secret-rotation policy keeps these client attributes (seconds since 1970). */
const SECRET_EXPIRATION_ATTRIBUTE = 'client.secret.expiration.time';
const ROTATED_SECRET_EXPIRATION_ATTRIBUTE = 'client.secret.rotated.expiration.time';

/**
 * When the current secret expires and until when the previous one (after a rotation) still
 * works, from the client's attributes; never the secrets themselves.
 */
export function secretExpiry(attributes: Record<string, unknown>, now = new Date()): Record<string, string> {
  const time = (name: string) => {
    const seconds = Number(attributes[name]);
    return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
  };
  const current = time(SECRET_EXPIRATION_ATTRIBUTE);
  const previous = time(ROTATED_SECRET_EXPIRATION_ATTRIBUTE);
  const out: Record<string, string> = { secret_expires: current ? formatUtc(current) : 'never' };
  if (previous) out.previous_secret_works_until = `${formatUtc(previous)}${previous <= now ? ' (expired)' : ''}`;
  return out;
}

/**
 * What a platform engineer hands to a customer: client id, token endpoint and, only when
 * asked, the secret (printed with `reveal`, or written to a new file readable only by the owner).
 */
export async function credentials(
  ctx: RunContext,
  clientId: string,
  options: { reveal?: boolean; outputFile?: string } = {},
): Promise<Record<string, string | boolean>> {
  const project = validate(ctx);
  // Besides customers, an administrator fetches the provisioning and read-only identities'
  // private keys this way, to put them into the CI secret store.
  const isProvisioner = clientId === project.platform.provisioner.clientId || clientId === project.platform.reader.clientId;
  const customer = project.customers.find((c) => c.clientId === clientId);
  if (!customer && !isProvisioner) {
    throw new UserError(
      `No customer "${clientId}" in customers/. Known: ${project.customers.map((c) => c.clientId).join(', ') || 'none'}.`,
    );
  }
  const environment = project.environments[ctx.environment];
  if (!environment)
    throw new UserError(`Unknown environment "${ctx.environment}" (known: ${Object.keys(project.environments).join(', ')}).`);
  const t = resolveTarget(ctx.environment, environment, project.platform, { settings: ctx.settings, root: ctx.root });
  if (customer && !customer.environments.includes(t.environment)) {
    throw new UserError(
      `Customer "${clientId}" is not deployed to environment "${t.environment}" (its file lists ${customer.environments.join(', ')}).`,
    );
  }
  const tokenEndpoint = keycloakEndpoints(t.keycloakUrl).token(t.realm);
  if (isProvisioner) {
    // A pipeline identity's credential is its private key, which only this machine's key
    // file holds: Keycloak has the public key alone.
    const key = identityKeyStore(ctx.settings, ctx.root).read(t.environment, clientId);
    if (!key)
      throw new UserError(
        `${clientId}: no private key on this machine (${identityKeyStore(ctx.settings, ctx.root).file(t.environment, clientId)}). ` +
          'The platform deploy that made the identity wrote it there; copy it from where you keep it, or give the identity a new key with a platform deploy and APIKEYS_NEW_IDENTITY_KEYS=1.',
      );
    const info: Record<string, string | boolean> = {
      client_id: clientId,
      token_endpoint: tokenEndpoint,
      realm: t.realm,
      grant_type: 'client_credentials',
      client_authentication: 'private_key_jwt',
      alg: IDENTITY_KEY_ALGORITHM,
      kid: key.kid,
      key_file: key.file,
      pipeline_variables: 'KEYCLOAK_CLIENT_ID=<client_id>, KEYCLOAK_JWT_SIGNING_KEY=<private_key>',
    };
    if (options.outputFile) {
      fs.writeFileSync(options.outputFile, JSON.stringify({ ...info, private_key: key.privateKeyPem }, null, 2) + '\n', {
        mode: 0o600,
        flag: 'wx',
      });
      log(
        `credentials: written to ${options.outputFile} (mode 0600); put private_key into the pipeline's secret store, then delete the file`,
      );
    }
    if (options.reveal) info.private_key = key.privateKeyPem;
    return info;
  }
  const auth = customer!.auth;
  if (auth.method === 'federated' && (options.reveal || options.outputFile))
    throw new UserError(
      `Customer "${clientId}" authenticates with its workload's token (auth method federated): it has no secret to reveal or write; leave out --reveal and --output.`,
    );
  const api = new AdminApi(adminLogin(ctx.settings, t));
  const client = await api.findClient(t.realm, clientId);
  if (!client) throw new UserError(`Customer "${clientId}" is not deployed to ${describeTarget(t)} yet; run \`npm run deploy\` first.`);
  const info: Record<string, string | boolean> = {
    client_id: clientId,
    token_endpoint: tokenEndpoint,
    grant_type: 'client_credentials',
    audience: project.platform.api.clientId,
    enabled: client.enabled === true,
    ...(customer?.expires ? { expires: customer.expires } : {}),
    ...(auth.method === 'client-secret' ? secretExpiry(client.attributes ?? {}) : {}),
  };
  if (auth.method === 'federated') {
    // What the customer's workload needs: no secret, a token from its own platform whose
    // audience is exactly this realm's issuer URL, presented once as the client assertion.
    const trusted = project.platform.trustedIssuers[auth.issuer];
    return {
      ...info,
      client_authentication: 'federated (the workload sends a token its own platform issued; there is no secret)',
      trusted_issuer: auth.issuer,
      workload_token_issuer: trusted?.issuer ?? '(not in platform.yaml trustedIssuers)',
      workload_token_subject: auth.subject,
      workload_token_audience: keycloakEndpoints(t.keycloakUrl).realm(t.realm),
      workload_token_rules:
        'the token must carry exactly this one audience (no other), iss and sub as above, a valid signature and exp; each token is accepted only once',
      request: `POST ${tokenEndpoint} with form fields grant_type=client_credentials, client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer, client_assertion=<the workload's token>`,
    };
  }
  if (options.outputFile) {
    const secret = await api.clientSecret(t.realm, client.id as string);
    // wx: never overwrite an existing file; 0600: readable by the owner only.
    fs.writeFileSync(options.outputFile, JSON.stringify({ ...info, client_secret: secret }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    log(`credentials: written to ${options.outputFile} (mode 0600); hand it over through a channel you trust, then delete it`);
  }
  if (options.reveal) info.client_secret = await api.clientSecret(t.realm, client.id as string);
  return info;
}
