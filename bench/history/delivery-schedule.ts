import { pickDistinct } from '../corpus/corpus-generator';
import { seededRandom } from '../corpus/prng';

/** One push delivery: the commit (index into the history) and whether it is a redelivery. */
export interface Delivery {
  commit: number;
  redelivery: boolean;
}

export interface DisorderOptions {
  /** How far, in changes, a delivery may be overtaken or overtake (about 25). */
  windowChanges: number;
  /** Share of commits delivered a second time (about 0.1). */
  redeliveryShare: number;
  seed: number;
}

/** The control run: every commit once, oldest first. */
export function inOrderSchedule(commits: number): Delivery[] {
  return Array.from({ length: commits }, (_, commit) => ({ commit, redelivery: false }));
}

/**
 * Pushes as webhook retries and parallel senders deliver them: commit i is due at the position of
 * its first change in the history (changes before it) plus a uniform jitter of up to
 * `windowChanges` changes, and deliveries go out in order of due position. So a commit can be
 * overtaken only by commits whose first change lies less than a window after its own. A seeded
 * `redeliveryShare` of the commits is delivered again, later by up to one more window (GitHub's
 * redeliveries repeat the same delivery). Same seed, same schedule.
 *
 * @param changeCounts changes per commit, oldest first.
 */
export function outOfOrderSchedule(
  changeCounts: readonly number[],
  options: DisorderOptions,
): Delivery[] {
  const random = seededRandom(options.seed);
  const due: Array<{ at: number; delivery: Delivery }> = [];
  let position = 0;
  for (let commit = 0; commit < changeCounts.length; commit++) {
    due.push({
      at: position + random() * options.windowChanges,
      delivery: { commit, redelivery: false },
    });
    position += changeCounts[commit];
  }
  const count = Math.round(options.redeliveryShare * changeCounts.length);
  for (const commit of pickDistinct(random, changeCounts.length, count)) {
    // Strictly after the first delivery: a retry follows what it retries.
    const at = due[commit].at + (1 - random()) * options.windowChanges;
    due.push({ at, delivery: { commit, redelivery: true } });
  }
  return due.sort((a, b) => a.at - b.at).map((entry) => entry.delivery);
}

export interface ScheduleStats {
  deliveries: number;
  redeliveries: number;
  /** First deliveries sent after the first delivery of a newer commit (overtaken pushes). */
  overtaken: number;
}

/** How disordered a schedule is, for the report. */
export function scheduleStats(schedule: readonly Delivery[]): ScheduleStats {
  let newest = -1;
  let overtaken = 0;
  let redeliveries = 0;
  for (const delivery of schedule) {
    if (delivery.redelivery) {
      redeliveries++;
      continue;
    }
    if (delivery.commit < newest) overtaken++;
    newest = Math.max(newest, delivery.commit);
  }
  return { deliveries: schedule.length, redeliveries, overtaken };
}
