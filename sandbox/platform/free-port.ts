import { createServer } from 'node:net';

/**
 * The given port, or for 0 a port the system has free now, for a child process that cannot
 * be asked to bind port 0 and report it back (DynamoDB Local). Another process may take it
 * before the child binds it; the child then fails to start and says so.
 */
export function freePort(port: number, host: string): Promise<number> {
  if (port !== 0) return Promise.resolve(port);
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error(`No port on ${host}`));
        else resolve(address.port);
      });
    });
  });
}
