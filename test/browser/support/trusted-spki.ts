import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect } from 'node:tls';

/**
 * The hash Chromium's `--ignore-certificate-errors-spki-list` takes (base64 SHA-256 of the
 * SubjectPublicKeyInfo) of the certificate `url` serves, once Node has checked that it
 * chains to `caCertFile` and names the host: the browser then trusts that one certificate,
 * not every one.
 */
export function trustedSpkiHash(url: string, caCertFile: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const ca = readFileSync(caCertFile, 'utf8');
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), ca, ...(isIP(hostname) ? {} : { servername: hostname }) },
      () => {
        const certificate = socket.getPeerX509Certificate();
        socket.end();
        if (certificate === undefined) return reject(new Error(`${url} presented no certificate`));
        const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
        resolve(createHash('sha256').update(spki).digest('base64'));
      },
    );
    socket.once('error', reject);
  });
}
