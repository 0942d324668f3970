import type { Connection, Table } from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Schema, Utf8 } from 'apache-arrow';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';

export type LanceDbLangChainRow = Record<string, unknown> & {
  id: string;
  documentId: string;
  text: string;
  vector: number[];
};

/**
 * Minimal LangChain VectorStore over one LanceDB table (id, documentId = the `source` metadata,
 * text, vector): upsert by id with mergeInsert, delete by ids, flat vector search. It is what
 * LangChain's index() needs, on the same engine Ragline uses.
 */
export class LanceDbLangChainStore extends VectorStore {
  private constructor(
    embeddings: EmbeddingsInterface,
    readonly table: Table,
  ) {
    super(embeddings, {});
  }

  static async create(
    db: Connection,
    name: string,
    embeddings: EmbeddingsInterface,
    dimensions: number,
  ): Promise<LanceDbLangChainStore> {
    const schema = new Schema([
      new Field('id', new Utf8(), false),
      new Field('documentId', new Utf8(), false),
      new Field('text', new Utf8(), false),
      new Field(
        'vector',
        new FixedSizeList(dimensions, new Field('item', new Float32(), true)),
        false,
      ),
    ]);
    const table = await db.createEmptyTable(name, schema);
    return new LanceDbLangChainStore(embeddings, table);
  }

  _vectorstoreType(): string {
    return 'bench-lancedb';
  }

  async addDocuments(
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    const ids = options?.ids;
    if (!ids || ids.length !== documents.length)
      throw new Error('addVectors needs one id per document');
    const rows: LanceDbLangChainRow[] = documents.map((document, i) => ({
      id: ids[i],
      documentId: String(document.metadata.source),
      text: document.pageContent,
      vector: vectors[i],
    }));
    if (rows.length > 0) {
      await this.table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute(rows);
    }
    return ids;
  }

  override async delete(params?: { ids?: string[] }): Promise<void> {
    const ids = params?.ids ?? [];
    for (let start = 0; start < ids.length; start += 500) {
      const list = ids.slice(start, start + 500).map((id) => `'${id.replace(/'/g, "''")}'`);
      await this.table.delete(`id IN (${list.join(', ')})`);
    }
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
  ): Promise<[DocumentInterface, number][]> {
    const rows = await this.table.vectorSearch(query).distanceType('cosine').limit(k).toArray();
    return rows.map((row: Record<string, unknown>) => [
      new Document({ pageContent: String(row.text), metadata: { source: String(row.documentId) } }),
      1 - Number(row._distance),
    ]);
  }
}
