import type { Session, WebContents } from 'electron';

/** Denies every permission and puts our Content-Security-Policy on every response of the session. */
export function hardenSession(session: Session, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}

/** The window stays on its one page: no navigation, no new windows, no webviews. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (event.isSameDocument) return;
    event.preventDefault();
    console.warn(`Refused navigation to ${event.url}`);
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || event.isSameDocument) return;
    event.preventDefault();
    console.warn(`Refused frame navigation to ${event.url}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`Refused to open a window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
