/**
 * Attribute naming the stack that created an object (clients, roles, the realm). An object
 * that carries its stack's marker but is missing from that stack's state was created by this
 * project (an interrupted deploy, a lost state file) and is adopted automatically; one without
 * it was made by hand or by another tool and is adopted only when asked (`npm run adopt`).
 */
export const MARKER_ATTRIBUTE = 'api-keys.stack';
