import { getEncoding, type Tiktoken } from 'js-tiktoken';

let encoder: Tiktoken | undefined;

/**
 * Token counts with OpenAI's cl100k_base BPE (js-tiktoken, ranks shipped in the package: no
 * download). Close enough to Cohere's and most open models' tokenizers to size chunks and
 * prompt budgets; the exact model tokenizer is not needed for either.
 */
export function countTokens(text: string): number {
  encoder ??= getEncoding('cl100k_base');
  return encoder.encode(text).length;
}
