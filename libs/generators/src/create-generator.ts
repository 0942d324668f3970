import type { Config } from '@ragline/config';
import { CohereGenerator } from './adapters/cohere/cohere-generator.adapter';
import { OpenAiCompatibleGenerator } from './adapters/openai-compatible/openai-compatible-generator.adapter';
import type { Generator } from './generator.port';

/** The configured generator, or undefined for GENERATOR=none (generation is then a 400). */
export function createGenerator(config: Config): Generator | undefined {
  switch (config.GENERATOR) {
    case 'none':
      return undefined;
    case 'cohere':
      return new CohereGenerator({
        // loadConfig refuses GENERATOR=cohere without a key.
        apiKey: config.COHERE_API_KEY ?? '',
        baseUrl: config.COHERE_BASE_URL,
        model: config.COHERE_CHAT_MODEL,
        timeoutMs: config.GENERATOR_TIMEOUT_MS,
      });
    case 'openai-compatible':
      return new OpenAiCompatibleGenerator({
        baseUrl: config.GENERATOR_URL ?? '',
        apiKey: config.GENERATOR_API_KEY,
        model: config.GENERATOR_MODEL,
        timeoutMs: config.GENERATOR_TIMEOUT_MS,
      });
  }
}
