import { z } from 'zod';
import { retrievalFields } from '../query/query.dto';

export const augmentBodySchema = z.strictObject({
  ...retrievalFields,
  /** Context budget in cl100k_base tokens; DEFAULT_MAX_CONTEXT_TOKENS when unset. */
  maxContextTokens: z.number().int().min(1).max(1_000_000).optional(),
  /** `default`, `jumpstart`, or a name from PROMPT_TEMPLATES. */
  template: z.string().min(1).max(64).optional(),
  /** Ask the configured generator for an answer (GENERATOR must not be `none`). */
  generate: z.boolean().default(false),
  /** Stream the answer as server-sent events; implies `generate`. */
  stream: z.boolean().default(false),
});
export type AugmentBody = z.infer<typeof augmentBodySchema>;
