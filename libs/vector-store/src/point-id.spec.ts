import { pointId } from './point-id';

describe('pointId', () => {
  it('is a stable UUID v5 of its inputs', () => {
    const id = pointId('default', 'doc-1', 'abc', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pointId('default', 'doc-1', 'abc', 0)).toBe(id);
  });

  it('differs by library, document, content and occurrence', () => {
    const ids = new Set([
      pointId('default', 'doc-1', 'abc', 0),
      pointId('other', 'doc-1', 'abc', 0),
      pointId('default', 'doc-2', 'abc', 0),
      pointId('default', 'doc-1', 'abd', 0),
      pointId('default', 'doc-1', 'abc', 1),
    ]);
    expect(ids.size).toBe(5);
  });
});
