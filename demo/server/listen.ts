import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` listening; rejects when it cannot (a port in use). */
export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server.address() as AddressInfo;
}
