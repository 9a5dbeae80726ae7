import type { Authorities } from './authorize';
import type { ChannelHub } from './channel-hub';
import type { EventApiLimits, EventApiModel } from './model';

/** What the HTTP and realtime endpoints of one Event API share. */
export interface EventApiService {
  readonly api: EventApiModel;
  readonly limits: EventApiLimits;
  readonly hub: ChannelHub;
  readonly authorities: Authorities;
  readonly log: (line: string) => void;
}
