/** Reading git's NUL-separated (`-z`) output, and the file modes a source treats as documents. */

/** Splits git's `-z` output into its NUL-terminated fields, decoded as UTF-8 (git stores path bytes). */
export function nulFields(output: Buffer): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let end = output.indexOf(0, start); end !== -1; end = output.indexOf(0, start)) {
    fields.push(output.toString('utf8', start, end));
    start = end + 1;
  }
  // -z output ends with a NUL; anything after the last one is not a complete field.
  return fields;
}

/** Git's file modes for what a source indexes: regular files, executable or not. */
export function isRegularFileMode(mode: string): boolean {
  return /^100[0-7]{3}$/.test(mode);
}
