import { sleep } from '../backoff';
import { isFinal } from '../cloud-event';
import { getCheck, type HttpConfig } from '../http';
import type { Transport } from '../transport';

/**
 * Short polling: `GET /checks/{id}` every `intervalMs`, with `If-None-Match` so an unchanged
 * check costs a bodiless 304. The ETag is the quoted version (the contract: the version alone
 * identifies a representation), so a watch that falls back here resumes without a full body.
 */
export function pollTransport(http: HttpConfig, intervalMs: number): Transport {
  return {
    name: 'poll',
    streams: false,
    async connect(context) {
      let etag: string | undefined;
      while (!context.signal.aborted) {
        const last = context.lastVersion();
        const tag = etag ?? (last === undefined ? undefined : `"${last}"`);
        const answer = await getCheck(http, context, {}, tag === undefined ? {} : { 'If-None-Match': tag });
        etag = answer.etag ?? etag;
        if (answer.event !== undefined) {
          context.deliver(answer.event, true);
          if (isFinal(answer.event)) return;
        }
        await sleep(intervalMs, context.signal);
      }
    },
  };
}
