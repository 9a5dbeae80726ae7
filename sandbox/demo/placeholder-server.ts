import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoLinks {
  readonly restUrl: string;
  readonly wsUrl: string;
}

function page({ restUrl, wsUrl }: DemoLinks): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Realtime checks sandbox</title></head>
<body>
<main>
<h1>Realtime checks sandbox</h1>
<p><strong>This is a placeholder.</strong> The demo page, which watches one check through every
method side by side, is not built yet. The sandbox itself is running:</p>
<ul>
<li>REST API: <code>${restUrl}</code></li>
<li>WebSocket API: <code>${wsUrl}</code></li>
</ul>
<p>Try it with the token printed by <code>npm start</code> (also in <code>.sandbox/endpoints.json</code>):</p>
<pre>curl -s -X POST ${restUrl}checks -H "Authorization: Bearer $TOKEN" -d '{"target":"example.com"}'</pre>
</main>
</body>
</html>
`;
}

/** Serves a page that says plainly the demo is not there yet, so `demoUrl` never misleads. */
export async function startDemoPlaceholder(
  links: DemoLinks,
  host: string,
  port: number,
): Promise<{ readonly url: string; stop(): Promise<void> }> {
  const html = page(links);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolveListen);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/`,
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
