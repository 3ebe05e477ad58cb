import { pathToFileURL } from 'node:url';

/** Where our window's page comes from: the dev server while developing, the built file otherwise. */
export type RendererLocation = { kind: 'dev-server'; url: URL } | { kind: 'file'; url: URL };

/**
 * The dev server URL is honoured only in an unpackaged app: a packaged app never loads a page named
 * by its environment.
 */
export function rendererLocationFor(options: {
  devServerUrl: string | undefined;
  isPackaged: boolean;
  builtIndexHtmlPath: string;
}): RendererLocation {
  const { devServerUrl, isPackaged, builtIndexHtmlPath } = options;
  if (devServerUrl && !isPackaged) {
    const url = new URL(devServerUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`ELECTRON_RENDERER_URL must be an http(s) URL, got "${devServerUrl}"`);
    }
    return { kind: 'dev-server', url };
  }
  return { kind: 'file', url: pathToFileURL(builtIndexHtmlPath) };
}

/**
 * Whether a frame showing `candidate` shows our renderer: the same origin as the dev server, or the
 * very same built file (any query or fragment).
 */
export function isRendererUrl(candidate: string, location: RendererLocation): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (location.kind === 'dev-server') return url.origin === location.url.origin;
  return url.protocol === 'file:' && url.host === location.url.host && url.pathname === location.url.pathname;
}
