import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { certificateAuthority, serverCertificate, type Subject } from './x509';

/** Where the sandbox's TLS material lives, and what a TLS server of it serves. */
export interface LocalTls {
  /** The CA a client trusts (`NODE_EXTRA_CA_CERTS`, a browser's authorities): PEM. */
  readonly caCertFile: string;
  readonly caCertPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Base64 SHA-256 of the server key's SPKI: what Chromium's `--ignore-certificate-errors-spki-list` takes. */
  readonly spkiSha256: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Chromium refuses a server certificate valid for more than 398 days. */
const SERVER_DAYS = 397;
const CA_DAYS = 10 * 365;
/** Renewed this long before it expires, so a long-running sandbox does not outlive it. */
const RENEW_BEFORE_MS = 7 * DAY_MS;

const CA_SUBJECT: Subject = {
  commonName: 'realtime-checks sandbox local CA',
  organization: 'realtime-checks sandbox (not a public CA)',
};
const SERVER_SUBJECT: Subject = {
  commonName: 'realtime-checks sandbox',
  organization: 'realtime-checks sandbox (not a public CA)',
};

interface Pair {
  readonly certificate: X509Certificate;
  readonly key: KeyObject;
  readonly certPem: string;
  readonly keyPem: string;
}

function readPair(certFile: string, keyFile: string): Pair | undefined {
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  try {
    const certPem = readFileSync(certFile, 'utf8');
    const keyPem = readFileSync(keyFile, 'utf8');
    const certificate = new X509Certificate(certPem);
    const key = createPrivateKey(keyPem);
    return certificate.checkPrivateKey(key) ? { certificate, key, certPem, keyPem } : undefined;
  } catch {
    return undefined;
  }
}

function writePair(certFile: string, keyFile: string, certPem: string, key: KeyObject): Pair {
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  writeFileSync(certFile, certPem);
  return { certificate: new X509Certificate(certPem), key, certPem, keyPem };
}

const lastsUntil = (pair: Pair, now: Date): boolean =>
  new Date(pair.certificate.validTo).getTime() - RENEW_BEFORE_MS > now.getTime();

function covers(certificate: X509Certificate, host: string): boolean {
  return ipaddr.isValid(host)
    ? certificate.checkIP(host) !== undefined
    : certificate.checkHost(host) !== undefined;
}

function newKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

interface ServerRequest {
  readonly key: KeyObject;
  readonly ca: Pair;
  readonly hosts: readonly string[];
  readonly validFrom: Date;
  readonly now: Date;
}

function issueServerCertificate(certFile: string, keyFile: string, request: ServerRequest): Pair {
  const pem = serverCertificate({
    ...SERVER_SUBJECT,
    privateKey: request.key,
    notBefore: request.validFrom,
    notAfter: new Date(request.now.getTime() + SERVER_DAYS * DAY_MS),
    hosts: request.hosts,
    issuer: { ...CA_SUBJECT, privateKey: request.ca.key },
  });
  return writePair(certFile, keyFile, pem, request.key);
}

/**
 * The sandbox's CA and a server certificate for `hosts`, kept in `directory` from one start to
 * the next, so that a browser or system that trusts the CA once keeps trusting it (and the
 * server key's SPKI hash, which Chromium's `--ignore-certificate-errors-spki-list` names,
 * stays the same). Either is made afresh when missing, unreadable, near its end, or (the
 * server's) not issued by this CA or not valid for every host.
 */
export function ensureLocalTls(directory: string, hosts: readonly string[], now = new Date()): LocalTls {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const caCertFile = join(directory, 'ca.pem');
  const caKeyFile = join(directory, 'ca-key.pem');
  const serverCertFile = join(directory, 'server.pem');
  const serverKeyFile = join(directory, 'server-key.pem');
  const validFrom = new Date(now.getTime() - DAY_MS);

  let ca = readPair(caCertFile, caKeyFile);
  if (ca === undefined || !lastsUntil(ca, now)) {
    const key = newKey();
    const pem = certificateAuthority({
      ...CA_SUBJECT,
      privateKey: key,
      notBefore: validFrom,
      notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
    });
    ca = writePair(caCertFile, caKeyFile, pem, key);
  }
  const known = readPair(serverCertFile, serverKeyFile);
  const usable =
    known !== undefined &&
    lastsUntil(known, now) &&
    known.certificate.verify(ca.certificate.publicKey) &&
    hosts.every((host) => covers(known.certificate, host));
  const server = usable
    ? known
    : issueServerCertificate(serverCertFile, serverKeyFile, {
        // The same key as before when there was one, so its SPKI hash stays the same.
        key: known?.key ?? newKey(),
        ca,
        hosts,
        validFrom,
        now,
      });
  const spki = server.certificate.publicKey.export({ type: 'spki', format: 'der' });
  return {
    caCertFile,
    caCertPem: ca.certPem,
    certPem: server.certPem,
    keyPem: server.keyPem,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  };
}
