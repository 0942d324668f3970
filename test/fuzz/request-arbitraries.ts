import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-case';
import {
  deleteRequestArb,
  getDocumentRequestArb,
  putRequestArb,
  type FuzzContext,
} from './document-requests';
import { listRequestArb } from './list-requests';
import {
  emptyJsonEveryMethodArb,
  eventRequestArb,
  headRequestArb,
  serviceRequestArb,
  unknownRouteArb,
  wrongMethodArb,
} from './misc-requests';
import { retrievalRequestArb } from './query-requests';

export type { FuzzContext } from './document-requests';

/**
 * Every route, weighted by how many shapes its input has: intake and queries most, the fixed
 * routes (status, health, web) and unknown routes and methods less.
 */
export function requestArb(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 22, arbitrary: putRequestArb(context) },
    { weight: 8, arbitrary: deleteRequestArb(context) },
    { weight: 6, arbitrary: getDocumentRequestArb(context) },
    { weight: 6, arbitrary: listRequestArb },
    { weight: 4, arbitrary: eventRequestArb },
    { weight: 16, arbitrary: retrievalRequestArb('query') },
    { weight: 10, arbitrary: retrievalRequestArb('augment') },
    { weight: 5, arbitrary: serviceRequestArb },
    { weight: 4, arbitrary: unknownRouteArb },
    { weight: 4, arbitrary: wrongMethodArb },
    { weight: 5, arbitrary: emptyJsonEveryMethodArb },
    { weight: 1, arbitrary: headRequestArb },
  );
}

/** Queries for the property with a worker: a non-empty store, every mode, quoted text. */
export function storeQueryArb(): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(retrievalRequestArb('query'), retrievalRequestArb('augment'));
}
