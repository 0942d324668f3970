import type { Metrics } from '@ragline/metrics';
import type {
  ChunkPoint,
  LibrarySpec,
  PointFilter,
  ReadAccess,
  SearchHit,
  SearchRequest,
  StoredVectors,
  VectorStore,
} from './vector-store.port';

/** Any store, measured: the latency and outcome of every call, by operation. */
export class InstrumentedVectorStore implements VectorStore {
  constructor(
    private readonly inner: VectorStore,
    private readonly metrics: Metrics,
  ) {}

  get usesSparseVectors(): boolean {
    return this.inner.usesSparseVectors;
  }

  ensureLibrary(spec: LibrarySpec): Promise<void> {
    return this.measure('ensureLibrary', () => this.inner.ensureLibrary(spec));
  }
  replaceDocument(
    library: string,
    documentId: string,
    points: ChunkPoint[],
    version?: number,
  ): Promise<void> {
    return this.measure('replaceDocument', () =>
      this.inner.replaceDocument(library, documentId, points, version),
    );
  }
  deleteDocument(library: string, documentId: string, version?: number): Promise<void> {
    return this.measure('deleteDocument', () =>
      this.inner.deleteDocument(library, documentId, version),
    );
  }
  getDocumentVectors(
    library: string,
    documentId: string,
    version?: number,
  ): Promise<StoredVectors[]> {
    return this.measure('getDocumentVectors', () =>
      this.inner.getDocumentVectors(library, documentId, version),
    );
  }
  search(
    library: string,
    request: SearchRequest,
    access: ReadAccess,
    version?: number,
  ): Promise<SearchHit[]> {
    return this.measure(`search.${request.mode}`, () =>
      this.inner.search(library, request, access, version),
    );
  }
  count(
    library: string,
    access: ReadAccess,
    filter?: PointFilter,
    version?: number,
  ): Promise<number> {
    return this.measure('count', () => this.inner.count(library, access, filter, version));
  }
  createLibraryVersion(spec: LibrarySpec, version: number): Promise<void> {
    return this.measure('createLibraryVersion', () =>
      this.inner.createLibraryVersion(spec, version),
    );
  }
  switchLibraryAlias(library: string, version: number): Promise<void> {
    return this.measure('switchLibraryAlias', () =>
      this.inner.switchLibraryAlias(library, version),
    );
  }
  getActiveVersion(library: string): Promise<number | undefined> {
    return this.measure('getActiveVersion', () => this.inner.getActiveVersion(library));
  }
  listLibraryVersions(library: string): Promise<number[]> {
    return this.measure('listLibraryVersions', () => this.inner.listLibraryVersions(library));
  }
  dropLibraryVersion(library: string, version: number): Promise<void> {
    return this.measure('dropLibraryVersion', () =>
      this.inner.dropLibraryVersion(library, version),
    );
  }
  dropLibrary(library: string): Promise<void> {
    return this.measure('dropLibrary', () => this.inner.dropLibrary(library));
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  optimize(): Promise<void> {
    return this.measure('optimize', () => this.inner.optimize());
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  private async measure<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      this.metrics.storeCall(operation, (performance.now() - started) / 1000, false);
      return result;
    } catch (error) {
      this.metrics.storeCall(operation, (performance.now() - started) / 1000, true);
      throw error;
    }
  }
}
