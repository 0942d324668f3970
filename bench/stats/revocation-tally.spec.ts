import { tallyRevocations } from './revocation-tally';

describe('tallyRevocations', () => {
  const statuses = new Map([
    ['e1', 'completed'],
    ['e2', 'completed'],
    ['e3', 'completed'],
    ['e4', 'failed'],
  ]);
  const statusOf = (id: string) => statuses.get(id);

  it('summarizes gone latencies and counts nothing wrong in clean revocations', () => {
    const tally = tallyRevocations(
      [
        { eventId: 'e1', goneMs: 30, returnedAfterFinal: false },
        { eventId: 'e2', goneMs: 10, returnedAfterFinal: false },
        { eventId: 'e3', goneMs: 20, returnedAfterFinal: false },
      ],
      statusOf,
    );
    expect(tally).toEqual({
      changes: 3,
      gone: { count: 3, p50: 20, p95: 30, p99: 30, max: 30, mean: 20 },
      lost: 0,
      leaks: 0,
      notCompleted: 0,
    });
  });

  it('counts a completed event whose document was still returned afterwards as a leak', () => {
    const tally = tallyRevocations(
      [
        { eventId: 'e1', goneMs: 50, returnedAfterFinal: true },
        { eventId: 'e2', returnedAfterFinal: true },
      ],
      statusOf,
    );
    expect(tally.leaks).toBe(2);
    expect(tally.lost).toBe(1);
    expect(tally.gone.count).toBe(1);
  });

  it('counts events that did not complete apart, never as leaks', () => {
    const tally = tallyRevocations(
      [
        { eventId: 'e4', returnedAfterFinal: true },
        { eventId: 'unknown', returnedAfterFinal: false },
      ],
      statusOf,
    );
    expect(tally).toMatchObject({ changes: 2, lost: 2, leaks: 0, notCompleted: 2 });
    expect(tally.gone.count).toBe(0);
  });
});
