/**
 * Hints declared on a schema itself, for the problems zod's own checks raise (ranges, types),
 * which carry no `params.hint` the way a `.refine(...)` does. Kept in a registry of their own,
 * not in `.meta()`, so that they stay out of the JSON Schemas that editors read.
 */
import { z } from 'zod';

export interface SchemaHints {
  /** The whole hint for a value out of range (too small or too big). @default - "fill in <field>" / "shorten <field>" */
  readonly outOfRange?: string;
  /** How to name the accepted types in "write <field> as ..." when the value has none of them. @default - zod's type names */
  readonly writeAs?: string;
}

export const schemaHints = z.registry<SchemaHints>();
