import type { Metadata, MetadataValue } from '@ragline/events';

/** A sparse vector: parallel arrays of term ids (ascending, unique) and weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/**
 * Who is reading: every search and count takes one, so no read path can forget permissions.
 * `all` reads every chunk (a trusted caller); a principal list reads the chunks whose `acl`
 * holds `*` or one of them.
 */
export type ReadAccess = { principals: 'all' } | { principals: readonly string[] };

/** Reads everything: for trusted internal callers (status counts, maintenance, admins). */
export const READ_ALL: ReadAccess = Object.freeze({ principals: 'all' });

/** Shape of one library: what vectors its points carry. */
export interface LibrarySpec {
  name: string;
  dense: { size: number; distance: 'cosine' | 'dot' };
  /** Whether points carry a BM25 sparse vector (IDF applied by the store). */
  sparse: boolean;
  /** Stable description of the embedder, recorded with the collection version. */
  embedder: string;
}

/** One chunk of one document, as stored. `id` is a deterministic UUID (see point-id.ts). */
export interface ChunkPoint {
  id: string;
  documentId: string;
  /** Position of the chunk in its document, from 0. */
  chunkIndex: number;
  text: string;
  /** sha256 of the chunk text (hex, 32 chars); equal hashes mean the embedding can be reused. */
  contentHash: string;
  /** Version of the document this chunk was written for. */
  version: number;
  title?: string;
  source: string;
  metadata: Metadata;
  /**
   * Who may read this chunk: the principals of its document version's ACL, or `["*"]` when the
   * document has none (see readersOf in libs/events).
   */
  acl: string[];
  /** The heading path the chunk sits under ("Guide > Tracing"), when the document has headings. */
  context?: string;
  vector: number[];
  sparse?: SparseVector;
}

/** Stored points of a document, without payload text: what an incremental update can reuse. */
export interface StoredVectors {
  id: string;
  contentHash: string;
  vector: number[];
}

export type MetadataCondition =
  | MetadataValue
  | { anyOf: MetadataValue[] }
  | { gt?: number; gte?: number; lt?: number; lte?: number };

/** Conditions are ANDed. Metadata keys are compared exactly (no case folding). */
export interface PointFilter {
  documentId?: string;
  source?: string;
  metadata?: Record<string, MetadataCondition>;
}

export type SearchMode = 'dense' | 'sparse' | 'hybrid';

export interface SearchRequest {
  topK: number;
  mode: SearchMode;
  /** Dense query vector (dense and hybrid modes). */
  vector?: number[];
  /** BM25 query vector, for stores that apply IDF to client-made sparse vectors (Qdrant). */
  sparse?: SparseVector;
  /** The query text, for stores that rank BM25 with their own full-text index (LanceDB). */
  text?: string;
  filter?: PointFilter;
}

export interface SearchHit {
  id: string;
  documentId: string;
  chunkIndex: number;
  text: string;
  title?: string;
  source: string;
  version: number;
  metadata: Metadata;
  context?: string;
  /**
   * Higher is better. Dense: cosine similarity; sparse: BM25; hybrid: reciprocal-rank fusion.
   * Scales differ between stores: compare scores only within one response.
   */
  score: number;
}

/**
 * The knowledge library's storage. Implemented by the embedded LanceDB store (default) and
 * Qdrant; test/contract/vector-store.* holds the one suite both must pass.
 *
 * A library name is an alias for a versioned collection (`<name>_v<N>`), so a reindex can build
 * a new version and switch readers over atomically. Reads and writes take an optional `version`:
 * given, they address `<name>_v<version>` itself, not the alias (a caller that knows which version
 * it means: the live one with its embedder, or one being built).
 */
export interface VectorStore {
  /**
   * Whether lexical (sparse, hybrid) search uses the client's BM25 sparse vectors. False when the
   * store ranks `text` with its own full-text index: then writers need not compute them at all.
   */
  readonly usesSparseVectors: boolean;

  /** Creates the library (version 1 and its alias) if missing; no-op if it exists with this spec. */
  ensureLibrary(spec: LibrarySpec): Promise<void>;

  /**
   * Makes `points` the complete set of chunks of `documentId` in a single commit where the store
   * allows it: points with the same id are overwritten, the document's other points are removed.
   * Readers never see chunks of two versions of one document at once on the embedded store.
   */
  replaceDocument(
    library: string,
    documentId: string,
    points: ChunkPoint[],
    version?: number,
  ): Promise<void>;

  /** Removes every chunk of the document. Idempotent. */
  deleteDocument(library: string, documentId: string, version?: number): Promise<void>;

  /** The document's stored vectors by point id, for reusing unchanged chunks' embeddings. */
  getDocumentVectors(
    library: string,
    documentId: string,
    version?: number,
  ): Promise<StoredVectors[]>;

  /** The best chunks for the request among those `access` may read. */
  search(
    library: string,
    request: SearchRequest,
    access: ReadAccess,
    version?: number,
  ): Promise<SearchHit[]>;

  /** Chunks matching `filter` that `access` may read. */
  count(
    library: string,
    access: ReadAccess,
    filter?: PointFilter,
    version?: number,
  ): Promise<number>;

  /** Creates collection `<library>_v<version>` with the spec's shape, without pointing the alias at it. */
  createLibraryVersion(spec: LibrarySpec, version: number): Promise<void>;
  /** Points the library alias at `<library>_v<version>` in one atomic step. */
  switchLibraryAlias(library: string, version: number): Promise<void>;
  /** The version the alias points at, or undefined when the library does not exist. */
  getActiveVersion(library: string): Promise<number | undefined>;
  listLibraryVersions(library: string): Promise<number[]>;
  /** Drops `<library>_v<version>`; refuses the active one. */
  dropLibraryVersion(library: string, version: number): Promise<void>;
  /** Drops the library: its alias and every version. Idempotent. */
  dropLibrary(library: string): Promise<void>;

  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  /** Background maintenance (compaction); cheap to call often. */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

export const VECTOR_STORE = Symbol('VECTOR_STORE');
