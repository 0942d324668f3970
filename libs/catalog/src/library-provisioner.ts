import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { EMBEDDER, embedderKey, type Embedder } from '@ragline/embedders';
import {
  DEFAULT_LIBRARY,
  DEFAULT_TENANT,
  storeLibraryName,
  type LibraryRef,
} from '@ragline/events';
import { VECTOR_STORE, type LibrarySpec, type VectorStore } from '@ragline/vector-store';
import type { Library, LibrarySettings } from './library';
import { LIBRARY_CATALOG, type LibraryCatalog } from './library-catalog.port';

/** What a creator may choose; anything left out comes from the deployment's configuration. */
export type LibraryChoices = Partial<Omit<LibrarySettings, 'embedder'>>;

/**
 * Brings libraries into being: the catalog record and the store's collection, together. The
 * embedder is the deployment's (issue 15 makes it a library's choice); it is recorded with the
 * library, so queries always embed the way its chunks were embedded.
 */
@Injectable()
export class LibraryProvisioner {
  constructor(
    @Inject(LIBRARY_CATALOG) private readonly catalog: LibraryCatalog,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  settings(choices: LibraryChoices = {}): LibrarySettings {
    return {
      ...(choices.description ? { description: choices.description } : {}),
      searchMode: choices.searchMode ?? this.config.DEFAULT_SEARCH_MODE,
      chunking: choices.chunking ?? {
        sizeTokens: this.config.CHUNK_SIZE_TOKENS,
        overlapTokens: this.config.CHUNK_OVERLAP_TOKENS,
      },
      embedder: { key: embedderKey(this.embedder.id), dimensions: this.embedder.id.dimensions },
    };
  }

  /** @throws LibraryExistsError, LibraryDeletingError, or the store's error (nothing is left behind). */
  async create(ref: LibraryRef, choices: LibraryChoices = {}): Promise<Library> {
    const library = await this.catalog.create(ref, this.settings(choices));
    try {
      await this.store.ensureLibrary(storeSpec(library));
    } catch (error) {
      await this.catalog.remove(ref);
      throw error;
    }
    return library;
  }

  /** The `default` library of the `default` tenant, created at start by every process. */
  async ensureDefault(): Promise<Library> {
    const ref = { tenant: DEFAULT_TENANT, library: DEFAULT_LIBRARY };
    const library = await this.catalog.ensure(ref, this.settings());
    if (library.status === 'active') await this.store.ensureLibrary(storeSpec(library));
    return library;
  }
}

/** The store's shape of a library: its collection name and the vectors its embedder makes. */
export function storeSpec(library: Library): LibrarySpec {
  return {
    name: storeLibraryName(library),
    dense: { size: library.embedder.dimensions, distance: 'cosine' },
    sparse: true,
    embedder: library.embedder.key,
  };
}
