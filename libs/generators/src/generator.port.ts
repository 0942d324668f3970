/** One numbered context block, as the prompt shows it; `n` is what the answer cites. */
export interface GenerationContext {
  n: number;
  text: string;
  title?: string;
}

export interface GenerationRequest {
  question: string;
  /** The augmented prompt (template filled with the numbered contexts and the question). */
  prompt: string;
  contexts: GenerationContext[];
}

/** A span of the answer backed by context `n`; offsets index `GeneratedAnswer.text`. */
export interface AnswerCitation {
  n: number;
  start: number;
  end: number;
  text: string;
}

export interface GeneratedAnswer {
  text: string;
  citations: AnswerCitation[];
  model: string;
}

/** A streamed answer: its pieces, then the citations of the whole text once it is complete. */
export interface AnswerStream {
  pieces: AsyncIterable<string>;
  citations(text: string): AnswerCitation[];
}

/**
 * Writes an answer from retrieved contexts. Implemented by the Cohere chat adapter (documents
 * passed natively, Cohere's citations mapped to context numbers) and the OpenAI-compatible adapter
 * (llama.cpp, vLLM, Ollama: the prompt asks for `[n]` markers, which are parsed back).
 *
 * Errors: `GeneratorRateLimitedError` (429, with `retryAfterSeconds` when the server sent
 * Retry-After), `GeneratorUnavailableError` (5xx, timeout, refused connection),
 * `GeneratorBadResponseError` (a 4xx or a malformed body: a configuration problem).
 */
export interface Generator {
  readonly kind: 'cohere' | 'openai-compatible';
  readonly model: string;

  generate(request: GenerationRequest, signal?: AbortSignal): Promise<GeneratedAnswer>;

  /**
   * Resolves once the server has accepted the request (so its HTTP errors still reject here, before
   * any byte is sent to our client), to the answer's text pieces in order. Iterating may throw the
   * same errors, e.g. when the server stalls mid-answer for longer than the timeout.
   */
  stream(request: GenerationRequest, signal?: AbortSignal): Promise<AnswerStream>;
}

export const GENERATOR = Symbol('GENERATOR');
