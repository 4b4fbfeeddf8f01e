/**
 * How a customer's construct id is made from its client id, and read back from the names of
 * resources in a synthesized configuration, a plan or a state. The customers stack names each
 * customer's construct with {@link customerConstructId}; the plan summary, adoption and import
 * steps find a customer's resources with the functions below. The id comes from the client id,
 * never from list order: adding or removing a file must not renumber (and so recreate) anyone
 * else's client.
 */

const PREFIX = 'customer-';

/** Construct id, inside a customer's construct, of its OpenID client resource. */
export const CLIENT_RESOURCE_ID = 'client';

/** `acme` -> `customer-acme`: the construct id of a customer's {@link CustomerClient}. */
export function customerConstructId(clientId: string): string {
  return `${PREFIX}${clientId}`;
}

/** `customer-acme` -> `acme`; undefined for a construct id that is not a customer's. */
export function customerOfConstructId(constructId: string): string | undefined {
  return constructId.startsWith(PREFIX) && constructId.length > PREFIX.length ? constructId.slice(PREFIX.length) : undefined;
}

/**
 * A customer resource's client id and its part (the construct id inside the customer, as cdktf
 * writes it), from the resource's name: `customer-acme_client_C59DA64E` -> `{ clientId: 'acme',
 * part: 'client' }`; undefined for a platform resource. cdktf names a resource after its
 * construct path joined with `_` plus a hash, and client ids cannot contain `_`
 * (`CLIENT_ID_PATTERN`), so the first `_` ends the customer's construct id.
 */
export function customerOfResourceName(name: string): { readonly clientId: string; readonly part: string } | undefined {
  const [constructId, part = ''] = name.split('_');
  const clientId = customerOfConstructId(constructId);
  return clientId === undefined ? undefined : { clientId, part };
}
