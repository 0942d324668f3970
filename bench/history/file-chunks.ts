import { embeddingText, inferFormat, type Chunker } from '@ragline/chunking';

/**
 * A file's chunks as Ragline's worker makes them (format from the path: Markdown sections with
 * their heading path, plain text otherwise), each as the text that is embedded: heading path,
 * blank line, chunk text. The peer indexes exactly these texts, and both libraries are checked
 * against them.
 */
export async function fileChunkTexts(
  chunker: Chunker,
  path: string,
  text: string,
): Promise<string[]> {
  const chunks = await chunker.split(text, { format: inferFormat(path) });
  return chunks.map((chunk) => embeddingText(chunk));
}

/** Every file's chunk texts, by path: what a library holding exactly `files` stores. */
export async function expectedFileChunks(
  chunker: Chunker,
  files: ReadonlyMap<string, string>,
): Promise<Map<string, string[]>> {
  const expected = new Map<string, string[]>();
  for (const [path, text] of files) expected.set(path, await fileChunkTexts(chunker, path, text));
  return expected;
}
