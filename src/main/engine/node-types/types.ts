import type { z } from 'zod';
import type { RunEvent } from '../events';
import type { NodeUsage } from '../results';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a node's code may use while it runs. Everything run-specific comes through here. */
export interface NodeRunContext {
  readonly runId: string;
  readonly nodeId: string;
  readonly nodeType: string;
  /** Dotted hierarchy path, e.g. `my_agent.main_flow.summarize`. */
  readonly hierarchyPath: string;
  /** Absolute directory of this node inside the run directory. */
  readonly nodeDir: string;
  readonly runDir: string;
  readonly projectRoot: string;
  /** The run's outcome repository work tree, when the outcome repository is enabled. */
  readonly outcomeRepoDir: string | null;
  /** Aborted when the run is cancelled or times out; long work must stop when it fires. */
  readonly signal: AbortSignal;
  /** Run, component and loop variables visible to this node. */
  readonly variables: Readonly<Record<string, unknown>>;
  log(level: LogLevel, message: string, attributes?: Record<string, unknown>): void;
  /** Queues a JSON file in this node's directory (written behind, in order). */
  writeNodeFile(fileName: string, value: unknown): void;
  /** Stages everything in the outcome work tree and commits it; null when nothing changed. */
  commitOutcome(message: string): Promise<{ sha: string } | null>;
  /** Publishes a live event (for example streamed model text). */
  publish(event: RunEvent): void;
}

/** What a node type returns. A thrown error fails the node; `failure` fails it with a result. */
export interface NodeOutput {
  data: unknown;
  outcome: unknown;
  usage?: NodeUsage;
  /** Extra attributes for the node's span (`dad.node_internal.*`, `dad.result.*`). */
  spanAttributes?: Record<string, unknown>;
  /** Set when the node ran to the end but did not succeed (a command exited non-zero). */
  failure?: { message: string; errors?: string[] };
}

/**
 * A node type: its settings schema (checked when the definition is built, and again after templates
 * are rendered), its input schema (static inputs and answers to `node_input_required` are checked
 * against it before the run starts) and the work itself.
 */
export interface NodeTypeHandler<Settings = unknown, Input = unknown> {
  readonly nodeType: string;
  readonly settingsSchema: z.ZodType<Settings>;
  readonly inputSchema: z.ZodType<Input>;
  execute(context: NodeRunContext, settings: Settings, input: Input | undefined): Promise<NodeOutput>;
}
