import type { FuzzReport } from './fuzz-report';
import { printable, sendRaw, type RawOutcome } from './raw-http';
import type { RawCase } from './raw-requests';
import { checkResponse, excerpt, type Violation } from './response-oracle';

/** A raw case must be answered or closed within this (measured, not slept). */
export const RAW_BOUND_MS = 5000;

/**
 * A raw case's outcome: an answer within the bound is checked like any response (with the
 * statuses the case allows); a clean close is fine unless the issue names an answer; a reset or
 * no outcome within the bound is a violation (issue item 9).
 */
export function checkRawOutcome(
  rawCase: RawCase,
  outcome: RawOutcome,
  markers: readonly RegExp[],
): Violation[] {
  switch (outcome.kind) {
    case 'response':
      return checkResponse(
        {
          method: rawCase.method,
          url: rawCase.url,
          sent: rawCase.bytes.toString('latin1'),
          expect: { status: rawCase.status },
        },
        outcome.response,
        markers,
      );
    case 'closed':
      return rawCase.mustAnswer
        ? [
            {
              check: 'no-answer',
              detail: `closed after ${outcome.ms} ms without a response (received ${outcome.partial})`,
            },
          ]
        : [];
    case 'reset':
      return [
        {
          check: 'reset',
          detail: `${outcome.error} after ${outcome.ms} ms (received ${outcome.partial})`,
        },
      ];
    case 'held':
      return [
        {
          check: 'held',
          detail: `no answer and no close within ${RAW_BOUND_MS} ms (received ${outcome.partial})`,
        },
      ];
  }
}

/** Sends one raw case and records its outcome and violations. */
export async function runRawCase(
  port: number,
  rawCase: RawCase,
  report: FuzzReport,
  markers: readonly RegExp[],
): Promise<void> {
  const outcome = await sendRaw(port, rawCase.bytes, RAW_BOUND_MS, rawCase.method === 'HEAD');
  report.recordCase(
    'raw',
    outcome.kind === 'response' ? String(outcome.response.status) : outcome.kind,
  );
  const response =
    outcome.kind === 'response'
      ? `${outcome.response.status} ${excerpt(outcome.response.body, 300)}`
      : `${outcome.kind} after ${outcome.ms} ms`;
  for (const violation of checkRawOutcome(rawCase, outcome, markers)) {
    report.addViolation('raw', violation.check, rawCase.category, {
      request: `raw bytes ${printable(rawCase.bytes, 300)}`,
      size: rawCase.bytes.length,
      response,
      detail: violation.detail,
    });
  }
}
