import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Put,
  Query,
} from '@nestjs/common';
import { ErrorCode, RaglineError } from '@ragline/errors';
import { mayRead } from '@ragline/events';
import { IntakeService, type AcceptedChange } from '@ragline/intake';
import { DOCUMENT_REGISTRY, type DocumentRegistry, type DocumentState } from '@ragline/registry';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '@ragline/catalog';
import { parseInput } from '../http/parse-input';
import { LibraryAccess } from '../libraries/library-access';
import {
  documentIdParamSchema,
  idempotencyKeySchema,
  listDocumentsQuerySchema,
  upsertDocumentBodySchema,
} from './documents.dto';

/** A library's documents; `/v1/documents` is the `default` library's. */
@Controller(['v1/libraries/:library/documents', 'v1/documents'])
export class DocumentsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly libraries: LibraryAccess,
    @Inject(DOCUMENT_REGISTRY) private readonly registry: DocumentRegistry,
  ) {}

  /** Creates or replaces a document. 202 once the change is durably queued. */
  @Put(':id')
  @HttpCode(202)
  @RequireScope('ingest')
  async upsert(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AcceptedChange> {
    const documentId = parseInput(documentIdParamSchema, id, 'id');
    const input = parseInput(upsertDocumentBodySchema, body);
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key');
    const library = await this.libraries.resolve(caller, name);
    return this.intake.accept(
      library,
      { documentId, kind: 'upsert', ...input, source: 'api' },
      key,
    );
  }

  /** Deletes a document (a versioned tombstone). 202 once the change is durably queued. */
  @Delete(':id')
  @HttpCode(202)
  @RequireScope('ingest')
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Param('id') id: string,
    @Query('version') version?: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AcceptedChange> {
    const documentId = parseInput(documentIdParamSchema, id, 'id');
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'Idempotency-Key');
    const parsedVersion = version === undefined ? undefined : parseVersion(version);
    const library = await this.libraries.resolve(caller, name);
    return this.intake.accept(
      library,
      { documentId, kind: 'delete', version: parsedVersion, source: 'api' },
      key,
    );
  }

  @Get(':id')
  @RequireScope('query')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Param('id') id: string,
  ) {
    const documentId = parseInput(documentIdParamSchema, id, 'id');
    const library = await this.libraries.resolve(caller, name);
    const state = await this.registry.getDocument(library, documentId);
    // A document the caller may not read is as unknown to it as a missing one.
    if (!state || !mayRead(state.acl, this.libraries.readAccess(caller, undefined).principals)) {
      throw new RaglineError(ErrorCode.DocumentNotFound, `Document "${documentId}" is not known.`, {
        field: 'id',
      });
    }
    return documentView(state);
  }

  @Get()
  @RequireScope('query')
  async list(
    @CurrentCaller() caller: Caller,
    @Param('library') name: string | undefined,
    @Query() query: unknown,
  ) {
    const parsed = parseInput(listDocumentsQuerySchema, query);
    const library = await this.libraries.resolve(caller, name);
    const page = await this.registry.listDocuments(library, parsed);
    const { principals } = this.libraries.readAccess(caller, undefined);
    return {
      documents: page.documents.filter((d) => mayRead(d.acl, principals)).map(documentView),
      nextCursor: page.nextCursor ?? null,
    };
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
    acl: state.acl ?? null,
    updatedAt: new Date(state.updatedAt).toISOString(),
    ...(state.error ? { error: state.error } : {}),
  };
}
