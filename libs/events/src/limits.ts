/**
 * Request bounds, in one place: the schemas enforce them (a request over one gets a 400 naming
 * the field and the limit) and the README's "Limits" table lists them.
 */
export const LIMITS = {
  /** Keys in one document's metadata. */
  metadataKeys: 64,
  /** Characters of one metadata string value. */
  metadataValueChars: 2048,
  /** Bytes of a document's metadata, as JSON. */
  metadataBytes: 16 * 1024,
  /** Characters of a document title. */
  titleChars: 1024,
  /** Characters of a query. */
  queryChars: 8192,
  /** Results per query. */
  topK: 100,
  /** Metadata conditions in one filter. */
  filterConditions: 32,
  /** Values in one `anyOf`. */
  anyOfValues: 100,
  /** Event ids in one read-your-writes `afterEvents` list. */
  afterEvents: 100,
  /** Principals in one document's `acl.read`. */
  aclEntries: 256,
  /** Principals a query may read as (`principals`, or bound to a key). */
  principals: 100,
} as const;
