import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { addressRefusal, parsedAddress } from '../../lambda/webhooks/url-policy';
import type { WebhookUrlPolicy } from '../../lambda/webhooks/webhook-url-policy';

/** The address a delivery attempt connects to, vetted just before it. */
export interface VettedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type TargetCheck =
  | { readonly ok: true; readonly target: VettedAddress }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** What a delivery may reach. */
export interface TargetRules {
  /** The sandbox's webhook URL policy, the one the subscriptions function applied at subscribe time. */
  readonly policy: WebhookUrlPolicy;
  /** The sandbox's own services by port: on this machine no webhook may reach them. */
  readonly ownPorts: ReadonlyMap<number, string>;
  /** Every address of the host name, as `http.request` would look them up; rejects when there is none. */
  readonly resolve?: (hostname: string) => Promise<readonly VettedAddress[]>;
  /** The addresses of this machine's interfaces, beside loopback. */
  readonly localAddresses?: () => readonly string[];
}

const FORBIDDEN = 'ForbiddenAddress';

/** The port a URL names, or its scheme's. */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

async function resolveWithDns(hostname: string): Promise<readonly VettedAddress[]> {
  const addresses = await lookup(hostname, { all: true, verbatim: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

function interfaceAddresses(): readonly string[] {
  return Object.values(networkInterfaces()).flatMap((entries) =>
    (entries ?? []).map(({ address }) => address),
  );
}

/** Loopback, or an address of one of this machine's interfaces: where the sandbox's servers listen. */
function isThisMachine(address: string, localAddresses: readonly string[]): boolean {
  const ip = parsedAddress(address);
  if (ip.range() === 'loopback') return true;
  const text = ip.toNormalizedString();
  return localAddresses.some(
    (local) => ipaddr.isValid(local) && parsedAddress(local).toNormalizedString() === text,
  );
}

/** The host as written, without the brackets URL puts around an IPv6 address. */
const literalOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

async function addressesOf(url: URL, rules: TargetRules): Promise<readonly VettedAddress[]> {
  const literal = literalOf(url);
  if (ipaddr.isValid(literal)) return [{ address: literal, family: ipaddr.IPv4.isValid(literal) ? 4 : 6 }];
  return (rules.resolve ?? resolveWithDns)(literal);
}

/**
 * Resolves a subscription's endpoint just before a delivery attempt and checks every
 * address, as the subscriptions function did when the URL was given: a name may resolve
 * elsewhere by now. The sandbox's own service ports on this machine are refused too, since
 * the sandbox's SNS delivers from the machine where its `@connections`, admin API and
 * engines listen. The attempt then connects to the address returned, and nothing else.
 */
export async function checkDeliveryTarget(endpoint: string, rules: TargetRules): Promise<TargetCheck> {
  const url = new URL(endpoint);
  let addresses: readonly VettedAddress[];
  try {
    addresses = await addressesOf(url, rules);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return { ok: false, code: code ?? 'ENOTFOUND', message: `${url.hostname} does not resolve: ${message}` };
  }
  const [first] = addresses;
  if (first === undefined) {
    return { ok: false, code: 'ENOTFOUND', message: `${url.hostname} resolves to no address` };
  }
  const port = portOf(url);
  const service = rules.ownPorts.get(port);
  const localAddresses = service === undefined ? [] : (rules.localAddresses ?? interfaceAddresses)();
  for (const { address } of addresses) {
    const where = address === literalOf(url) ? address : `${url.hostname} (${address})`;
    const refusal = addressRefusal(address, rules.policy);
    if (refusal !== undefined) {
      return { ok: false, code: FORBIDDEN, message: `Refused to deliver to ${where}: ${refusal}` };
    }
    if (service !== undefined && isThisMachine(address, localAddresses)) {
      return {
        ok: false,
        code: FORBIDDEN,
        message: `Refused to deliver to ${where} port ${port}: it is the sandbox's own ${service}`,
      };
    }
  }
  return { ok: true, target: first };
}
