import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, type RunEvent } from '../../src/main/engine/events';
import { WriteBehindWriter } from '../../src/main/engine/io/write-behind';

/** A run's `.trace` folder in a temp dir, with the writer and bus a run would give the module. */
export interface TestTraceDir {
  traceDir: string;
  writer: WriteBehindWriter;
  bus: EventBus;
  events: RunEvent[];
  /** The parsed lines of a `.trace` file, after everything queued has been written. */
  readLines(file: 'trace.jsonl' | 'logs.jsonl' | 'metrics.jsonl'): Promise<Record<string, unknown>[]>;
  remove(): Promise<void>;
}

export async function createTestTraceDir(): Promise<TestTraceDir> {
  const root = await mkdtemp(join(tmpdir(), 'dad-observability-'));
  const traceDir = join(root, 'run_1', '.trace');
  await mkdir(traceDir, { recursive: true });
  for (const file of ['trace.jsonl', 'logs.jsonl', 'metrics.jsonl'])
    await writeFile(join(traceDir, file), '');
  const writer = new WriteBehindWriter();
  const bus = new EventBus();
  const events: RunEvent[] = [];
  bus.subscribe((event) => events.push(event));
  return {
    traceDir,
    writer,
    bus,
    events,
    async readLines(file) {
      await writer.flush();
      const text = await readFile(join(traceDir, file), 'utf8');
      return text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
