/**
 * The sandbox's SNS signs with a certificate it serves itself, at
 * `<endpoint>/SimpleNotificationService-<hex>.pem` (sandbox/sns/signer.ts): that URL, and
 * only that, is trusted in place of AWS's sns.<region>.amazonaws.com hosts.
 */
export function isSandboxCertificateUrl(url: URL, snsEndpoint: string): boolean {
  return (
    url.origin === new URL(snsEndpoint).origin &&
    /^\/SimpleNotificationService-[0-9a-f]+\.pem$/.test(url.pathname)
  );
}
