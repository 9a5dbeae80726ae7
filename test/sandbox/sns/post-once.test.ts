import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EndpointAgents, postOnce } from '../../../sandbox/sns/post-once';

const LOOPBACK = { address: '127.0.0.1', family: 4 } as const;
let server: Server;
let base: string;
let agents: EndpointAgents;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (req.url === '/silent') return;
      if (req.url === '/switch') {
        res.writeHead(101, { Connection: 'Upgrade', Upgrade: 'other' });
        res.end();
        return;
      }
      res.statusCode = Number(req.url?.slice(1));
      res.end('ignored');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agents = new EndpointAgents();
});

afterAll(async () => {
  agents.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, timeoutMs = 2000, signal = new AbortController().signal) =>
  postOnce(
    {
      url: `${base}${path}`,
      address: LOOPBACK,
      headers: { 'Content-Type': 'text/plain' },
      body: 'héllo',
      timeoutMs,
      signal,
    },
    agents,
  );

describe('postOnce', () => {
  it('ends with the status the endpoint answered, having sent the body', async () => {
    expect(await post('/204')).toEqual({ kind: 'status', status: 204 });
    expect(await post('/503')).toEqual({ kind: 'status', status: 503 });
    expect(bodies).toContain('héllo');
  });

  it('ends with a timeout when the endpoint does not answer in time', async () => {
    expect(await post('/silent', 50)).toEqual({ kind: 'timeout', timeoutMs: 50 });
  });

  it('connects to the address it is given: the name is not resolved again', async () => {
    const outcome = await postOnce(
      {
        url: `${base.replace('127.0.0.1', 'receiver.invalid')}/204`,
        address: LOOPBACK,
        headers: {},
        body: 'pinned',
        timeoutMs: 2000,
        signal: new AbortController().signal,
      },
      agents,
    );
    expect(outcome).toEqual({ kind: 'status', status: 204 });
    expect(bodies).toContain('pinned');
  });

  it('counts a switch of protocols as HTTP 101', async () => {
    expect(await post('/switch')).toEqual({ kind: 'status', status: 101 });
  });

  it('ends with the connection error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await postOnce(
      {
        url: `http://127.0.0.1:${port}/`,
        address: LOOPBACK,
        headers: {},
        body: '',
        timeoutMs: 2000,
        signal: new AbortController().signal,
      },
      agents,
    );
    expect(outcome).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' });
  });

  it('stops when the sandbox stops', async () => {
    const controller = new AbortController();
    const pending = post('/silent', 10_000, controller.signal);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'error', code: 'Aborted' });
  });
});
