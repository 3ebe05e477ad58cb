import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

function directivesOf(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const built = contentSecurityPolicy({ kind: 'file', url: new URL('file:///app/out/renderer/index.html') });
const dev = contentSecurityPolicy({ kind: 'dev-server', url: new URL('http://localhost:5173/') });

describe('contentSecurityPolicy', () => {
  it('allows the built page only its own scripts and styles, nothing inline', () => {
    const directives = directivesOf(built);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(built).not.toContain('unsafe');
  });

  it('relaxes inline scripts, styles and the hot reload socket for the dev server only', () => {
    const directives = directivesOf(dev);
    expect(directives.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });

  it('is the policy index.html carries, less frame-ancestors which a meta policy cannot set', async () => {
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta, 'index.html has a Content-Security-Policy meta tag').not.toBeNull();
    const expected = directivesOf(built);
    expected.delete('frame-ancestors');
    expect(directivesOf(meta?.[1] ?? '')).toEqual(expected);
  });
});
