import {
  inOrderSchedule,
  outOfOrderSchedule,
  scheduleStats,
  type Delivery,
} from './delivery-schedule';

/** Changes before each commit: the position a delivery's disorder is measured in. */
function offsets(counts: readonly number[]): number[] {
  const result: number[] = [];
  counts.reduce((position, count) => (result.push(position), position + count), 0);
  return result;
}

const counts = Array.from({ length: 300 }, (_, i) => 1 + ((i * 7) % 5));
const options = { windowChanges: 25, redeliveryShare: 0.1, seed: 42 };

describe('inOrderSchedule', () => {
  it('delivers every commit once, oldest first', () => {
    expect(inOrderSchedule(3)).toEqual([
      { commit: 0, redelivery: false },
      { commit: 1, redelivery: false },
      { commit: 2, redelivery: false },
    ]);
    expect(scheduleStats(inOrderSchedule(50))).toEqual({
      deliveries: 50,
      redeliveries: 0,
      overtaken: 0,
    });
  });
});

describe('outOfOrderSchedule', () => {
  const schedule = outOfOrderSchedule(counts, options);
  const firsts = schedule.filter((d) => !d.redelivery);

  it('delivers every commit once, and the given share of them a second time', () => {
    expect(firsts.map((d) => d.commit).sort((a, b) => a - b)).toEqual(counts.map((_, i) => i));
    const again = schedule.filter((d) => d.redelivery);
    expect(again).toHaveLength(30);
    expect(new Set(again.map((d) => d.commit)).size).toBe(30);
  });

  it('sends a redelivery after its first delivery', () => {
    schedule.forEach((delivery, at) => {
      if (!delivery.redelivery) return;
      const first = schedule.findIndex((d) => d.commit === delivery.commit && !d.redelivery);
      expect(first).toBeLessThan(at);
    });
  });

  it('lets a commit be overtaken only by commits less than a window of changes after it', () => {
    const position = offsets(counts);
    let overtakes = 0;
    firsts.forEach((later, at) => {
      for (const earlier of firsts.slice(at + 1)) {
        if (earlier.commit >= later.commit) continue;
        overtakes++;
        expect(position[later.commit] - position[earlier.commit]).toBeLessThan(25);
      }
    });
    expect(overtakes).toBeGreaterThan(0);
    expect(scheduleStats(schedule).overtaken).toBeGreaterThan(0);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(outOfOrderSchedule(counts, options)).toEqual(schedule);
    expect(outOfOrderSchedule(counts, { ...options, seed: 43 })).not.toEqual(schedule);
  });

  it('is the in-order schedule without a window or redeliveries', () => {
    expect(
      outOfOrderSchedule(counts, { ...options, windowChanges: 0, redeliveryShare: 0 }),
    ).toEqual(inOrderSchedule(counts.length));
  });
});

describe('scheduleStats', () => {
  it('counts deliveries, redeliveries and first deliveries sent after a newer commit', () => {
    const schedule: Delivery[] = [
      { commit: 1, redelivery: false },
      { commit: 0, redelivery: false },
      { commit: 1, redelivery: true },
      { commit: 3, redelivery: false },
      { commit: 2, redelivery: false },
    ];
    expect(scheduleStats(schedule)).toEqual({ deliveries: 5, redeliveries: 1, overtaken: 2 });
  });
});
