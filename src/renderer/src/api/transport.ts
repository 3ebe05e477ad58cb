import type { DadApi } from '../../../shared/contract';
import type { ConnectionStatus } from './ws-client';
import { WebSocketApiClient } from './ws-client';
import { apiSocketUrl } from './ws-url';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent when the page is served to a browser. */
    dad?: DadApi;
  }
}

/** The window's link to the service: which transport, its API and its connection state. */
export interface ApiConnection {
  kind: 'desktop' | 'browser';
  api: DadApi;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** Chosen once at start-up: the preload's `window.dad` when present, else a WebSocket to this page's host. */
export function connectApi(): ApiConnection {
  const desktop = window.dad;
  if (desktop) {
    const open: ConnectionStatus = { state: 'open', generation: 1 };
    return { kind: 'desktop', api: desktop, status: () => open, onStatus: () => () => {} };
  }
  const client = new WebSocketApiClient(apiSocketUrl(window.location));
  client.start();
  return {
    kind: 'browser',
    api: client.api(),
    status: () => client.currentStatus(),
    onStatus: (listener) => client.onStatus(listener),
  };
}
