// `npm start`: builds the app and opens its window in Electron, when this machine has an Electron
// binary. Without one it says so and how to get one, and exits non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Takes the binary ELECTRON_EXEC_PATH names (electron-vite honours it too), or else asks the
 * `electron` package for its binary in a child process: from Electron 42 on, that first
 * request downloads the binary and throws when it cannot, and its download noise stays out of our
 * output.
 */
function findElectronBinary() {
  const named = process.env.ELECTRON_EXEC_PATH;
  if (named) {
    return existsSync(named)
      ? { found: true, binary: named }
      : { found: false, reason: `ELECTRON_EXEC_PATH names "${named}", which does not exist` };
  }
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write('\\n' + require('electron'))"], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (probe.error) return { found: false, reason: probe.error.message };
  if (probe.status !== 0) {
    // The errors' own lines (`TypeError: fetch failed`, …), without their stacks.
    const errorLines = probe.stderr.split('\n').filter((line) => /^\w*Error: /.test(line));
    return { found: false, reason: errorLines.join('\n  ') || `exit code ${probe.status}` };
  }
  const binary = probe.stdout.trim().split('\n').at(-1) ?? '';
  if (!binary || !existsSync(binary)) return { found: false, reason: `"${binary}" does not exist` };
  return { found: true, binary };
}

function electronViteCli() {
  const packageDir = join(projectRoot, 'node_modules', 'electron-vite');
  const { bin } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return join(packageDir, typeof bin === 'string' ? bin : bin['electron-vite']);
}

console.log('Looking for the Electron binary (the first start on a new install downloads it)…');
const electron = findElectronBinary();

if (!electron.found) {
  console.error(
    [
      '',
      'No Electron binary on this machine, so the desktop window cannot open here.',
      'Reason:',
      `  ${electron.reason}`,
      '',
      'To get one, run `npm install` on a machine with internet access: the `electron` package',
      'downloads its binary on first use. Then run `npm start` again.',
      '',
      'Without Electron, `npm run serve` serves the same window to a browser.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

console.log(`Electron: ${electron.binary}`);
// `electron-vite preview` builds main, preload and renderer, then launches Electron on the build.
const child = spawn(process.execPath, [electronViteCli(), 'preview', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.binary },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) console.error(`Electron stopped by ${signal}`);
  process.exit(code ?? 1);
});
