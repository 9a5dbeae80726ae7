import ipaddr from 'ipaddr.js';
import { ForbiddenUrlError, ValidationError } from '../shared/errors';
import type { WebhookEndpoint } from './webhook-topic';
import type { WebhookUrlPolicy } from './webhook-url-policy';

export type WebhookProtocol = 'https' | 'http';

/** Every address a host name resolves to; rejects when it does not resolve. */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

const METADATA_ADDRESSES = [ipaddr.parse('169.254.169.254'), ipaddr.parse('fd00:ec2::254')];

/** `::a.b.c.d`, deprecated by RFC 4291 and never routed, yet ipaddr.js calls it unicast. */
const IPV4_COMPATIBLE: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('::'), 96];

const RANGE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a unique local (private) address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

function sameAddress(a: IpAddress, b: IpAddress): boolean {
  return a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString();
}

/** The address, an IPv4-mapped IPv6 address as the IPv4 address it carries. */
export function parsedAddress(address: string): IpAddress {
  const ip = ipaddr.parse(address);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

/**
 * Why `address` may not receive webhooks, or undefined when it may: only public unicast
 * addresses pass, and loopback too under the sandbox's policy. An IPv4-mapped IPv6 address is
 * judged as the IPv4 address it carries, so `::ffff:127.0.0.1` is loopback.
 */
export function addressRefusal(address: string, policy: WebhookUrlPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = parsedAddress(address);
  if (METADATA_ADDRESSES.some((metadata) => sameAddress(ip, metadata))) {
    return 'the instance metadata service';
  }
  const range = ip.range();
  if (range === 'unicast') {
    return ip.kind() === 'ipv6' && ip.match(IPV4_COMPATIBLE) ? 'an IPv4-compatible IPv6 address' : undefined;
  }
  if (range === 'loopback' && policy === 'allow-loopback-http') return undefined;
  return RANGE_DESCRIPTIONS[range] ?? `a special-purpose address (${range})`;
}

/** The host's addresses: itself when it is an IP literal (URL writes IPv6 in brackets). */
async function addressesOf(hostname: string, resolveHost: ResolveHost): Promise<readonly string[]> {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return [hostname.slice(1, -1)];
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return [hostname];
  let addresses: readonly string[];
  try {
    addresses = await resolveHost(hostname);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    throw new ForbiddenUrlError(`The webhook URL's host "${hostname}" does not resolve`);
  }
  return addresses;
}

/** C0, DEL and C1: Unicode's Cc category is exactly U+0000-U+001F and U+007F-U+009F. */
const CONTROL_CHARACTER = /\p{Cc}/u;
const WHITESPACE = /\s/u;

function codePointAt(text: string, index: number): string {
  return `U+${(text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Refuses what the URL parser would quietly strip or reinterpret, so that the text the
 * client sent and the URL the policy checks cannot disagree: controls and whitespace
 * (trimmed or encoded), and a backslash, which WHATWG reads as `/` and RFC 3986 parsers as
 * part of the user info, so `https://<public>\@169.254.169.254/` has two different hosts.
 */
function refuseAmbiguousText(text: string): void {
  for (const [pattern, what] of [
    [CONTROL_CHARACTER, 'a control character'],
    [WHITESPACE, 'whitespace'],
  ] as const) {
    const index = text.search(pattern);
    if (index !== -1) {
      throw new ForbiddenUrlError(
        `The webhook URL must not contain ${what} (${codePointAt(text, index)} at ${index})`,
      );
    }
  }
  if (text.includes('\\')) throw new ForbiddenUrlError('The webhook URL must not contain a backslash');
}

/**
 * True when the text has user info, even an empty one (`https://@host/`), which URL reports
 * as no user name: any `@` between the scheme and the end of the authority.
 */
function hasUserInfo(text: string): boolean {
  const afterScheme = text.replace(/^[a-z][a-z\d+.-]*:\/*/i, '');
  return /^[^/?#]*@/.test(afterScheme);
}

/**
 * Checks a webhook URL against the policy and returns it as the endpoint to subscribe: the
 * SNS protocol it needs, and the URL in the normalized form that was checked, which is the
 * one to store and subscribe. Every address the host resolves to must pass, since the
 * deliverer may pick any of them.
 */
export async function checkWebhookUrl(
  text: string,
  policy: WebhookUrlPolicy,
  resolveHost: ResolveHost,
): Promise<WebhookEndpoint> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError('Invalid url: must be an absolute URL');
  }
  refuseAmbiguousText(text);
  const protocol = protocolOf(url);
  if (protocol === undefined || (protocol === 'http' && policy !== 'allow-loopback-http')) {
    const allowed = policy === 'allow-loopback-http' ? 'https or http' : 'https';
    throw new ForbiddenUrlError(`The webhook URL must use ${allowed}, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.username !== '' || url.password !== '' || hasUserInfo(text)) {
    throw new ForbiddenUrlError('The webhook URL must not contain a user name or password');
  }
  const { hostname } = url;
  const literal = hostname.replace(/^\[|\]$/g, '');
  for (const address of await addressesOf(hostname, resolveHost)) {
    const refusal = addressRefusal(address, policy);
    if (refusal !== undefined) {
      const where = address === literal ? `host ${address} is` : `host "${hostname}" resolves to ${address},`;
      throw new ForbiddenUrlError(`The webhook URL's ${where} ${refusal}`);
    }
  }
  return { protocol, url: url.href };
}

function protocolOf(url: URL): WebhookProtocol | undefined {
  if (url.protocol === 'https:') return 'https';
  if (url.protocol === 'http:') return 'http';
  return undefined;
}
