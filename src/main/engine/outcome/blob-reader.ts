import { spawn } from 'node:child_process';
import { OutcomeRepositoryError } from '../errors';
import type { GitCommand } from './repository-git';

export interface GitObjectInfo {
  oid: string;
  type: string;
  /** Bytes. */
  size: number;
}

/** git's own test for a binary file: a NUL byte among the first 8,000. */
const BINARY_PROBE_BYTES = 8000;

const COMMIT_ID = /^[0-9a-fA-F]{4,64}$/;

/** Throws, naming the value, unless it is a commit id (full or abbreviated hex). */
export function assertCommitId(sha: string, source: string): void {
  if (!COMMIT_ID.test(sha)) {
    throw new OutcomeRepositoryError(
      `${source}: ${JSON.stringify(sha)} is not a commit id (4 to 64 hex digits)`,
    );
  }
}

/**
 * Looks objects up by revision expressions (`<sha>^{commit}`, `<sha>:<path>`) in one git call,
 * without reading them. A missing or ambiguous one maps to null.
 */
export async function lookUpObjects(
  run: GitCommand,
  repositoryDir: string,
  specs: readonly string[],
): Promise<(GitObjectInfo | null)[]> {
  for (const spec of specs) {
    // cat-file reads one expression a line.
    if (/[\r\n]/.test(spec)) {
      throw new OutcomeRepositoryError(
        `${JSON.stringify(spec)} holds a line break, so it cannot be looked up in ${repositoryDir}`,
      );
    }
  }
  if (specs.length === 0) return [];
  const output = await run(
    repositoryDir,
    ['cat-file', '--buffer', '--batch-check=%(objectname) %(objecttype) %(objectsize)'],
    { stdin: specs.map((spec) => `${spec}\n`).join('') },
  );
  const lines = output.split('\n');
  return specs.map((spec, index) => {
    const line = lines[index] ?? '';
    const match = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\S+) (\d+)$/.exec(line);
    if (match === null || line === `${spec} missing` || line === `${spec} ambiguous`) return null;
    return { oid: match[1], type: match[2], size: Number(match[3]) };
  });
}

/**
 * Reads at most `maxBytes` of a blob, stopping git once it has them, so that a file of any size
 * costs no more than the part shown.
 */
export function readBlobHead(repositoryDir: string, oid: string, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', 'blob', oid], {
      cwd: repositoryDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let received = 0;
    let enough = false;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (enough) return;
      chunks.push(chunk);
      received += chunk.length;
      if (received >= maxBytes) {
        enough = true;
        child.stdout.destroy();
        child.kill();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) =>
      reject(
        new OutcomeRepositoryError(`could not run git in ${repositoryDir}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    child.on('close', (code) => {
      if (enough || code === 0) {
        resolve(Buffer.concat(chunks).subarray(0, maxBytes));
      } else {
        reject(
          new OutcomeRepositoryError(
            `git cat-file blob ${oid} in ${repositoryDir} failed (exit ${code}): ${stderr.trim()}`,
          ),
        );
      }
    });
  });
}

export function looksBinary(head: Buffer): boolean {
  return head.subarray(0, BINARY_PROBE_BYTES).includes(0);
}

/** Decodes UTF-8, dropping a character cut in half at the end (the buffer may be a file's start). */
export function decodeHead(bytes: Buffer, complete: boolean): string {
  return new TextDecoder('utf-8').decode(bytes, { stream: !complete });
}

/** `52.4 MB`, `812 KB`, `17 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}
