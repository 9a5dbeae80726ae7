import { ClientPool } from './client-pool';
import type { FleetReply, FleetRequest } from './client-fleet-protocol';

/**
 * One process of a `ClientFleet`: a `ClientPool` of its share of the connections, driven over
 * the IPC channel. Run with `node --import tsx`.
 */
let pool: ClientPool | undefined;

function reply(message: FleetReply): void {
  process.send?.(message);
}

function opened(): ClientPool {
  if (pool === undefined) throw new Error('The pool is not open');
  return pool;
}

async function answer(request: FleetRequest): Promise<unknown> {
  switch (request.type) {
    case 'open': {
      let last = 0;
      pool = await ClientPool.open(request.url, request.count, {
        localAddress: request.localAddress,
        dialect: request.dialect,
        onProgress: (done) => {
          // Every 1% is enough for a progress line, and keeps the channel quiet.
          if (done - last >= Math.max(1, Math.floor(request.count / 100)) || done === request.count) {
            last = done;
            reply({ type: 'progress', opened: done });
          }
        },
      });
      return pool.size;
    }
    case 'requestAll':
      return opened().requestAll(request.message, request.replyKey, request.window, request.timeoutMs);
    case 'waitForAll':
      return opened().waitFor(request.key, opened().size, request.timeoutMs);
    case 'times':
      return opened().times(request.key);
    case 'receivers':
      return opened().receivers(request.key);
    case 'lastText':
      return opened().lastText(request.key) ?? null;
    case 'forget':
      return opened().forget(request.key);
    case 'close':
      await pool?.close();
      pool = undefined;
      return null;
  }
}

process.on('message', (request: FleetRequest) => {
  answer(request).then(
    (value) => reply({ type: 'answer', id: request.id, value: value ?? null }),
    (error: unknown) =>
      reply({
        type: 'failed',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
