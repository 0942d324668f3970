/** A metadata value every store can filter on. */
export type FrontMatterValue = string | number | boolean;
export type FrontMatterData = Record<string, FrontMatterValue>;

/**
 * The bounds of the document metadata schema (`metadataSchema` in libs/events). Mirrored here,
 * not imported, so that chunking depends on nothing; front-matter.spec.ts checks a maximal
 * result against that schema, so a change there fails here.
 */
export const FRONT_MATTER_LIMITS = {
  keys: 64,
  keyChars: 64,
  valueChars: 2048,
  /** Bytes of the whole record as JSON. */
  bytes: 16 * 1024,
} as const;

/**
 * Metadata from parsed YAML: scalars kept (finite numbers only), Dates as ISO strings, arrays of
 * scalars joined with ", ", everything else (objects, nulls, mixed arrays, binary) dropped. Keys
 * are sanitised to the schema's pattern; the first of two keys that sanitise alike wins. Entries
 * that would exceed the key count or the JSON byte budget are left out, in document order.
 */
export function flattenFrontMatter(data: Record<string, unknown>): FrontMatterData {
  const entries: Array<[string, FrontMatterValue]> = [];
  const seen = new Set<string>();
  let bytes = 2; // the braces
  for (const [rawKey, rawValue] of Object.entries(data)) {
    if (entries.length >= FRONT_MATTER_LIMITS.keys) break;
    const key = sanitiseKey(rawKey);
    const value = flattenValue(rawValue);
    if (value === undefined || seen.has(key)) continue;
    const entryBytes =
      Buffer.byteLength(`${JSON.stringify(key)}:${JSON.stringify(value)}`) +
      (entries.length > 0 ? 1 : 0);
    if (bytes + entryBytes > FRONT_MATTER_LIMITS.bytes) continue;
    bytes += entryBytes;
    seen.add(key);
    entries.push([key, value]);
  }
  // fromEntries defines own properties: a `__proto__` key stays data, never a prototype.
  return Object.fromEntries(entries);
}

/** `^[A-Za-z_][A-Za-z0-9_]{0,63}$`: other characters become `_`, a leading digit gets a `_` before it. */
export function sanitiseKey(raw: string): string {
  let key = raw.replace(/[^A-Za-z0-9_]/g, '_');
  if (key === '') key = '_';
  if (/^[0-9]/.test(key)) key = `_${key}`;
  return key.slice(0, FRONT_MATTER_LIMITS.keyChars);
}

function flattenValue(value: unknown): FrontMatterValue | undefined {
  const scalar = flattenScalar(value);
  if (scalar !== undefined) return typeof scalar === 'string' ? capString(scalar) : scalar;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const parts: string[] = [];
  for (const item of value) {
    const part = flattenScalar(item);
    if (part === undefined) return undefined;
    parts.push(String(part));
  }
  return capString(parts.join(', '));
}

function flattenScalar(value: unknown): FrontMatterValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return undefined;
}

/** At most `valueChars` UTF-16 units, never ending in half a surrogate pair. */
export function capString(value: string, max: number = FRONT_MATTER_LIMITS.valueChars): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
