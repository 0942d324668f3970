import { Inject, Injectable } from '@nestjs/common';
import { countTokens } from '@ragline/chunking';
import type { Library } from '@ragline/catalog';
import { CONFIG, type Config } from '@ragline/config';
import type { ReadAccess } from '@ragline/vector-store';
import { RetrievalService } from '../retrieval.service';
import type { RetrieveRequest, RetrievedPassage } from '../retrieval.types';
import { fillContextBudget } from './context-budget';
import { removeNearDuplicates } from './near-duplicates';
import { fillTemplate, PromptTemplates } from './prompt-templates';

export interface AugmentRequest extends RetrieveRequest {
  /** Template name: `default`, `jumpstart`, or one from PROMPT_TEMPLATES. */
  template?: string;
  /** cl100k_base tokens the context blocks may take (DEFAULT_MAX_CONTEXT_TOKENS when unset). */
  maxContextTokens?: number;
}

export interface AugmentedContext {
  n: number;
  documentId: string;
  title: string | null;
  /** The heading path of the passage's section, when its document has headings. */
  section: string | null;
  url: string | null;
  text: string;
  score: number;
  truncated: boolean;
  chunkIds: string[];
}

export interface AugmentedPrompt {
  prompt: string;
  template: string;
  contexts: AugmentedContext[];
  usage: { contextTokens: number; promptTokens: number };
}

/**
 * Retrieval-augmented prompts: retrieve passages, drop duplicates before they spend the budget,
 * fill the token budget best first, number the blocks, and fill the named template.
 */
@Injectable()
export class AugmentService {
  readonly templates: PromptTemplates;

  constructor(
    private readonly retrieval: RetrievalService,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.templates = new PromptTemplates(config.PROMPT_TEMPLATES);
  }

  async augment(
    library: Library,
    request: AugmentRequest,
    access: ReadAccess,
  ): Promise<AugmentedPrompt> {
    // Unknown template or missing reranker: fail before spending a search.
    const template = this.templates.get(request.template);
    this.retrieval.assertSupported(request);
    const passages = await this.retrieval.retrieve(library, request, access);
    const unique = removeNearDuplicates(passages, (passage) => passage.text);
    const budget = request.maxContextTokens ?? this.config.DEFAULT_MAX_CONTEXT_TOKENS;
    const { blocks, context, contextTokens } = fillContextBudget(
      unique,
      budget,
      template.contextStyle,
    );
    const prompt = fillTemplate(template.text, context, request.query);
    return {
      prompt,
      template: template.name,
      contexts: blocks.map((block) => toContext(block.item, block.n, block.text, block.truncated)),
      usage: { contextTokens, promptTokens: countTokens(prompt) },
    };
  }
}

function toContext(
  passage: RetrievedPassage,
  n: number,
  text: string,
  truncated: boolean,
): AugmentedContext {
  const url = passage.metadata.url;
  return {
    n,
    documentId: passage.documentId,
    title: passage.title ?? null,
    section: passage.context ?? null,
    url: typeof url === 'string' && url !== '' ? url : null,
    text,
    score: passage.score,
    truncated,
    chunkIds: passage.chunkIds,
  };
}
