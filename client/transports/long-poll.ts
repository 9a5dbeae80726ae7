import { isFinal } from '../cloud-event';
import { getCheck, type HttpConfig } from '../http';
import type { Transport } from '../transport';

/**
 * Long polling: the first request reads the check; each next one waits on the server until
 * the version passes the last one delivered (`afterVersion`), or answers 304 after
 * `waitSeconds`. The server answers with the newest state, so versions may jump.
 */
export function longPollTransport(http: HttpConfig, waitSeconds: number): Transport {
  return {
    name: 'long-poll',
    streams: false,
    async connect(context) {
      while (!context.signal.aborted) {
        const last = context.lastVersion();
        const query: Record<string, string> =
          last === undefined ? {} : { waitSeconds: String(waitSeconds), afterVersion: String(last) };
        const { event } = await getCheck(http, context, query);
        if (event === undefined) continue;
        context.deliver(event, true);
        if (isFinal(event)) return;
      }
    },
  };
}
