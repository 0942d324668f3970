/**
 * Decides whether a blob is text a source indexes, and decodes it: UTF-8 only (documentation
 * repositories are; anything else would be indexed as mojibake), binary by git's own rule.
 */

export type DecodedContent = { kind: 'text'; text: string } | { kind: 'binary' };

/** Git calls a blob binary when its first 8000 bytes hold a NUL (`buffer_is_binary`). */
const BINARY_PROBE_BYTES = 8000;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Text (UTF-8, BOM stripped) or binary (a NUL near the start, or bytes that are not UTF-8). */
export function decodeText(buffer: Buffer): DecodedContent {
  if (buffer.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { kind: 'binary' };
  const body = buffer.subarray(0, BOM.length).equals(BOM) ? buffer.subarray(BOM.length) : buffer;
  try {
    // ignoreBOM: the BOM is already gone; a second one would be content.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    return { kind: 'text', text };
  } catch {
    return { kind: 'binary' };
  }
}
