import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../file-operation/path-guard';
import { readFileFacts } from './file-facts';
import { IgnoreRules } from './ignore-rules';
import type { WalkOptions } from './settings';

export interface FileEntry {
  /** Relative to the analysed folder, with `/` separators. */
  path: string;
  type: 'file';
  size: number;
  lines?: number;
  content?: string;
  binary?: true;
  note?: string;
}

export interface DirectoryEntry {
  path: string;
  type: 'directory';
  /** Total size of the files listed below it. */
  size: number;
  children: TreeEntry[];
  /** Set when max_depth stopped the listing here. */
  truncated?: true;
  /** Set when the directory could not be read. */
  error?: string;
}

export type TreeEntry = FileEntry | DirectoryEntry;

export interface WalkTotals {
  total_files: number;
  total_directories: number;
  total_size: number;
  file_types: Record<string, number>;
  total_lines: number;
}

export interface WalkResult {
  entries: TreeEntry[];
  totals: WalkTotals;
}

const NO_EXTENSION = '(none)';

/** Walks a folder without following links out of it, honouring .gitignore files at every level. */
class FolderWalk {
  readonly totals: WalkTotals = {
    total_files: 0,
    total_directories: 0,
    total_size: 0,
    file_types: {},
    total_lines: 0,
  };

  constructor(
    private readonly root: string,
    private readonly options: WalkOptions,
  ) {}

  async directory(absoluteDir: string, relativeDir: string, depth: number, inherited: IgnoreRules) {
    const rules = this.options.respectGitignore ? await inherited.enter(absoluteDir, relativeDir) : inherited;
    const dirents = (await readdir(absoluteDir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const entries: TreeEntry[] = [];
    for (const dirent of dirents) {
      if (this.options.signal.aborted) throw new Error('cancelled');
      const entry = await this.entry(dirent, absoluteDir, relativeDir, depth, rules);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  private skippedByName(name: string): boolean {
    if (!this.options.includeHidden && name.startsWith('.')) return true;
    // git never lists its own directory, so with gitignore semantics neither do we.
    return this.options.respectGitignore && name === '.git';
  }

  /** The real file behind `absolute` when it is a file that stays inside the root; links to folders are not followed. */
  private async fileTarget(dirent: Dirent, absolute: string): Promise<string | null> {
    if (dirent.isFile()) return absolute;
    if (!dirent.isSymbolicLink()) return null;
    const target = await realpath(absolute).catch(() => null);
    if (target === null || !isInside(this.root, target)) return null;
    return (await stat(target)).isFile() ? target : null;
  }

  private async entry(
    dirent: Dirent,
    absoluteDir: string,
    relativeDir: string,
    parentDepth: number,
    rules: IgnoreRules,
  ): Promise<TreeEntry | null> {
    if (this.skippedByName(dirent.name)) return null;
    const absolute = path.join(absoluteDir, dirent.name);
    const relative = relativeDir === '' ? dirent.name : `${relativeDir}/${dirent.name}`;
    const depth = parentDepth + 1;

    if (dirent.isDirectory()) {
      if (rules.isIgnored(relative, true)) return null;
      return this.directoryEntry(absolute, relative, depth, rules);
    }
    const target = await this.fileTarget(dirent, absolute);
    if (target === null || rules.isIgnored(relative, false)) return null;
    return this.fileEntry(target, relative);
  }

  private async directoryEntry(
    absolute: string,
    relative: string,
    depth: number,
    rules: IgnoreRules,
  ): Promise<DirectoryEntry> {
    this.totals.total_directories++;
    const entry: DirectoryEntry = { path: relative, type: 'directory', size: 0, children: [] };
    if (this.options.maxDepth !== undefined && depth >= this.options.maxDepth) {
      entry.truncated = true;
      return entry;
    }
    try {
      entry.children = await this.directory(absolute, relative, depth, rules);
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      entry.error = (error as Error).message;
    }
    entry.size = entry.children.reduce((sum, child) => sum + child.size, 0);
    return entry;
  }

  private async fileEntry(absolute: string, relative: string): Promise<FileEntry> {
    const { size } = await stat(absolute);
    const facts = await readFileFacts(absolute, size, this.options);
    const extension = path.extname(relative).toLowerCase() || NO_EXTENSION;
    this.totals.total_files++;
    this.totals.total_size += size;
    this.totals.file_types[extension] = (this.totals.file_types[extension] ?? 0) + 1;
    this.totals.total_lines += facts.lines ?? 0;

    const entry: FileEntry = { path: relative, type: 'file', size };
    if (facts.binary) entry.binary = true;
    if (facts.lines !== undefined) entry.lines = facts.lines;
    if (facts.content !== undefined) entry.content = facts.content;
    if (facts.note !== undefined) entry.note = facts.note;
    return entry;
  }
}

/** Lists `root` (a real, absolute directory path) as a tree, with totals. */
export async function walkFolder(root: string, options: WalkOptions): Promise<WalkResult> {
  const walk = new FolderWalk(root, options);
  const entries = await walk.directory(root, '', 0, IgnoreRules.fromExcludePatterns(options.excludePatterns));
  return { entries, totals: walk.totals };
}
