import type { RawData, WebSocket } from 'ws';

/** Polls until `check` returns a value; fails the test with `what` if it never does. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects every message a client receives, as text. */
export function collectMessages(socket: WebSocket): string[] {
  const messages: string[] = [];
  socket.on('message', (data: RawData) => messages.push(String(data)));
  return messages;
}

export function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
}
