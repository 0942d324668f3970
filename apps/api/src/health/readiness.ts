import { Injectable } from '@nestjs/common';

/**
 * Where the API is in its life: `serving`; `draining` after SIGTERM (it still serves everything,
 * but /ready answers 503 so load balancers move traffic away); `closing` (new requests are
 * refused with 503 while the ones in flight finish).
 */
export type ServingState = 'serving' | 'draining' | 'closing';

/** The API's serving state: read by /ready and the shutdown gate, moved on by the shutdown. */
@Injectable()
export class Readiness {
  private current: ServingState = 'serving';

  get state(): ServingState {
    return this.current;
  }

  /** /ready answers 503 from now on; requests are still served. */
  drain(): void {
    if (this.current === 'serving') this.current = 'draining';
  }

  /** New requests are refused from now on; in-flight ones finish. */
  close(): void {
    this.current = 'closing';
  }
}
