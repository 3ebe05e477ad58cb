import type { RendererLocation } from './renderer-location';

type Directives = Record<string, readonly string[]>;

/** The built page: its own scripts, styles and connections, nothing inline, nothing from elsewhere. */
const BUILT_PAGE_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The dev server needs relaxations, for it only: the React Refresh preamble is an inline script,
 * Vite injects CSS as <style> elements, and hot reload talks over a WebSocket.
 */
function devServerDirectives(devServer: URL): Directives {
  const socketOrigin = `${devServer.protocol === 'https:' ? 'wss:' : 'ws:'}//${devServer.host}`;
  return {
    ...BUILT_PAGE_DIRECTIVES,
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", socketOrigin],
  };
}

export function contentSecurityPolicy(location: RendererLocation): string {
  const directives =
    location.kind === 'dev-server' ? devServerDirectives(location.url) : BUILT_PAGE_DIRECTIVES;
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
