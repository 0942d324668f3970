import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Put,
  Query,
} from '@nestjs/common';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { DocumentRegistry, type DocumentState } from '@ragline/registry';
import { parseInput } from '../http/parse-input';
import { DocumentIntakeService } from './document-intake.service';
import {
  documentIdParamSchema,
  idempotencyKeySchema,
  listDocumentsQuerySchema,
  upsertDocumentBodySchema,
  type AcceptedResponse,
} from './documents.dto';

@Controller('v1/documents')
export class DocumentsController {
  constructor(
    private readonly intake: DocumentIntakeService,
    private readonly registry: DocumentRegistry,
  ) {}

  /** Creates or replaces a document. 202 once the change is durably queued. */
  @Put(':id')
  @HttpCode(202)
  async upsert(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AcceptedResponse> {
    const documentId = parseInput(documentIdParamSchema, id, 'id');
    const input = parseInput(upsertDocumentBodySchema, body);
    return this.intake.accept({
      documentId,
      kind: 'upsert',
      ...input,
      source: 'api',
      idempotencyKey: parseInput(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key'),
    });
  }

  /** Deletes a document (a versioned tombstone). 202 once the change is durably queued. */
  @Delete(':id')
  @HttpCode(202)
  async remove(
    @Param('id') id: string,
    @Query('version') version?: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AcceptedResponse> {
    const documentId = parseInput(documentIdParamSchema, id, 'id');
    return this.intake.accept({
      documentId,
      kind: 'delete',
      version: version === undefined ? undefined : parseVersion(version),
      source: 'api',
      idempotencyKey: parseInput(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key'),
    });
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const documentId = parseInput(documentIdParamSchema, id, 'id');
    const state = await this.registry.getDocument(documentId);
    if (!state) {
      throw new RaglineError(ErrorCode.DocumentNotFound, `Document "${documentId}" is not known.`, {
        field: 'id',
      });
    }
    return documentView(state);
  }

  @Get()
  async list(@Query() query: unknown) {
    const parsed = parseInput(listDocumentsQuerySchema, query);
    const page = await this.registry.listDocuments(parsed);
    return { documents: page.documents.map(documentView), nextCursor: page.nextCursor ?? null };
  }
}

function parseVersion(raw: string): number {
  const version = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(version)) {
    throw new RaglineError(ErrorCode.ValidationFailed, 'version: must be a non-negative integer', {
      field: 'version',
    });
  }
  return version;
}

function documentView(state: DocumentState) {
  return {
    id: state.id,
    status: state.status,
    version: state.indexedVersion >= 0 ? state.indexedVersion : null,
    latestVersion: state.latestVersion,
    chunks: state.status === 'deleted' ? 0 : state.chunks,
    contentHash: state.contentHash ?? null,
    title: state.title ?? null,
    source: state.source ?? null,
    updatedAt: new Date(state.updatedAt).toISOString(),
    ...(state.error ? { error: state.error } : {}),
  };
}
