/**
 * OpenTofu state and plan encryption. State and saved plans hold every customer's client
 * secret, so a shared backend must not store them in clear:
 *
 * - `APIKEYS_STATE_PASSPHRASE` (16+ characters): AES-GCM with a PBKDF2 key from the
 *   passphrase, enforced for state and plans;
 * - `TF_ENCRYPTION` set by you (e.g. a KMS key provider): used as is, it wins;
 * - `APIKEYS_ALLOW_UNENCRYPTED_STATE=1`: the explicit opt-out for shared backends.
 *
 * `APIKEYS_STATE_ENCRYPTION_MIGRATE=1` reads an existing unencrypted state once and writes
 * it back encrypted.
 */
import { MIN_PASSPHRASE_LENGTH, Settings } from '../config/settings';
import { literal } from '../keycloak/hcl-literal';
import { Target } from '../stacks/target';
import { UserError } from '../model/problems';

export { MIN_PASSPHRASE_LENGTH };

/** The engine's encryption configuration (HCL) for a passphrase. */
export function passphraseEncryptionConfig(passphrase: string, migrate = false): string {
  const fallback = migrate ? '\n  fallback {\n    method = method.unencrypted.migrate\n  }' : '';
  const block = (name: string) => `${name} {\n  method = method.aes_gcm.apikeys\n  enforced = ${migrate ? 'false' : 'true'}${fallback}\n}`;
  return [
    `key_provider "pbkdf2" "apikeys" {\n  passphrase = ${literal(JSON.stringify(passphrase))}\n}`,
    'method "aes_gcm" "apikeys" {\n  keys = key_provider.pbkdf2.apikeys\n}',
    ...(migrate ? ['method "unencrypted" "migrate" {}'] : []),
    block('state'),
    block('plan'),
  ].join('\n');
}

/**
 * Adds TF_ENCRYPTION for the target to the engine's variables, or refuses an unencrypted
 * shared backend. (A passphrase under 16 characters is refused when the settings are read.)
 */
export function withEncryption(
  env: NodeJS.ProcessEnv,
  settings: Settings,
  target: Pick<Target, 'state' | 'environment'>,
): NodeJS.ProcessEnv {
  const { config, passphrase, migrate, allowUnencrypted } = settings.encryption;
  if (config !== undefined) return env;
  if (passphrase !== undefined) return { ...env, TF_ENCRYPTION: passphraseEncryptionConfig(passphrase, migrate) };
  if (target.state.kind !== 'local' && !allowUnencrypted) {
    throw new UserError(
      `Environment "${target.environment}" keeps its state in ${target.state.kind}, and the state holds every customer's client secret. ` +
        'Set APIKEYS_STATE_PASSPHRASE (16+ characters, from your secret store) or TF_ENCRYPTION (e.g. a KMS key provider), ' +
        'or opt out explicitly with APIKEYS_ALLOW_UNENCRYPTED_STATE=1.',
    );
  }
  return env;
}
