import { REVOCATION_PRINCIPALS, revocationFor } from './revocation-plan';

describe('revocationFor', () => {
  it('removes one principal and keeps the other', () => {
    for (let slot = 0; slot < 4; slot++) {
      for (let ordinal = 0; ordinal < 6; ordinal++) {
        const { removed, kept } = revocationFor(slot, ordinal);
        expect(removed).not.toBe(kept);
        expect([removed, kept].sort()).toEqual([...REVOCATION_PRINCIPALS].sort());
      }
    }
  });

  it('removes, per document, the principal the previous change kept (restoring the other)', () => {
    const changes = [0, 1, 2, 3].map((ordinal) => revocationFor(3, ordinal));
    for (let i = 1; i < changes.length; i++) {
      expect(changes[i].removed).toBe(changes[i - 1].kept);
      expect(changes[i].kept).toBe(changes[i - 1].removed);
    }
  });

  it('alternates between neighbouring documents, so changes as sent alternate a, b, a, b', () => {
    expect([0, 1, 2, 3].map((slot) => revocationFor(slot, 0).removed)).toEqual([
      'group:a',
      'group:b',
      'group:a',
      'group:b',
    ]);
  });

  it('rejects negative or fractional positions', () => {
    expect(() => revocationFor(-1, 0)).toThrow('non-negative integers');
    expect(() => revocationFor(0, 1.5)).toThrow('non-negative integers');
  });
});
