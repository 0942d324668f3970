import { countTokens } from '../token-counter';
import { chunkContext } from './chunk-context';

describe('chunkContext', () => {
  it('joins the heading path with " > ", and is undefined for an empty path', () => {
    expect(chunkContext(['Guide', 'Tracing', 'Filters'], 256)).toBe('Guide > Tracing > Filters');
    expect(chunkContext([], 256)).toBeUndefined();
  });

  it('keeps a long path’s start within a quarter of the chunk budget, ending with …', () => {
    const path = ['Guide', 'A heading that goes on '.repeat(40), 'Leaf'];
    const context = chunkContext(path, 128);
    expect(context).toBeDefined();
    expect(context?.startsWith('Guide > A heading that goes on')).toBe(true);
    expect(context?.endsWith('…')).toBe(true);
    expect(countTokens(context ?? '')).toBeLessThanOrEqual(32);
    expect(countTokens(context ?? '')).toBeGreaterThan(24);
    expect(chunkContext(path, 128)).toBe(context);
  });

  it('leaves no dangling separator wherever the cut falls', () => {
    const path = ['one two three four', 'five six seven eight', 'nine ten eleven twelve'];
    const contexts = new Set<string>();
    for (let size = 4; size < 60; size += 1) {
      const context = chunkContext(path, size);
      if (context === undefined || !context.endsWith('…')) continue;
      contexts.add(context);
      expect(context).toMatch(/[^\s>]…$/);
      expect(countTokens(context)).toBeLessThanOrEqual(Math.floor(size / 4));
    }
    expect(contexts.size).toBeGreaterThan(3);
  });

  it('drops a context that cannot fit at all', () => {
    expect(chunkContext(['Guide'], 3)).toBeUndefined();
  });
});
