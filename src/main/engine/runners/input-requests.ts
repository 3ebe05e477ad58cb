import { z } from 'zod';
import { StaticInputError } from '../errors';
import { issuePath } from '../node-types/zod-issues';

export interface NodeInputRequest {
  runId: string;
  nodeId: string;
  nodeType: string;
  hierarchyPath: string;
  inputSchema: unknown;
}

/** Answers a node's request for input; the host (a prompt, the window) decides how. */
export type NodeInputHandler = (request: NodeInputRequest) => Promise<unknown>;

interface Pending {
  schema: z.ZodType;
  resolve: (input: unknown) => void;
}

/** Nodes waiting for input, by hierarchy path, until the host answers with a valid input. */
export class InputRequests {
  private readonly pending = new Map<string, Pending>();

  wait(hierarchyPath: string, schema: z.ZodType): Promise<unknown> {
    return new Promise((resolve) => this.pending.set(hierarchyPath, { schema, resolve }));
  }

  get waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** Validates and delivers an answer; a bad one throws and the node keeps waiting. */
  answer(hierarchyPath: string, input: unknown): void {
    const entry = this.pending.get(hierarchyPath);
    if (!entry) throw new Error(`no node is waiting for input at "${hierarchyPath}"`);
    const parsed = entry.schema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StaticInputError(
        hierarchyPath,
        issue ? issuePath(issue.path) : '(root)',
        issue?.message ?? 'invalid',
      );
    }
    this.pending.delete(hierarchyPath);
    entry.resolve(parsed.data);
  }
}

export function jsonSchemaOf(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any' });
  } catch {
    return {};
  }
}
