import type { DadApi } from '../../../shared/contract';
import type { ConnectionStatus } from './ws-client';
import { WebSocketApiClient } from './ws-client';
import { keepTokenFromAddress, keptToken, type TokenStorage } from './page-token';
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
  const storage = pageStorage();
  keepTokenFromAddress(window.location, storage, window.history);
  // Asked at every connection attempt: the token may be kept later, by the link opened in another tab.
  const client = new WebSocketApiClient(() => apiSocketUrl(window.location, keptToken(storage)));
  client.start();
  // The link pasted into a tab already on this address changes only the fragment: there is no new
  // load, so the token is taken here, and the connection tried again at once.
  window.addEventListener('hashchange', () => {
    if (keepTokenFromAddress(window.location, storage, window.history)) client.retryNow();
  });
  return {
    kind: 'browser',
    api: client.api(),
    status: () => client.currentStatus(),
    onStatus: (listener) => client.onStatus(listener),
  };
}

/** This origin's localStorage, or null where the browser refuses it. */
function pageStorage(): TokenStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
