import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { buildBrowserBundle, DEMO_DIR } from './browser-bundle';

interface StaticFile {
  readonly type: string;
  readonly body: string;
}

/** The page, its styles and its bundle, by path, read once at the start. */
export type StaticFiles = ReadonlyMap<string, StaticFile>;

export async function loadStaticFiles(): Promise<StaticFiles> {
  const text = (name: string) => readFileSync(resolve(DEMO_DIR, name), 'utf8');
  return new Map<string, StaticFile>([
    ['/', { type: 'text/html; charset=utf-8', body: text('index.html') }],
    ['/styles.css', { type: 'text/css; charset=utf-8', body: text('styles.css') }],
    ['/main.js', { type: 'text/javascript; charset=utf-8', body: await buildBrowserBundle() }],
  ]);
}

export function serveStaticFile(files: StaticFiles, pathname: string, response: ServerResponse): void {
  const file = files.get(pathname === '/index.html' ? '/' : pathname);
  if (file === undefined) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    return;
  }
  response.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body);
}
