import { summarize, type LatencySummary } from './percentiles';

/** What the bench saw of one ACL change that removed a principal. */
export interface RevocationSample {
  eventId: string;
  /** 202 to the first query response (as the removed principal) without the document, ms. */
  goneMs?: number;
  /**
   * A response computed after the change's event was final (the `consistency.afterEvents` query,
   * or any poll after it) still returned the document to the removed principal.
   */
  returnedAfterFinal: boolean;
}

export interface RevocationTally {
  changes: number;
  gone: LatencySummary;
  /** Changes whose document was still returned when the timeout ran out. */
  lost: number;
  /** Changes whose event reached `completed` and a later query still returned the document. */
  leaks: number;
  /** Changes whose event ended other than `completed` (failed, superseded) or had not ended. */
  notCompleted: number;
}

/**
 * Counts a run's revocations. `statusOf` gives each event's final status, read after the run
 * (a status is final once reached, so it was already that when the afterEvents query returned).
 */
export function tallyRevocations(
  samples: readonly RevocationSample[],
  statusOf: (eventId: string) => string | undefined,
): RevocationTally {
  const gone: number[] = [];
  let lost = 0;
  let leaks = 0;
  let notCompleted = 0;
  for (const sample of samples) {
    if (sample.goneMs === undefined) lost++;
    else gone.push(sample.goneMs);
    const completed = statusOf(sample.eventId) === 'completed';
    if (!completed) notCompleted++;
    else if (sample.returnedAfterFinal) leaks++;
  }
  return { changes: samples.length, gone: summarize(gone), lost, leaks, notCompleted };
}
