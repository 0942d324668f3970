import { libraryKey, type LibraryRef } from '@ragline/events';

/**
 * BullMQ keys are `<prefix>:<queue>:…`. A library's queue prefix carries the library's hash tag,
 * `{tenant.library}`, the same tag as every registry key of the library, so all of them share one
 * Redis Cluster slot (see docs/decisions/0003).
 */
export function libraryQueuePrefix(prefix: string, library: LibraryRef): string {
  return `${prefix}:{${libraryKey(library)}}`;
}

/** The maintenance queue (library deletions) has a tag of its own. */
export function maintenanceQueuePrefix(prefix: string): string {
  return `${prefix}:{maintenance}`;
}
