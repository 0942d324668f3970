import { z } from 'zod';

/**
 * A record whose key count is checked before any entry is: a body with 100,000 keys is refused
 * at the count, instead of validating every entry first.
 */
export function boundedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(
  key: K,
  value: V,
  maxKeys: number,
  noun = 'keys',
) {
  return z
    .unknown()
    .refine(
      (input) =>
        typeof input !== 'object' || input === null || Object.keys(input).length <= maxKeys,
      `at most ${maxKeys} ${noun}`,
    )
    .pipe(z.record(key, value));
}
