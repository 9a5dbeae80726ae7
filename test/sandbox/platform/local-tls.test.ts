import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalTls, type LocalTls } from '../../../sandbox/platform/local-tls';

const directory = (): string => join(mkdtempSync(join(tmpdir(), 'local-tls-')), 'tls');

/** Serves HTTPS with `tls` on loopback and answers what a client trusting only its CA gets when it asks for `host`. */
async function handshake(tls: LocalTls, host: string): Promise<string> {
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_request, response) =>
    response.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port, ca: tls.caCertPem, ...(host === '127.0.0.1' ? {} : { servername: host }) },
        (response) => {
          response.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        },
      )
        .on('error', reject)
        .end();
    });
  } finally {
    server.close();
  }
}

describe('the local CA and server certificate', () => {
  it('makes a server certificate that a client trusting only the CA accepts, for every host named', async () => {
    const tls = ensureLocalTls(directory(), ['127.0.0.1', 'localhost']);
    expect(await handshake(tls, '127.0.0.1')).toBe('ok');
    expect(await handshake(tls, 'localhost')).toBe('ok');
    await expect(handshake(tls, 'example.com')).rejects.toThrow(/altnames|Hostname/);
  });

  it('is a CA that issued a server certificate of at most 398 days', () => {
    const tls = ensureLocalTls(directory(), ['127.0.0.1']);
    const ca = new X509Certificate(tls.caCertPem);
    const server = new X509Certificate(tls.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    const days = (Date.parse(server.validTo) - Date.parse(server.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(398);
  });

  it('keeps the CA and the server key from one start to the next', () => {
    const dir = directory();
    const first = ensureLocalTls(dir, ['127.0.0.1']);
    const second = ensureLocalTls(dir, ['127.0.0.1']);
    expect(second).toEqual(first);
  });

  it('issues a new server certificate, with the same key, when a host is new', () => {
    const dir = directory();
    const first = ensureLocalTls(dir, ['127.0.0.1']);
    const second = ensureLocalTls(dir, ['127.0.0.1', 'localhost']);
    expect(second.certPem).not.toBe(first.certPem);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.spkiSha256).toBe(first.spkiSha256);
    expect(new X509Certificate(second.certPem).checkHost('localhost')).toBe('localhost');
  });
});
