import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { TypedColumn } from '../typed-columns';
import { WorkSlices } from '../work-slices';

/**
 * The container of a saved index: a fixed preamble, a JSON header, then typed-array sections
 * written as their bytes are (little-endian, as every machine this runs on), each on an 8-byte
 * boundary so it reads straight into a typed array. The header and the sections each carry a
 * CRC-32: a cut, overwritten or half-written file is refused, never read as an index.
 *
 *   0  "DADRIDX\0"   8  format (u32)   12  header bytes (u32)   16  header CRC (u32)   20  0 (u32)
 *   24 header JSON, then sections in the header's order
 */
export const INDEX_FILE_FORMAT = 1;

const MAGIC = Buffer.from('DADRIDX\0', 'latin1');
const PREAMBLE_BYTES = 24;
/** A header holds a few hundred problems at most: anything larger is not one of ours. */
const MAX_HEADER_BYTES = 16 << 20;
/** Bytes checksummed between two looks at the clock. */
const CRC_CHUNK = 4 << 20;

export type SectionKind = 'f64' | 'u32' | 'i32' | 'u8';

export interface SectionEntry {
  name: string;
  kind: SectionKind;
  /** Elements, not bytes. */
  length: number;
}

interface IndexFileHeader {
  meta: unknown;
  sections: SectionEntry[];
  sectionsCrc: number;
}

export type Sections = Map<string, TypedColumn>;

/** Why a saved file is not used (it is then rebuilt): said in a few words, for notes and tests. */
export class IndexFileRefused extends Error {}

const ELEMENT_BYTES: Record<SectionKind, number> = { f64: 8, u32: 4, i32: 4, u8: 1 };

export function kindOf(column: TypedColumn): SectionKind {
  if (column instanceof Float64Array) return 'f64';
  if (column instanceof Uint32Array) return 'u32';
  if (column instanceof Int32Array) return 'i32';
  return 'u8';
}

function newColumn(kind: SectionKind, length: number): TypedColumn {
  if (kind === 'f64') return new Float64Array(length);
  if (kind === 'u32') return new Uint32Array(length);
  if (kind === 'i32') return new Int32Array(length);
  return new Uint8Array(length);
}

function bytesOf(column: TypedColumn): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

const aligned = (offset: number) => Math.ceil(offset / 8) * 8;

/** Where the sections end, which is where the file must end. */
function fileEnd(headerBytes: number, sections: readonly SectionEntry[]): number {
  let end = aligned(PREAMBLE_BYTES + headerBytes);
  for (const section of sections) end = aligned(end + section.length * ELEMENT_BYTES[section.kind]);
  return end;
}

async function crcInSlices(columns: Iterable<TypedColumn>, slices: WorkSlices, from = 0): Promise<number> {
  let crc = from;
  for (const column of columns) {
    const bytes = bytesOf(column);
    for (let from = 0; from < bytes.length; from += CRC_CHUNK) {
      crc = crc32(bytes.subarray(from, Math.min(bytes.length, from + CRC_CHUNK)), crc);
      if (slices.due()) await slices.pause();
    }
  }
  return crc;
}

/**
 * Writes the file next to its place under a name of its own, then renames it into place: a reader
 * sees the old file or the new one, never half of one, and two writers at once each rename a
 * whole file (the last one stays).
 */
export async function writeIndexFile(
  path: string,
  meta: unknown,
  sections: ReadonlyMap<string, TypedColumn>,
): Promise<void> {
  const entries: SectionEntry[] = [...sections].map(([name, column]) => ({
    name,
    kind: kindOf(column),
    length: column.length,
  }));
  const sectionsCrc = await crcInSlices(sections.values(), new WorkSlices());
  const header = Buffer.from(
    JSON.stringify({ meta, sections: entries, sectionsCrc } satisfies IndexFileHeader),
  );
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt32LE(INDEX_FILE_FORMAT, 8);
  preamble.writeUInt32LE(header.length, 12);
  preamble.writeUInt32LE(crc32(header), 16);

  const temp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  let handle: FileHandle | null = await open(temp, 'wx', 0o600);
  try {
    let position = 0;
    const write = async (bytes: Uint8Array) => {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await (handle as FileHandle).write(
          bytes,
          done,
          bytes.length - done,
          position,
        );
        done += bytesWritten;
        position += bytesWritten;
      }
    };
    await write(Buffer.concat([preamble, header]));
    for (const column of sections.values()) {
      await write(new Uint8Array(aligned(position) - position));
      await write(bytesOf(column));
    }
    await write(new Uint8Array(aligned(position) - position));
    await handle.close();
    handle = null;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** A saved file whose header was read and checked; its sections are read only when asked for. */
export interface OpenedIndexFile {
  meta: unknown;
  /** Every section, checked against the CRC; refused (IndexFileRefused) when they do not match. */
  readSections(): Promise<Sections>;
  close(): Promise<void>;
}

/** Opens a saved file and checks its preamble and header; null when there is none. */
export async function openIndexFile(path: string): Promise<OpenedIndexFile | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const preamble = await readExactly(handle, 0, PREAMBLE_BYTES, size);
    if (!preamble.subarray(0, 8).equals(MAGIC)) throw new IndexFileRefused('not a saved index');
    const format = preamble.readUInt32LE(8);
    if (format !== INDEX_FILE_FORMAT)
      throw new IndexFileRefused(`saved in format ${format}, not ${INDEX_FILE_FORMAT}`);
    const headerBytes = preamble.readUInt32LE(12);
    if (headerBytes > MAX_HEADER_BYTES) throw new IndexFileRefused('its header is too large');
    const headerText = await readExactly(handle, PREAMBLE_BYTES, headerBytes, size);
    if (crc32(headerText) !== preamble.readUInt32LE(16)) throw new IndexFileRefused('its header is damaged');
    const header = parseHeader(headerText);
    if (fileEnd(headerBytes, header.sections) !== size)
      throw new IndexFileRefused('it is cut short or too long');
    const opened = handle;
    return {
      meta: header.meta,
      readSections: () => readSections(opened, aligned(PREAMBLE_BYTES + headerBytes), header),
      close: () => opened.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads every section into a typed array of its own, checksumming each while the next is read. */
async function readSections(handle: FileHandle, start: number, header: IndexFileHeader): Promise<Sections> {
  const columns = header.sections.map((entry) => newColumn(entry.kind, entry.length));
  const positions: number[] = [];
  let position = start;
  for (const column of columns) {
    positions.push(position);
    position = aligned(position + column.byteLength);
  }
  const slices = new WorkSlices();
  let crc = 0;
  let reading = columns.length > 0 ? readInto(handle, columns[0] as TypedColumn, start) : null;
  for (let i = 0; i < columns.length; i++) {
    await reading;
    const next = columns[i + 1];
    reading = next ? readInto(handle, next, positions[i + 1] as number) : null;
    // Not left unhandled while the checksum runs: it is awaited on the next turn (or below).
    reading?.catch(() => undefined);
    crc = await crcInSlices([columns[i] as TypedColumn], slices, crc);
  }
  await reading;
  if (crc !== header.sectionsCrc) throw new IndexFileRefused('its data is damaged (checksum)');
  return new Map(header.sections.map((entry, i) => [entry.name, columns[i] as TypedColumn]));
}

async function readInto(handle: FileHandle, column: TypedColumn, position: number): Promise<void> {
  const bytes = bytesOf(column);
  let got = 0;
  while (got < bytes.length) {
    const { bytesRead } = await handle.read(bytes, got, bytes.length - got, position + got);
    if (bytesRead === 0) throw new IndexFileRefused('it is cut short');
    got += bytesRead;
  }
}

async function readExactly(
  handle: FileHandle,
  position: number,
  length: number,
  size: number,
): Promise<Buffer> {
  if (position + length > size) throw new IndexFileRefused('it is cut short');
  const bytes = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(bytes, got, length - got, position + got);
    if (bytesRead === 0) throw new IndexFileRefused('it is cut short');
    got += bytesRead;
  }
  return bytes;
}

const headerSchema = z.object({
  meta: z.unknown(),
  sections: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['f64', 'u32', 'i32', 'u8']),
      length: z.number().int().nonnegative(),
    }),
  ),
  sectionsCrc: z.number().int(),
});

function parseHeader(text: Buffer): IndexFileHeader {
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch {
    throw new IndexFileRefused('its header is not JSON');
  }
  const header = headerSchema.safeParse(value);
  if (!header.success) throw new IndexFileRefused('its header is not one of a saved index');
  return header.data;
}
