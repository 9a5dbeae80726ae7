import type { ServerResponse } from 'node:http';
import { DELIVERY_EVENT, type WebhookDelivery } from '../src/contract';

/** Enough for the checks a person follows on the page; older deliveries are forgotten. */
const KEPT = 1000;
const HEARTBEAT_MS = 15_000;

/**
 * The webhook deliveries, streamed to every open page as server-sent events. A page that
 * connects gets the recent ones first; one that reconnects, only those after its Last-Event-ID.
 */
export class DeliveryFeed {
  private readonly kept: Array<{ readonly id: number; readonly delivery: WebhookDelivery }> = [];
  private readonly pages = new Set<ServerResponse>();
  private nextId = 1;
  private readonly heartbeat = setInterval(() => {
    for (const page of this.pages) page.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);

  add(delivery: WebhookDelivery): void {
    const entry = { id: this.nextId++, delivery };
    this.kept.push(entry);
    if (this.kept.length > KEPT) this.kept.shift();
    for (const page of this.pages) page.write(frame(entry.id, delivery));
  }

  open(response: ServerResponse, lastEventId: string | undefined): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    const after = Number(lastEventId ?? 0) || 0;
    for (const { id, delivery } of this.kept) if (id > after) response.write(frame(id, delivery));
    this.pages.add(response);
    response.on('close', () => this.pages.delete(response));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const page of this.pages) page.end();
    this.pages.clear();
  }
}

function frame(id: number, delivery: WebhookDelivery): string {
  return `id: ${id}\nevent: ${DELIVERY_EVENT}\ndata: ${JSON.stringify(delivery)}\n\n`;
}
