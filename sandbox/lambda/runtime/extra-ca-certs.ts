import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/**
 * Node reads NODE_EXTRA_CA_CERTS once per process, at its start, so a worker thread given the
 * variable would ignore it. The runtime makes it count as Lambda's process would: every TLS
 * context made without a `ca` of its own (https, fetch, the AWS SDK) trusts Node's roots and
 * the file's certificates.
 */
export function trustExtraCaCertificates(file: string | undefined): void {
  if (file === undefined || file === '') return;
  const ca = [...tls.rootCertificates, readFileSync(file, 'utf8')];
  const original = tls.createSecureContext;
  tls.createSecureContext = (options) => original(options?.ca === undefined ? { ...options, ca } : options);
}
