export { chunkContext } from './chunk-context';
export { parseFrontMatter, type FrontMatter } from './front-matter';
export type { FrontMatterData, FrontMatterValue } from './front-matter-metadata';
export { plainHeadingText } from './heading-text';
export { markdownTitle, splitMarkdownSections, type MarkdownSection } from './markdown-sections';
export {
  inferFormat,
  parseDocument,
  type DocumentFormat,
  type ParseDocumentOptions,
  type ParsedDocument,
} from './parse-document';
