import { z } from 'zod';
import { metadataValueSchema } from '@ragline/events';
import { anyErrorBodySchema } from '../error-responses';

const index = z.int().nonnegative();

export const queryAnswerSchema = z
  .object({
    results: z.array(
      z.object({
        documentId: z.string(),
        chunkId: z.string(),
        chunkIds: z
          .array(z.string())
          .meta({ description: 'Neighbouring chunks joined into this passage.' }),
        chunkIndex: index,
        text: z.string(),
        score: z.number().meta({ description: 'Mode-specific (see docs/retrieval.md).' }),
        title: z.string().optional(),
        section: z.string().optional().meta({ description: 'The heading path of the passage.' }),
        metadata: z.record(z.string(), metadataValueSchema),
      }),
    ),
    libraryVersion: z.int().meta({
      description: 'The collection version that answered (a reindex swap moves it).',
    }),
    tookMs: z.number(),
  })
  .meta({ id: 'QueryAnswer' });

const contextSchema = z.object({
  n: z.int().positive().meta({ description: 'What the prompt and the answer cite as [n].' }),
  documentId: z.string(),
  title: z.string().nullable(),
  section: z.string().nullable(),
  url: z.string().nullable(),
  text: z.string(),
  score: z.number(),
  truncated: z.boolean(),
  chunkIds: z.array(z.string()),
});

const citationSchema = z
  .object({
    n: z.int().positive(),
    documentId: z.string(),
    title: z.string().nullable(),
    url: z.string().nullable(),
  })
  .meta({ id: 'Citation' });

const answerSchema = z
  .object({
    text: z.string(),
    model: z.string(),
    citations: z.array(
      z.object({ n: z.int().positive(), start: index, end: index, text: z.string() }),
    ),
  })
  .meta({ id: 'GeneratedAnswer' });

const promptShape = {
  prompt: z.string(),
  template: z.string(),
  contexts: z.array(contextSchema),
  usage: z.object({ contextTokens: index, promptTokens: index }),
  citations: z.array(citationSchema).meta({
    description: 'The contexts the answer cites (without an answer: every context).',
  }),
};

export const augmentAnswerSchema = z
  .object({
    ...promptShape,
    answer: answerSchema.optional().meta({ description: 'With `generate: true`.' }),
  })
  .meta({ id: 'AugmentAnswer' });

/**
 * The events of `stream: true` (`text/event-stream`), by name: `context` once, `delta` per piece
 * of the answer, then `done`, or `error` if the generator fails mid-answer.
 */
export const AUGMENT_STREAM_EVENTS = {
  context: z.object(promptShape).meta({ id: 'AugmentStreamContext' }),
  delta: z.object({ text: z.string() }).meta({ id: 'AugmentStreamDelta' }),
  done: z
    .object({ answer: answerSchema, citations: z.array(citationSchema) })
    .meta({ id: 'AugmentStreamDone' }),
  error: anyErrorBodySchema,
} as const;
