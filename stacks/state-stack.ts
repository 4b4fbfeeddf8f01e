import { Construct } from 'constructs';
import { KeycloakStack } from './keycloak-stack';
import { Target } from './target';

/**
 * A stack with a target's provider and state backend and nothing else: the engine reads and
 * writes that state through it (`state pull`, `state push`) without the stack's resources
 * being synthesized, which is what surveying every shard of a large environment and moving
 * customers between shards need (engine/shards/states.ts).
 */
export class StateStack extends KeycloakStack {
  constructor(scope: Construct, id: string, target: Target) {
    super(scope, id, target);
  }
}
