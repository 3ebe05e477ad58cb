import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CpuBurner } from './cpu-burner';

/** CPU seconds a process has used so far (utime + stime from /proc, in clock ticks of 1/100 s). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Running, not gone nor a zombie waiting for whoever adopted it to reap it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(50);
  }
}

describe('the CPU burner', () => {
  it('keeps its processes busy until stopped, then leaves none running', async () => {
    const burner = CpuBurner.start(2);
    const pids = burner.pids();
    try {
      expect(pids).toHaveLength(2);
      const before = await Promise.all(pids.map(cpuSecondsOf));
      await sleep(1_500);
      const after = await Promise.all(pids.map(cpuSecondsOf));
      // A busy loop keeps using CPU however loaded the machine is (its share may be small when
      // others are busy too); an idle process uses none the clock ticks (10 ms) can see.
      for (const [i, pid] of pids.entries()) {
        expect(after[i]! - before[i]!, `CPU seconds of burner ${pid} in 1.5 s`).toBeGreaterThan(0.02);
      }
    } finally {
      burner.stop();
    }
    // Gone from the system, and the parent has heard of each exit.
    await waitUntil(
      'the burners to exit',
      () => pids.every((pid) => !isAlive(pid)) && burner.running() === 0,
    );
    expect(burner.running()).toBe(0);
  });

  it('says how loaded the machine got when the load is out of reach', async () => {
    const burner = CpuBurner.start(1);
    try {
      const reached = await burner.waitForLoad(1_000, 0, 200);
      expect(reached.reached).toBe(false);
      expect(reached.loadAverage).toBeGreaterThanOrEqual(0);
      expect(reached.burningMs).toBeGreaterThanOrEqual(200);
    } finally {
      burner.stop();
    }
  });

  it('leaves no burner behind when its parent is killed without cleaning up', async () => {
    // A parent that starts burners, prints their pids, and is then SIGKILLed (no exit handlers run).
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'jiti/register',
        '-e',
        // Through jiti's loader, a TypeScript module imported from eval text comes as its default export.
        `import('${new URL('./cpu-burner.ts', import.meta.url).pathname}').then((module) => {
           const burner = (module.CpuBurner ?? module.default.CpuBurner).start(2);
           console.log(JSON.stringify(burner.pids()));
           setInterval(() => undefined, 1000);
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        if (out.includes('\n')) resolve(JSON.parse(out) as number[]);
      });
      parent.once('exit', (code) =>
        reject(new Error(`the parent exited with ${code} before starting burners`)),
      );
    });
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    parent.kill('SIGKILL');
    await waitUntil('the orphaned burners to exit', () => pids.every((pid) => !isAlive(pid)));
  });
});
