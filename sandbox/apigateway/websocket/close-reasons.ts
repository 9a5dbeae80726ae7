/** A close code and reason: what the client's close frame says and what `$disconnect` reports. */
export interface CloseCause {
  readonly code: number;
  readonly reason: string;
}

/** Captured from AWS: a connection idle for 10 minutes ends with 1001 "Going away". */
export const IDLE_TIMEOUT: CloseCause = { code: 1001, reason: 'Going away' };
/** Assumed to match the idle timeout; AWS's code for the 2-hour limit was not captured. */
export const MAX_DURATION: CloseCause = { code: 1001, reason: 'Going away' };
/** The sandbox stopping is the endpoint going away. */
export const SERVER_STOPPING: CloseCause = { code: 1001, reason: 'Going away' };
/** Captured from AWS: `DeleteConnection` gives `$disconnect` 1000 "Connection Closed Normally". */
export const DELETED_BY_BACKEND: CloseCause = { code: 1000, reason: 'Connection Closed Normally' };
/** AWS documents code 1009 for an oversized frame or message; the reason text is the sandbox's. */
export const FRAME_TOO_LARGE: CloseCause = { code: 1009, reason: 'Frame too large' };
export const MESSAGE_TOO_LARGE: CloseCause = { code: 1009, reason: 'Message too large' };
/** AWS documents that a binary frame from the client closes the connection with 1003. */
export const BINARY_UNSUPPORTED: CloseCause = { code: 1003, reason: 'Binary frames are not supported' };

/**
 * `disconnectReason` for a close the client started. 1000 and 1005 are AWS's words (captured);
 * otherwise the client's own reason, or a phrase for the code.
 */
const PHRASES: Readonly<Record<number, string>> = {
  1000: 'Connection Closed Normally',
  1001: 'Going away',
  1005: 'Client-side close frame status not set',
  1006: 'Connection Closed Abnormally',
};

export function clientCloseCause(code: number, reason: string): CloseCause {
  if (code === 1005 || code === 1006) return { code, reason: PHRASES[code] };
  return { code, reason: reason.length > 0 ? reason : (PHRASES[code] ?? '') };
}
