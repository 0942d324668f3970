/**
 * Whether `value` holds a C0 control character or DEL. Newlines in a URL or glob could forge
 * config lines or protocol packets; NUL ends a C string early.
 */
export function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
