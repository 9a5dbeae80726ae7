import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';

/** Where SIGUSR1 opens a Node process's inspector (Node's default). */
const INSPECTOR = 'http://127.0.0.1:9229';
const OPEN_TIMEOUT_MS = 10_000;
/** Workers attach as events after `NodeWorker.enable`; this long without a new one ends the wait. */
const ATTACH_QUIET_MS = 500;

interface InspectorMessage {
  readonly id?: number;
  readonly method?: string;
  readonly params?: { readonly sessionId?: string; readonly message?: string };
}

/** The processes whose inspector this process opened; it stays open until they end. */
const opened = new Set<number>();

async function inspectorTargets(): Promise<{ webSocketDebuggerUrl: string }[] | undefined> {
  try {
    return (await (await fetch(`${INSPECTOR}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  } catch {
    return undefined;
  }
}

async function debuggerUrl(pid: number): Promise<string> {
  if (!opened.has(pid)) {
    // Another process's inspector on the port would be the one answering, and collected.
    if ((await inspectorTargets()) !== undefined) {
      throw new Error(`Another inspector listens on ${INSPECTOR}: stop it to measure memory`);
    }
    process.kill(pid, 'SIGUSR1');
    opened.add(pid);
  }
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  for (;;) {
    const targets = await inspectorTargets();
    if (targets !== undefined && targets.length > 0) return targets[0].webSocketDebuggerUrl;
    if (Date.now() > deadline) throw new Error(`The inspector of ${pid} did not open on ${INSPECTOR}`);
    await delay(200);
  }
}

/**
 * A full garbage collection in a Node process and in each of its worker threads (the
 * sandbox's Lambda environments), through the inspector that SIGUSR1 opens. RSS read after
 * it is what the process holds, not what it has yet to collect: without it, an idle process
 * keeps its garbage until its next allocation, and the difference is larger than what
 * thousands of idle connections cost.
 */
export async function collectGarbage(pid: number): Promise<{ readonly workers: number }> {
  const socket = new WebSocket(await debuggerUrl(pid), { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 0;
  const pending = new Map<number, () => void>();
  const workerPending = new Map<string, () => void>();
  const sessions: string[] = [];
  let lastAttach = Date.now();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as InspectorMessage;
    if (message.id !== undefined) pending.get(message.id)?.();
    if (message.method === 'NodeWorker.attachedToWorker' && message.params?.sessionId !== undefined) {
      sessions.push(message.params.sessionId);
      lastAttach = Date.now();
    }
    if (
      message.method === 'NodeWorker.receivedMessageFromWorker' &&
      message.params?.sessionId !== undefined
    ) {
      const reply = JSON.parse(message.params.message ?? '{}') as InspectorMessage;
      if (reply.id !== undefined) workerPending.get(`${message.params.sessionId}:${reply.id}`)?.();
    }
  });
  const call = (method: string, params: object = {}) =>
    new Promise<void>((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      socket.send(JSON.stringify({ id: nextId, method, params }));
    });
  const callWorker = (sessionId: string, method: string) =>
    new Promise<void>((resolve) => {
      nextId += 1;
      workerPending.set(`${sessionId}:${nextId}`, resolve);
      const message = JSON.stringify({ id: nextId, method });
      void call('NodeWorker.sendMessageToWorker', { sessionId, message });
    });
  try {
    await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
    while (Date.now() - lastAttach < ATTACH_QUIET_MS) await delay(100);
    for (const sessionId of sessions) await callWorker(sessionId, 'HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    await call('NodeWorker.disable');
  } finally {
    socket.close();
  }
  return { workers: sessions.length };
}
