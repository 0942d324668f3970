import type { Schemas } from '@qdrant/js-client-rest';
import { PUBLIC_PRINCIPAL, type MetadataValue } from '@ragline/events';
import type { MetadataCondition, PointFilter, ReadAccess } from '../../vector-store.port';

type Condition = Schemas['Condition'];
type Filter = Schemas['Filter'];

/** Payload keys the adapter writes and filters on. */
export const PAYLOAD_KEYS = {
  tenant: 'tenant',
  documentId: 'documentId',
  source: 'source',
  version: 'version',
  metadata: 'metadata',
  acl: 'acl',
} as const;

/**
 * Translates the port's filter to a Qdrant filter. Every filter carries the tenant condition, so
 * reads and deletes use the tenant index and never cross tenants; a read by principals also
 * carries the permission condition on the indexed `acl` keywords.
 */
export function toQdrantFilter(
  tenant: string,
  filter: PointFilter = {},
  access?: ReadAccess,
): Filter {
  const must = conditionsOf(tenant, filter);
  if (access !== undefined && access.principals !== 'all') {
    must.push({
      key: PAYLOAD_KEYS.acl,
      match: { any: [PUBLIC_PRINCIPAL, ...new Set(access.principals)] },
    });
  }
  return { must };
}

function conditionsOf(tenant: string, filter: PointFilter): Condition[] {
  const must: Condition[] = [matchValue(PAYLOAD_KEYS.tenant, tenant)];
  if (filter.documentId !== undefined) {
    must.push(matchValue(PAYLOAD_KEYS.documentId, filter.documentId));
  }
  if (filter.source !== undefined) must.push(matchValue(PAYLOAD_KEYS.source, filter.source));
  for (const [key, condition] of Object.entries(filter.metadata ?? {})) {
    must.push(metadataCondition(`${PAYLOAD_KEYS.metadata}.${key}`, condition));
  }
  return must;
}

/**
 * The document's points that are not in `keepIds`: what a replace leaves behind. With
 * `maxVersion`, points written for a newer version are kept too (version guard).
 */
export function staleChunksFilter(
  tenant: string,
  documentId: string,
  keepIds: readonly string[],
  maxVersion?: number,
): Filter {
  const must = conditionsOf(tenant, { documentId });
  if (maxVersion !== undefined) must.push(versionAtMost(maxVersion));
  const ids = [...new Set(keepIds)];
  // An empty has_id is pointless: with nothing to keep, every chunk of the document goes.
  return ids.length === 0 ? { must } : { must, must_not: [{ has_id: ids }] };
}

/** Conditional-upsert filter: overwrite only stored points whose version is not newer. */
export function versionGuardFilter(version: number): Filter {
  return { must: [versionAtMost(version)] };
}

function versionAtMost(version: number): Condition {
  return { key: PAYLOAD_KEYS.version, range: { lte: version } };
}

function metadataCondition(key: string, condition: MetadataCondition): Condition {
  if (isScalar(condition)) return scalarCondition(key, condition);
  if ('anyOf' in condition) return anyOfCondition(key, condition.anyOf);
  const { gt, gte, lt, lte } = condition;
  return { key, range: { gt, gte, lt, lte } };
}

function anyOfCondition(key: string, values: readonly MetadataValue[]): Condition {
  const unique = [...new Set(values)];
  // Qdrant's `any` takes only all-string or all-integer lists (uniqueItems).
  if (unique.every((v): v is string => typeof v === 'string'))
    return { key, match: { any: unique } };
  if (unique.every((v): v is number => Number.isInteger(v))) return { key, match: { any: unique } };
  return { should: unique.map((v) => scalarCondition(key, v)) };
}

function scalarCondition(key: string, value: MetadataValue): Condition {
  // `match.value` is string, int64 or boolean: a fractional number is matched as a point range.
  if (typeof value === 'number' && !Number.isInteger(value)) {
    return { key, range: { gte: value, lte: value } };
  }
  return matchValue(key, value);
}

function matchValue(key: string, value: string | number | boolean): Condition {
  return { key, match: { value } };
}

function isScalar(condition: MetadataCondition): condition is MetadataValue {
  return typeof condition !== 'object' || condition === null;
}
