/**
 * Where webhooks may point. SNS delivers from AWS's network, but a URL naming an internal
 * address still says something is wrong, and the sandbox delivers from the developer's
 * own machine: there a link-local or metadata address could reach real credentials.
 *
 * Which webhook URLs `POST /subscriptions` accepts. `public-https`: https to public
 * addresses only. `allow-loopback-http`: also http and loopback, for the local sandbox only.
 * Link-local and metadata addresses are refused in both. The stack and the function both
 * read it from here, so what one configures the other understands.
 */
export const WEBHOOK_URL_POLICIES = ['public-https', 'allow-loopback-http'] as const;
export type WebhookUrlPolicy = (typeof WEBHOOK_URL_POLICIES)[number];

export const DEFAULT_WEBHOOK_URL_POLICY: WebhookUrlPolicy = 'public-https';

export function webhookUrlPolicyOf(value: string): WebhookUrlPolicy {
  const policy = WEBHOOK_URL_POLICIES.find((candidate) => candidate === value);
  if (policy === undefined) {
    throw new Error(`Unknown webhook URL policy "${value}": use ${WEBHOOK_URL_POLICIES.join(' or ')}`);
  }
  return policy;
}
