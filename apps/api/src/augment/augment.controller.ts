import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  GENERATOR,
  type AnswerCitation,
  type GenerationRequest,
  type Generator,
} from '@ragline/generators';
import {
  AugmentService,
  FeatureNotConfiguredError,
  type AugmentedContext,
  type AugmentedPrompt,
} from '@ragline/retrieval';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '@ragline/catalog';
import { QUERY_LOG, type QueryLog } from '@ragline/reindex';
import { HttpErrorFilter } from '../http/http-error.filter';
import { LibraryAccess } from '../libraries/library-access';
import { parseInput } from '../http/parse-input';
import { augmentBodySchema, type AugmentBody } from './augment.dto';
import { SseWriter } from '../http/sse-writer';

/** A context the answer (or, without one, the prompt) cites: the source list a client shows. */
interface Citation {
  n: number;
  documentId: string;
  title: string | null;
  url: string | null;
}

/** Augmented prompts (and answers) from a library; `/v1/augment` uses the `default` library. */
@Controller(['v1/libraries/:library/augment', 'v1/augment'])
export class AugmentController {
  private readonly errors = new HttpErrorFilter();

  constructor(
    private readonly augmentation: AugmentService,
    private readonly libraries: LibraryAccess,
    @Inject(GENERATOR) private readonly generator: Generator | null,
    @Inject(QUERY_LOG) private readonly queries: QueryLog,
  ) {}

  /**
   * The augmented prompt with its numbered contexts; with `generate`, the configured model's
   * answer too; with `stream`, that answer as server-sent events (`context`, `delta`, `done`,
   * `error`).
   */
  @Post()
  @RequireScope('query')
  async augment(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const request = parseInput(augmentBodySchema, body);
    const generator = this.generatorFor(request);
    const library = await this.libraries.resolve(caller, name);
    const access = this.libraries.readAccess(caller, request.principals);
    const augmented = await this.augmentation.augment(library, request, access);
    await this.queries.record(library, request.query);
    const base = {
      prompt: augmented.prompt,
      template: augmented.template,
      contexts: augmented.contexts,
      usage: augmented.usage,
    };
    if (!generator) {
      await reply.status(200).send({ ...base, citations: augmented.contexts.map(toCitation) });
      return;
    }
    const generation = toGenerationRequest(request, augmented);
    if (!request.stream) {
      const answer = await generator.generate(generation);
      await reply.status(200).send({
        ...base,
        citations: citedContexts(augmented.contexts, answer.citations),
        answer,
      });
      return;
    }
    // The generator's HTTP errors (429, 5xx) reject here, while a plain JSON error can still go out.
    const aborted = new AbortController();
    reply.raw.on('close', () => aborted.abort());
    const stream = await generator.stream(generation, aborted.signal);
    reply.hijack();
    const sse = new SseWriter(reply.raw);
    sse.open();
    sse.send('context', { ...base, citations: augmented.contexts.map(toCitation) });
    let text = '';
    try {
      for await (const piece of stream.pieces) {
        text += piece;
        sse.send('delta', { text: piece });
      }
      const citations = stream.citations(text);
      sse.send('done', {
        answer: { text, model: generator.model, citations },
        citations: citedContexts(augmented.contexts, citations),
      });
    } catch (error) {
      sse.send('error', this.errors.toResponse(error).body);
    } finally {
      sse.end();
    }
  }

  private generatorFor(request: AugmentBody): Generator | null {
    if (!request.generate && !request.stream) return null;
    if (!this.generator) {
      throw new FeatureNotConfiguredError(
        'generation needs a generator: set GENERATOR=cohere (with COHERE_API_KEY) or GENERATOR=openai-compatible (with GENERATOR_URL)',
        request.generate ? 'generate' : 'stream',
      );
    }
    return this.generator;
  }
}

function toGenerationRequest(request: AugmentBody, augmented: AugmentedPrompt): GenerationRequest {
  return {
    question: request.query,
    prompt: augmented.prompt,
    contexts: augmented.contexts.map((context) => ({
      n: context.n,
      text: context.text,
      ...(context.title === null ? {} : { title: context.title }),
    })),
  };
}

function toCitation(context: AugmentedContext): Citation {
  return { n: context.n, documentId: context.documentId, title: context.title, url: context.url };
}

/** The contexts the answer cites, each once, in context order. */
function citedContexts(contexts: AugmentedContext[], citations: AnswerCitation[]): Citation[] {
  const cited = new Set(citations.map((citation) => citation.n));
  return contexts.filter((context) => cited.has(context.n)).map(toCitation);
}
