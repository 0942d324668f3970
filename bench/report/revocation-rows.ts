import type { RevocationResult } from '../phases/revocation.phase';
import { fmt, verdict, type ReportRow } from './report-rows';

/** The revocation phase's rows: latency, leaks, and what the ACL-only changes cost. */
export function revocationRows(r: RevocationResult): ReportRow[] {
  const errors = `lost ${r.lost}, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}`;
  return [
    {
      section: 'revocation',
      metric: `202 -> gone for the removed principal, ${r.offeredRate}/s for ${r.seconds} s (${r.changes} ACL changes over ${r.documents} docs, sent at ${fmt(r.achievedRate)}/s)`,
      value: `p50 ${fmt(r.gone.p50, 0)} / p95 ${fmt(r.gone.p95, 0)} / p99 ${fmt(r.gone.p99, 0)} / max ${fmt(r.gone.max, 0)} ms (n ${r.gone.count}); ${errors}`,
    },
    {
      section: 'revocation',
      metric: 'leaks: a query after the event completed still returned the document',
      value: `${r.leaks} of ${r.changes}`,
      target: '0',
      status: verdict(r.leaks === 0 && r.changes > 0),
    },
    {
      section: 'revocation',
      metric: 'ACL-only changes: not completed / texts embedded / final ACLs wrong',
      value: `${r.notCompleted} / ${r.textsEmbedded} / ${r.wrongAtEnd} of ${r.documents} docs`,
      target: '0 / 0 / 0',
      status: verdict(r.notCompleted === 0 && r.textsEmbedded === 0 && r.wrongAtEnd === 0),
    },
    {
      section: 'revocation',
      metric: 'PUT -> 202 under that load',
      value: `p50 ${fmt(r.accept.p50, 0)} / p99 ${fmt(r.accept.p99, 0)} ms`,
    },
  ];
}
