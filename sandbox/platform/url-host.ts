/** A host as it goes into a URL: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The base URL of a server listening on `host`. */
export function endpointUrl(host: string, port: number): string {
  return `http://${urlHost(host)}:${port}`;
}
