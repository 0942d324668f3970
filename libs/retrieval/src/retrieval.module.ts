import { Module } from '@nestjs/common';
import { CONFIG } from '@ragline/config';
import { EmbeddersModule } from '@ragline/embedders';
import { VectorStoreModule } from '@ragline/vector-store';
import { AugmentService } from './augment/augment.service';
import { createReranker } from './create-reranker';
import { RERANKER } from './reranker.port';
import { RetrievalService } from './retrieval.service';

/** The query side: retrieval (store, embedder, reranker) and augmented prompts. */
@Module({
  imports: [VectorStoreModule, EmbeddersModule],
  providers: [
    RetrievalService,
    AugmentService,
    { provide: RERANKER, inject: [CONFIG], useFactory: createReranker },
  ],
  exports: [RetrievalService, AugmentService],
})
export class RetrievalModule {}
