import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/**
 * X.509 v3 certificates for RSA keys, DER-encoded by hand: node:crypto reads certificates but
 * cannot write one, and no installed package does. Only what a verifier reads is written:
 * names, validity, the public key, and the extensions that say what the key may do. The SNS
 * emulation signs with a self-signed one; the AppSync Events API serves TLS with a server
 * certificate issued by the sandbox's own CA.
 */

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (index: number, content: Buffer) => tlv(0xa0 + index, content);
const nullValue = () => Buffer.from([0x05, 0x00]);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));

function integer(bytes: Buffer): Buffer {
  // A leading 0 keeps a value with its high bit set positive.
  return tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

/** KeyUsage bits as a DER BIT STRING: the unused-bit count, then the bits (bit 0 is the high bit). */
const KEY_USAGE = {
  digitalSignature: Buffer.from([0x07, 0x80]),
  digitalSignatureAndKeyEncipherment: Buffer.from([0x05, 0xa0]),
  keyCertSignAndCrlSign: Buffer.from([0x01, 0x06]),
};

function name(commonName: string, organization: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8(organization))),
    set(sequence(oid(OID.commonName), utf8(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), boolean(critical), octetString(value));
}

/** A host name as a dNSName, an address as an iPAddress (both implicitly tagged). */
function generalName(host: string): Buffer {
  return ipaddr.isValid(host)
    ? tlv(0x87, Buffer.from(ipaddr.parse(host).toByteArray()))
    : tlv(0x82, Buffer.from(host, 'ascii'));
}

function keyIdentifier(publicKeyInfo: Buffer): Buffer {
  return createHash('sha1').update(publicKeyInfo).digest();
}

export interface Subject {
  readonly commonName: string;
  readonly organization: string;
}

export interface CertificateInput extends Subject {
  readonly privateKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

interface TbsInput {
  readonly subject: Subject;
  readonly issuer: Subject;
  readonly subjectKey: KeyObject;
  readonly issuerKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Buffer[];
}

function spkiOf(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** Signs the certificate body with the issuer's key and returns it as PEM. */
function certificate(input: TbsInput): string {
  const algorithm = sequence(oid(OID.sha256WithRsa), nullValue());
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name(input.issuer.commonName, input.issuer.organization),
    sequence(time(input.notBefore), time(input.notAfter)),
    name(input.subject.commonName, input.subject.organization),
    spkiOf(input.subjectKey),
    explicit(3, sequence(...input.extensions)),
  );
  const signature = sign('sha256', tbs, input.issuerKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`;
}

/** A self-signed certificate that signs and is no CA (what a verifier of SNS signatures reads). */
export function selfSignedCertificate(input: CertificateInput): string {
  return certificate({
    subject: input,
    issuer: input,
    subjectKey: input.privateKey,
    issuerKey: input.privateKey,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, tlv(0x03, KEY_USAGE.digitalSignature)),
    ],
  });
}

/** A root CA certificate: it may sign certificates and nothing else. */
export function certificateAuthority(input: CertificateInput): string {
  const id = keyIdentifier(spkiOf(input.privateKey));
  return certificate({
    subject: input,
    issuer: input,
    subjectKey: input.privateKey,
    issuerKey: input.privateKey,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, tlv(0x03, KEY_USAGE.keyCertSignAndCrlSign)),
      extension(OID.subjectKeyIdentifier, false, octetString(id)),
    ],
  });
}

export interface ServerCertificateInput extends CertificateInput {
  /** Host names and IP addresses the certificate is valid for. */
  readonly hosts: readonly string[];
  readonly issuer: Subject & { readonly privateKey: KeyObject };
}

/** A TLS server certificate for `hosts`, issued by a CA of `certificateAuthority`. */
export function serverCertificate(input: ServerCertificateInput): string {
  return certificate({
    subject: input,
    issuer: input.issuer,
    subjectKey: input.privateKey,
    issuerKey: input.issuer.privateKey,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, tlv(0x03, KEY_USAGE.digitalSignatureAndKeyEncipherment)),
      extension(OID.extendedKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(...input.hosts.map(generalName))),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spkiOf(input.privateKey)))),
      extension(
        OID.authorityKeyIdentifier,
        false,
        sequence(tlv(0x80, keyIdentifier(spkiOf(input.issuer.privateKey)))),
      ),
    ],
  });
}
