import { describe, expect, it } from 'vitest';
import { openPathFromArgv } from './command-line';

const packaged = { isPackaged: true };
const development = { isPackaged: false };

describe('openPathFromArgv', () => {
  it('takes the first plain argument of a packaged app, resolved against its working directory', () => {
    expect(openPathFromArgv(['/opt/dad/dad-run-inspector', 'runs/run_1'], '/home/ann/proj', packaged)).toBe(
      '/home/ann/proj/runs/run_1',
    );
    expect(openPathFromArgv(['/opt/dad/dad-run-inspector', '/data/trace.json'], '/home/ann', packaged)).toBe(
      '/data/trace.json',
    );
  });

  it('skips the app path in development, and switches wherever they come', () => {
    const argv = [
      '/usr/lib/electron',
      '--inspect=0',
      '--remote-debugging-port=0',
      'out/main/index.js',
      'proj',
    ];
    expect(openPathFromArgv(argv, '/work', development)).toBe('/work/proj');
    expect(openPathFromArgv(['/usr/lib/electron', '.'], '/work', development)).toBeNull();
    expect(
      openPathFromArgv(['/opt/dad/dad-run-inspector', '--no-sandbox', '-psn_0_123'], '/w', packaged),
    ).toBeNull();
  });

  it('prefers --project-root=, as the app always accepted', () => {
    const argv = ['/usr/lib/electron', '.', 'other', '--project-root=../sample'];
    expect(openPathFromArgv(argv, '/work/app', development)).toBe('/work/sample');
    expect(openPathFromArgv(['/opt/dad/app', '--project-root='], '/w', packaged)).toBeNull();
  });

  it('takes what follows "--" as paths, even when it starts with a dash', () => {
    expect(openPathFromArgv(['/opt/dad/app', '--', '-odd-name'], '/w', packaged)).toBe('/w/-odd-name');
  });

  it('answers null when nothing but the executable is given', () => {
    expect(openPathFromArgv(['/opt/dad/app'], '/w', packaged)).toBeNull();
    expect(openPathFromArgv([], '/w', packaged)).toBeNull();
  });
});
