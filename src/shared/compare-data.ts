/**
 * What the window is shown of the outcome history and of two runs compared: plain JSON, produced
 * by the main process, small enough to cross IPC or a WebSocket.
 */

// ---------------------------------------------------------------------------------------------
// Outcome history

/** How a file changed between two commits (git's rename detection included). */
export type OutcomeFileStatus = 'added' | 'removed' | 'changed' | 'renamed';

/** A ref pointing at a commit: `main`, `run/<run_id>`, `tags/v1`, `stash`. */
export interface GraphRef {
  name: string;
  kind: 'branch' | 'tag' | 'other';
}

/**
 * A line drawn from one row of the graph to the next: it leaves this row at `fromLane` (the
 * commit's own lane when it starts at the commit) and enters the next row at `toLane`.
 */
export interface GraphEdge {
  fromLane: number;
  toLane: number;
  /** The commit the line leads to (a parent of this row's commit or of one above it). */
  parentSha: string;
}

export interface GraphCommit {
  /** Position in the whole graph, newest first (topological order), from 0. */
  row: number;
  sha: string;
  parents: string[];
  subject: string;
  /** Author date, strict ISO 8601 with offset. */
  authoredAt: string;
  /** The run that made the commit: `Dad-Run` trailer, else a `[<run_id>] ...` subject. */
  runId: string | null;
  /** The node that made the commit: `Dad-Node` trailer. */
  nodeId: string | null;
  /** Branches and tags pointing at this commit. */
  refs: GraphRef[];
  /** The column the commit's dot is drawn in, from 0. */
  lane: number;
  /** Lines from this row down to the next one, the commit's own and those passing by. */
  edges: GraphEdge[];
}

/** Whether a run still has its branch, as the run directory remembers it. */
export interface RunBranchState {
  runId: string;
  branch: string;
  /**
   * `present`: the branch exists and holds every commit the run recorded; `branch_missing`: the
   * branch is gone; `rewritten`: the branch exists but a commit the run recorded is no longer on it.
   */
  state: 'present' | 'branch_missing' | 'rewritten';
  head: string | null;
  /** Says what is wrong, in words, for a state other than `present`. */
  detail: string | null;
}

export interface CommitGraphPage {
  repositoryDir: string;
  /** Commits reachable from any ref. */
  total: number;
  offset: number;
  commits: GraphCommit[];
  /** Lines entering the first row of this page from the row above it (none at offset 0). */
  edgesIntoFirst: GraphEdge[];
  /** Lanes needed to draw this page (the highest lane used, plus one). */
  laneCount: number;
  /** The state of the runs the caller asked about, in the order asked. */
  runs: RunBranchState[];
}

export interface CommitFileEntry {
  path: string;
  status: OutcomeFileStatus;
  /** Only for a rename: the path before it. */
  oldPath?: string;
}

export interface CommitFiles {
  sha: string;
  /** The first parent the files are compared with; null for a root commit. */
  parentSha: string | null;
  files: CommitFileEntry[];
}

/** A file as it was at one commit. */
export interface FileAtCommit {
  sha: string;
  path: string;
  exists: boolean;
  /** Bytes. */
  size: number | null;
  binary: boolean;
  /** True when only the start of the file is in `text` (the file is larger than the cap). */
  truncated: boolean;
  /** Null for a binary file, a missing one, or something that is not a file. */
  text: string | null;
  /** Why there is no text, or that it was cut short, in words. */
  message: string | null;
}

/** A hunk as jsdiff's `structuredPatch` makes it: each line starts with ' ', '-', '+' or '\'. */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/** One row of a side-by-side diff: the old line on the left, the new one on the right. */
export interface SideBySideRow {
  kind: 'context' | 'changed' | 'removed' | 'added' | 'gap';
  oldNumber: number | null;
  oldText: string | null;
  newNumber: number | null;
  newText: string | null;
}

export interface FileDiff {
  /** Null when the diff is against nothing (a root commit's file). */
  shaA: string | null;
  shaB: string;
  /** The path at `shaB` (for a removed file, at `shaA`). */
  path: string;
  /** The path at `shaA` when it differs (a rename). */
  oldPath?: string;
  status: OutcomeFileStatus | 'unchanged';
  sizeA: number | null;
  sizeB: number | null;
  binary: boolean;
  /** True when a side is over the diff cap: nothing was read or diffed. */
  tooLarge: boolean;
  /** Why there is no text diff (`too large to diff (52.4 MB)`, `binary files differ`), else null. */
  message: string | null;
  /** The unified diff text (with `---`/`+++` headers), or null when there is none. */
  unified: string | null;
  hunks: DiffHunk[];
  /** Only when asked for. */
  sideBySide?: SideBySideRow[];
  additions: number;
  deletions: number;
}

// ---------------------------------------------------------------------------------------------
// Compare two runs

export interface ComparedRun {
  runId: string;
  dir: string;
  rootComponentId: string | null;
  /** `initialized` without a live process reads as `interrupted`. */
  status: string;
  createdAt: string | null;
  completedAt: string | null;
  durationSeconds: number | null;
  /** Total tokens (`agg_usage_total_tokens`, else the sum over the run's nodes). */
  tokens: number | null;
  cost: number | null;
  previousRunId: string | null;
  startHierarchyPath: string | null;
  error: string | null;
  nodeCount: number;
}

/** One difference found by the structural JSON diff. */
export interface JsonChange {
  /** Where, from the compared value: `response.text`, `results[2].stdout`, `["odd key"]`; '' is the value itself. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Absent for `added`. Long strings are cut, with a marker saying how long they were. */
  before?: unknown;
  /** Absent for `removed`. */
  after?: unknown;
}

export interface JsonChangeList {
  changes: JsonChange[];
  /** Changes found beyond the cap and not listed. */
  omitted: number;
}

export interface OutcomeFileChange {
  path: string;
  status: OutcomeFileStatus;
  oldPath?: string;
  binary?: boolean;
  /** Bytes on each side; absent where the file does not exist. */
  sizeA?: number;
  sizeB?: number;
  /** Lines added and removed (absent for binary files). */
  linesAdded?: number;
  linesRemoved?: number;
}

export interface OutcomeComparison {
  available: boolean;
  /** Why the outcome files were not compared. */
  reason?: string;
  repositoryDir?: string;
  /** The tips of `run/<A>` and `run/<B>`: pass them to the file diff. */
  tipA?: string;
  tipB?: string;
  files: OutcomeFileChange[];
  counts: { added: number; removed: number; changed: number; renamed: number };
}

export interface NodeDifferences {
  status: boolean;
  output: boolean;
  outcome: boolean;
  /** Both known and apart by at least 10 ms and 10 %. */
  duration: boolean;
  tokens: boolean;
  cost: boolean;
}

export interface NodeComparison {
  /** Dotted, from the root component: `agent.flow.node`, `agent.flow.loop.iter_2.node`. */
  hierarchyPath: string;
  nodeId: string;
  inA: boolean;
  inB: boolean;
  statusA: string | null;
  statusB: string | null;
  /** B continues A and loaded this node from A unchanged (the same `result.json` bytes). */
  reusedInB?: boolean;
  /** A continues B and loaded this node from B unchanged. */
  reusedInA?: boolean;
  /** True when the node is only on one side, or differs in status, output, outcome, tokens or cost. */
  differsAtAll: boolean;
  differs: NodeDifferences;
  durationMsA: number | null;
  durationMsB: number | null;
  tokensA: number | null;
  tokensB: number | null;
  costA: number | null;
  costB: number | null;
  outputDiff?: JsonChangeList;
  outcomeDiff?: JsonChangeList;
}

export interface RunComparison {
  runA: ComparedRun;
  runB: ComparedRun;
  /** Same root component and same runs folder. */
  sameProject: boolean;
  /** Why the runs are not of one project, when they are not. */
  projectNote?: string;
  outcome: OutcomeComparison;
  /** In execution order (as far as the results tell), then by path. */
  nodes: NodeComparison[];
  nodeCounts: {
    total: number;
    differing: number;
    reused: number;
    onlyInA: number;
    onlyInB: number;
    status: number;
    output: number;
    outcome: number;
  };
  /** One sentence a user can paste. */
  summary: string;
  /** Files that could not be read, folders skipped, and the like. */
  problems: string[];
}
