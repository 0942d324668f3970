import { deleteGuard, planFromDiff, planFromTree } from './sync-plan';

const md = (path: string) => path.endsWith('.md');

describe('planFromDiff', () => {
  it('turns adds, modifies, deletes and renames into upserts and deletes', () => {
    const known = new Map([
      ['a.md', 'b1'],
      ['old/r.md', 'b2'],
      ['gone.md', 'b3'],
      ['same.md', 'b4'],
    ]);
    const plan = planFromDiff(
      [
        { op: 'modify', path: 'a.md', blob: 'b1x' },
        { op: 'rename', from: 'old/r.md', path: 'new/r.md', blob: 'b2' },
        { op: 'delete', path: 'gone.md' },
        { op: 'add', path: 'fresh.md', blob: 'b5' },
        { op: 'add', path: 'image.png', blob: 'b6' },
        { op: 'modify', path: 'same.md', blob: 'b4' },
      ],
      md,
      known,
    );
    expect(plan.upserts).toEqual([
      { path: 'a.md', blob: 'b1x', change: 'modified' },
      { path: 'new/r.md', blob: 'b2', change: 'renamed' },
      { path: 'fresh.md', blob: 'b5', change: 'added' },
    ]);
    expect(plan.deletes.sort()).toEqual(['gone.md', 'old/r.md']);
    expect(plan).toMatchObject({ scanned: 5, unchanged: 1, renamed: 1 });
  });

  it('judges each side of a rename by the globs', () => {
    const known = new Map([['docs/x.md', 'b']]);
    const out = planFromDiff(
      [{ op: 'rename', from: 'docs/x.md', path: 'docs/x.txt', blob: 'b' }],
      md,
      known,
    );
    expect(out).toMatchObject({ upserts: [], deletes: ['docs/x.md'] });
    const into = planFromDiff(
      [{ op: 'rename', from: 'x.txt', path: 'x.md', blob: 'b' }],
      md,
      new Map(),
    );
    expect(into.upserts).toEqual([{ path: 'x.md', blob: 'b', change: 'added' }]);
  });
});

describe('planFromTree', () => {
  it('adds new paths, modifies changed blobs, deletes what the head no longer holds', () => {
    const plan = planFromTree(
      [
        { path: 'a.md', blob: '1' },
        { path: 'b.md', blob: '2x' },
        { path: 'c.md', blob: '3' },
        { path: 'skip.png', blob: '9' },
      ],
      md,
      new Map([
        ['a.md', '1'],
        ['b.md', '2'],
        ['d.md', '4'],
      ]),
    );
    expect(plan.upserts).toEqual([
      { path: 'b.md', blob: '2x', change: 'modified' },
      { path: 'c.md', blob: '3', change: 'added' },
    ]);
    expect(plan.deletes).toEqual(['d.md']);
    expect(plan).toMatchObject({ scanned: 3, unchanged: 1 });
  });
});

describe('deleteGuard', () => {
  const known = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`f${i}.md`, 'b']));

  it('refuses a sweep whose listing is empty, or that deletes more than the share', () => {
    expect(deleteGuard(planFromTree([], md, known(10)), 10, 0.2)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/holds no included file/),
    });
    const truncated = planFromTree([{ path: 'f0.md', blob: 'b' }], md, known(10));
    expect(deleteGuard(truncated, 10, 0.2)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/delete 9 of 10/),
    });
  });

  it('lets ordinary sweeps through', () => {
    const files = Array.from({ length: 9 }, (_, i) => ({ path: `f${i}.md`, blob: 'b' }));
    expect(deleteGuard(planFromTree(files, md, known(10)), 10, 0.2)).toEqual({ allowed: true });
    expect(deleteGuard(planFromTree(files, md, new Map()), 0, 0.2)).toEqual({ allowed: true });
  });
});
