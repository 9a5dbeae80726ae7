export type HttpProtocol = 'http' | 'https';

export const isHttpProtocol = (protocol: string | undefined): protocol is HttpProtocol =>
  protocol === 'http' || protocol === 'https';

/** What the sandbox knows of an HTTP/S subscription beyond what fauxqs keeps. */
export interface HttpSubscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: HttpProtocol;
  readonly endpoint: string;
  /** The confirmation token, which AWS makes long and opaque; fauxqs's own is the ARN. */
  readonly token: string;
  readonly confirmed: boolean;
  /** True when the confirmation came through the signed API, false through the SubscribeURL. */
  readonly confirmationWasAuthenticated: boolean;
}

/** A confirmed subscription that was removed, which its UnsubscribeConfirmation token restores. */
export interface DeactivatedSubscription {
  readonly topicArn: string;
  readonly protocol: HttpProtocol;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The HTTP/S subscriptions and their confirmation tokens, kept in step with fauxqs by
 * watching the answers to Subscribe, ConfirmSubscription, Unsubscribe and DeleteTopic.
 */
export class HttpSubscriptions {
  private readonly byArn = new Map<string, HttpSubscription>();
  private readonly arnByToken = new Map<string, string>();
  private readonly deactivatedByToken = new Map<string, DeactivatedSubscription>();

  constructor(private readonly newToken: () => string) {}

  /** The subscription fauxqs answered Subscribe with: the one known, or a new pending one. */
  track(arn: string, topicArn: string, protocol: HttpProtocol, endpoint: string): HttpSubscription {
    const known = this.byArn.get(arn);
    if (known !== undefined) return known;
    const subscription: HttpSubscription = {
      arn,
      topicArn,
      protocol,
      endpoint,
      token: this.newToken(),
      confirmed: false,
      confirmationWasAuthenticated: false,
    };
    this.byArn.set(arn, subscription);
    this.arnByToken.set(subscription.token, arn);
    return subscription;
  }

  get(arn: string): HttpSubscription | undefined {
    return this.byArn.get(arn);
  }

  byToken(token: string): HttpSubscription | undefined {
    const arn = this.arnByToken.get(token);
    return arn === undefined ? undefined : this.byArn.get(arn);
  }

  confirm(arn: string, authenticated: boolean): void {
    const subscription = this.byArn.get(arn);
    if (subscription === undefined || subscription.confirmed) return;
    this.byArn.set(arn, { ...subscription, confirmed: true, confirmationWasAuthenticated: authenticated });
  }

  remove(arn: string): HttpSubscription | undefined {
    const subscription = this.byArn.get(arn);
    if (subscription === undefined) return undefined;
    this.byArn.delete(arn);
    this.arnByToken.delete(subscription.token);
    return subscription;
  }

  removeTopic(topicArn: string): void {
    for (const subscription of [...this.byArn.values()]) {
      if (subscription.topicArn === topicArn) this.remove(subscription.arn);
    }
    for (const [token, deactivated] of [...this.deactivatedByToken]) {
      if (deactivated.topicArn === topicArn) this.deactivatedByToken.delete(token);
    }
  }

  isPending(arn: string): boolean {
    return this.byArn.get(arn)?.confirmed === false;
  }

  /** The confirmed subscriptions of a topic, in the order they were made. */
  confirmedOf(topicArn: string): HttpSubscription[] {
    return [...this.byArn.values()].filter((s) => s.topicArn === topicArn && s.confirmed);
  }

  /** Remembers a removed subscription under a new token, which is returned. */
  deactivate(subscription: DeactivatedSubscription): string {
    const token = this.newToken();
    this.deactivatedByToken.set(token, subscription);
    return token;
  }

  /** The subscription a restore token brings back to `topicArn`; the token works once. */
  takeDeactivated(token: string, topicArn: string): DeactivatedSubscription | undefined {
    const subscription = this.deactivatedByToken.get(token);
    if (subscription?.topicArn !== topicArn) return undefined;
    this.deactivatedByToken.delete(token);
    return subscription;
  }
}
