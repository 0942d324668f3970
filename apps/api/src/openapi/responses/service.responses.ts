import { z } from 'zod';
import { libraryDetailShape } from './library.responses';

export const statusSchema = z
  .object({
    library: z.string(),
    ...libraryDetailShape,
    features: z.object({
      generator: z
        .string()
        .meta({ description: 'GENERATOR: `none`, `cohere`, `openai-compatible`.' }),
      rerank: z.boolean(),
      templates: z.array(z.string()),
    }),
  })
  .meta({ id: 'Status' });

export const healthSchema = z.object({ status: z.literal('ok') });

export const readinessSchema = z
  .object({
    status: z.literal('ready'),
    checks: z.array(
      z.object({
        name: z.string(),
        ok: z.boolean(),
        latencyMs: z.number().nonnegative(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Readiness' });

export const openApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .meta({ description: 'This document (OpenAPI 3.1).' });
