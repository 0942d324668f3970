import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '@ragline/embedders';

/** LangChain Embeddings over a Ragline embedder, counting calls and texts (the peer's embed work). */
export class CountingEmbeddings extends Embeddings {
  calls = 0;
  texts = 0;

  constructor(private readonly embedder: Embedder) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    this.calls++;
    this.texts += documents.length;
    return this.embedder.embedDocuments(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedder.embedQuery(document);
  }

  reset(): void {
    this.calls = 0;
    this.texts = 0;
  }
}
