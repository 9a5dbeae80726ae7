import { channelMatches, type Channel } from './channels';

/** Where a subscription's events go: one realtime connection. */
export interface Subscriber {
  deliver(subscriptionId: string, event: string): void;
}

interface Subscription {
  readonly subscriber: Subscriber;
  readonly id: string;
  readonly channel: Channel;
}

/**
 * Every live subscription of one API, by namespace, so a publish finds its subscribers
 * without looking at other namespaces. Events reach each subscription in the order published.
 */
export class ChannelHub {
  private readonly byNamespace = new Map<string, Set<Subscription>>();
  private readonly bySubscriber = new Map<Subscriber, Map<string, Subscription>>();

  subscriptionCount(subscriber: Subscriber): number {
    return this.bySubscriber.get(subscriber)?.size ?? 0;
  }

  has(subscriber: Subscriber, id: string): boolean {
    return this.bySubscriber.get(subscriber)?.has(id) ?? false;
  }

  add(subscriber: Subscriber, id: string, channel: Channel): void {
    const subscription = { subscriber, id, channel };
    const own = this.bySubscriber.get(subscriber) ?? new Map<string, Subscription>();
    own.set(id, subscription);
    this.bySubscriber.set(subscriber, own);
    const namespace = this.byNamespace.get(channel.namespace) ?? new Set<Subscription>();
    namespace.add(subscription);
    this.byNamespace.set(channel.namespace, namespace);
  }

  /** False when the subscriber had no subscription of that id. */
  remove(subscriber: Subscriber, id: string): boolean {
    const own = this.bySubscriber.get(subscriber);
    const subscription = own?.get(id);
    if (own === undefined || subscription === undefined) return false;
    own.delete(id);
    if (own.size === 0) this.bySubscriber.delete(subscriber);
    const namespace = this.byNamespace.get(subscription.channel.namespace);
    namespace?.delete(subscription);
    if (namespace?.size === 0) this.byNamespace.delete(subscription.channel.namespace);
    return true;
  }

  removeAll(subscriber: Subscriber): void {
    for (const id of [...(this.bySubscriber.get(subscriber)?.keys() ?? [])]) this.remove(subscriber, id);
  }

  /** Sends each event to every matching subscription; answers how many deliveries that made. */
  publish(channel: Channel, events: readonly string[]): number {
    const matching = [...(this.byNamespace.get(channel.namespace) ?? [])].filter((subscription) =>
      channelMatches(subscription.channel, channel),
    );
    for (const event of events) {
      for (const { subscriber, id } of matching) subscriber.deliver(id, event);
    }
    return matching.length * events.length;
  }
}
