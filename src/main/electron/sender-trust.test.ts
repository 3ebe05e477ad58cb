import { describe, expect, it } from 'vitest';
import { isRendererUrl, rendererLocationFor } from './renderer-location';
import { judgeSender } from './sender-trust';

const built = rendererLocationFor({
  devServerUrl: undefined,
  isPackaged: false,
  builtIndexHtmlPath: '/opt/DAD Run Inspector/out/renderer/index.html',
});
const dev = rendererLocationFor({
  devServerUrl: 'http://localhost:5173/',
  isPackaged: false,
  builtIndexHtmlPath: '/opt/app/out/renderer/index.html',
});
const builtUrl = 'file:///opt/DAD%20Run%20Inspector/out/renderer/index.html';

describe('rendererLocationFor', () => {
  it('uses the dev server only in an unpackaged app', () => {
    expect(dev).toEqual({ kind: 'dev-server', url: new URL('http://localhost:5173/') });
    const packaged = rendererLocationFor({
      devServerUrl: 'http://evil.example/',
      isPackaged: true,
      builtIndexHtmlPath: '/opt/app/out/renderer/index.html',
    });
    expect(packaged).toEqual({ kind: 'file', url: new URL('file:///opt/app/out/renderer/index.html') });
  });

  it('refuses a dev server URL that is not http(s)', () => {
    expect(() =>
      rendererLocationFor({
        devServerUrl: 'file:///etc/passwd',
        isPackaged: false,
        builtIndexHtmlPath: '/x',
      }),
    ).toThrow('ELECTRON_RENDERER_URL must be an http(s) URL, got "file:///etc/passwd"');
  });
});

describe('isRendererUrl', () => {
  it('matches the built file with any query or fragment, and nothing else', () => {
    expect(isRendererUrl(builtUrl, built)).toBe(true);
    expect(isRendererUrl(`${builtUrl}?view=runs#top`, built)).toBe(true);
    expect(isRendererUrl('file:///opt/DAD%20Run%20Inspector/out/renderer/other.html', built)).toBe(false);
    expect(isRendererUrl('file:///tmp/index.html', built)).toBe(false);
    expect(
      isRendererUrl('https://example.com/opt/DAD%20Run%20Inspector/out/renderer/index.html', built),
    ).toBe(false);
    expect(isRendererUrl('not a url', built)).toBe(false);
  });

  it('matches the dev server origin only', () => {
    expect(isRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5173/src/App.tsx', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isRendererUrl('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('judgeSender', () => {
  it("trusts our window's main frame showing our page", () => {
    expect(judgeSender({ fromOurWindow: true, frame: { url: builtUrl, isMainFrame: true } }, built)).toEqual({
      trusted: true,
    });
  });

  it('refuses other web contents, gone frames, subframes and foreign pages, saying which', () => {
    const cases = [
      {
        sender: { fromOurWindow: false, frame: { url: builtUrl, isMainFrame: true } },
        reason: 'a web contents that is not our window',
      },
      {
        sender: { fromOurWindow: true, frame: null },
        reason: 'a frame that navigated away or was destroyed',
      },
      { sender: { fromOurWindow: true, frame: { url: builtUrl, isMainFrame: false } }, reason: 'a subframe' },
      {
        sender: { fromOurWindow: true, frame: { url: 'https://example.com/', isMainFrame: true } },
        reason: 'a page that is not our renderer (https://example.com/)',
      },
    ];
    for (const { sender, reason } of cases) {
      expect(judgeSender(sender, built)).toEqual({ trusted: false, reason });
    }
  });
});
