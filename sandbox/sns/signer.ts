import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { selfSignedCertificate } from '../platform/x509';
import type { EnvelopeSigner, SignatureVersion } from './envelope';

export interface SandboxSigner extends EnvelopeSigner {
  /** The file name part AWS uses: `SimpleNotificationService-<id>.pem`. */
  readonly certPath: string;
  readonly certificatePem: string;
}

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A fresh RSA key and its self-signed certificate, made at start and served by the
 * sandbox at `certPath`. Signatures are real (SignatureVersion 1 is SHA1withRSA, 2 is
 * SHA256withRSA), so a receiver can verify them, but only against this certificate: the
 * URL is not on an sns.<region>.amazonaws.com host and no CA vouches for it.
 */
export function createSandboxSigner(baseUrl: string, now = new Date()): SandboxSigner {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificatePem = selfSignedCertificate({
    privateKey,
    commonName: 'SNS signing certificate of the realtime-checks sandbox',
    organization: 'realtime-checks sandbox (not Amazon)',
    notBefore: new Date(now.getTime() - ONE_DAY_MS),
    notAfter: new Date(now.getTime() + 365 * ONE_DAY_MS),
  });
  const id = createHash('sha256').update(certificatePem).digest('hex').slice(0, 32);
  const certPath = `/SimpleNotificationService-${id}.pem`;
  return {
    certPath,
    certificatePem,
    certUrl: `${baseUrl}${certPath}`,
    sign: (text: string, version: SignatureVersion) =>
      sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  };
}
