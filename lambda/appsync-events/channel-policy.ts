/**
 * Which AppSync Events channels a tenant may subscribe to. Plain data in, a verdict out,
 * so every cross-tenant and wildcard case is tested without AppSync.
 *
 * Each check has its channel `/<namespace>/<tenant>/<checkId>`. A tenant may subscribe to
 * one of its checks, or to `/<namespace>/<tenant>/*`, every check of its own. AppSync lets
 * `*` end any channel path and match every channel below it, so a `*` anywhere before the
 * check segment (`/checks/*`, `/*`) would reach other tenants' checks: those are refused,
 * as is any path that names another tenant, a segment that is not the tenant's exact name,
 * or a deeper or shallower path.
 */

/** The namespace the stack gives the checks' channels. */
export const CHECKS_NAMESPACE = 'checks';

/** AppSync's segment characters; `*` is handled apart, as a whole last segment only. */
const SEGMENT = /^[A-Za-z0-9-]{1,50}$/;

/** The channel a check's changes are published to. */
export function checkChannel(namespace: string, tenant: string, checkId: string): string {
  return `/${namespace}/${tenant}/${checkId}`;
}

/** Why a subscription is refused, for the log; undefined when it is allowed. */
export function subscribeRefusal(namespace: string, tenant: string, channel: string): string | undefined {
  const segments = channel.split('/');
  if (segments[0] !== '' || segments.length !== 4) {
    return `Channel "${channel}" is not /${namespace}/<tenant>/<checkId or *>`;
  }
  const [, channelNamespace, channelTenant, check] = segments;
  if (channelNamespace !== namespace) return `Channel "${channel}" is outside the ${namespace} namespace`;
  if (channelTenant !== tenant) return `Channel "${channel}" is not of tenant ${tenant}`;
  if (check !== '*' && !SEGMENT.test(check)) return `Channel "${channel}" names no check`;
  return undefined;
}
