import type { WatchOptions } from '../../client/types';
import { fallbackEndpoints, type Restrictions } from './check-request';
import type { DemoConfig } from './contract';
import type { MethodPanes } from './method-panes';
import { watchIntoPane } from './watch-pane';

export interface WatchSettings {
  readonly pollIntervalMs: number;
  readonly restrictions: Restrictions;
}

function fallbackDescription({ blockWebSocket, bufferSse }: Restrictions): string {
  if (!blockWebSocket) return 'All transports, straight to the APIs';
  return `All transports, through a proxy that refuses WebSocket upgrades${bufferSse ? ' and buffers SSE responses' : ''}`;
}

/**
 * Follows a new check with every client at once: each transport alone, and the
 * falling-back client, behind a restrictive proxy when the form asks for one. Each
 * pane's end may be the last one, which shows the summary.
 */
export function startWatches(
  panes: MethodPanes,
  config: DemoConfig,
  checkId: string,
  settings: WatchSettings,
  signal: AbortSignal,
): void {
  const base: WatchOptions = {
    restUrl: config.restUrl,
    wsUrl: config.wsUrl,
    token: config.token,
    pollIntervalMs: settings.pollIntervalMs,
  };
  for (const [key, pane] of panes.clients) {
    // Only its own pane gets AppSync Events: the falling-back client shows what a proxy does to API Gateway's methods.
    const options: WatchOptions = { ...base, appSyncEvents: config.appSyncEvents, transports: [key] };
    void watchIntoPane(pane, checkId, options, signal).then(panes.refreshSummary);
  }
  panes.fallback.setDescription(fallbackDescription(settings.restrictions));
  void watchIntoPane(
    panes.fallback,
    checkId,
    { ...base, ...fallbackEndpoints(config, settings.restrictions) },
    signal,
  ).then(panes.refreshSummary);
}
