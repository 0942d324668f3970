import { z } from 'zod';
import { DocumentStatus, EventStatus, aclSchema } from '@ragline/events';
import { isoTime } from './library.responses';

const count = z.int().nonnegative();
const version = z.int().nonnegative();
const kind = z.enum(['upsert', 'delete']);

export const acceptedChangeSchema = z
  .object({
    eventId: z.uuid(),
    documentId: z.string(),
    status: z.enum([EventStatus.Queued, EventStatus.Superseded]).meta({
      description: '`superseded`: an equal or newer version was accepted before; nothing changes.',
    }),
    version,
  })
  .meta({ id: 'AcceptedChange' });

export const documentSchema = z
  .object({
    id: z.string(),
    status: z.enum(Object.values(DocumentStatus) as [DocumentStatus, ...DocumentStatus[]]),
    version: version
      .nullable()
      .meta({ description: 'The version in the library (null: none yet).' }),
    latestVersion: version.meta({ description: 'The newest version accepted.' }),
    chunks: count,
    contentHash: z.string().nullable(),
    title: z.string().nullable(),
    source: z.string().nullable(),
    acl: aclSchema.nullable(),
    updatedAt: isoTime,
    error: z.string().optional(),
  })
  .meta({ id: 'Document' });

export const documentListSchema = z
  .object({
    documents: z.array(documentSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page.' }),
  })
  .meta({ id: 'DocumentPage' });

export const eventSchema = z
  .object({
    eventId: z.uuid(),
    documentId: z.string(),
    kind,
    version,
    source: z.string(),
    status: z
      .enum(Object.values(EventStatus) as [EventStatus, ...EventStatus[]])
      .meta({ description: '`completed`: a query returns the change.' }),
    unchanged: z.boolean().optional(),
    chunksEmbedded: count.optional(),
    chunksReused: count.optional(),
    chunksDeleted: count.optional(),
    error: z.string().optional(),
    receivedAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Event' });
