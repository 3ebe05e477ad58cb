import { AgentDefinition, FlowDefinition } from '../../src/main/engine/definitions/component';
import { NodeDefinition } from '../../src/main/engine/definitions/node';
import { RunContext } from '../../src/main/engine/run-context';
import { AgentRunner } from '../../src/main/engine/runners/agent-runner';
import { testNodeTypes } from '../engine/test-node-types';

/**
 * An agent that writes outcome files and says something. The `second` version says something
 * else, rewrites a.md, deletes b.md, adds d.md, and has one more node, as a changed prompt might.
 */
export function writerAgent(version: 'first' | 'second'): AgentDefinition {
  const first = version === 'first';
  const flow = new FlowDefinition()
    .node(
      'write',
      new NodeDefinition('file_operation', {
        base_directory: '$var{outcome_repo_dir}',
        operations: [
          { type: 'create_file', path: 'a.md', content: 'alpha\n' },
          { type: 'create_file', path: 'b.md', content: 'beta\n' },
        ],
        commit: true,
        commit_message: 'write a and b',
      }),
    )
    .node(
      'say',
      new NodeDefinition('echo', {
        value: first ? { text: 'hello', n: [1, 2] } : { text: 'hello there', n: [1, 2, 3] },
        tokens: first ? 10 : 12,
        cost: first ? 0.01 : 0.015,
      }),
    )
    .node(
      'edit',
      new NodeDefinition('file_operation', {
        base_directory: '$var{outcome_repo_dir}',
        operations: first
          ? [{ type: 'create_file', path: 'c.md', content: 'gamma\n' }]
          : [
              { type: 'create_file', path: 'a.md', content: 'alpha, second\n', overwrite: true },
              { type: 'delete_file', path: 'b.md' },
              { type: 'create_file', path: 'd.md', content: 'delta\n' },
            ],
        commit: true,
        commit_message: 'edit files',
      }),
    );
  if (!first)
    flow.node('extra', new NodeDefinition('echo', { value: 'only in the second', tokens: 1, cost: 0.001 }));
  return new AgentDefinition().flow('main', flow);
}

/** An agent of one node that says `text` (it needs no outcome repository). */
export function sayAgent(text: string): AgentDefinition {
  return new AgentDefinition().flow(
    'main',
    new FlowDefinition().node('say', new NodeDefinition('echo', { value: text })),
  );
}

/** Runs an agent in a project folder and returns its run's id and directory. */
export async function runAgent(
  projectRoot: string,
  agent: AgentDefinition,
  options: {
    rootComponentId?: string;
    previousRunId?: string;
    startHierarchyPath?: string;
    enableOutcomeRepo?: boolean;
    /** Default `demo`; null lets the run read it from the project's config. */
    projectIdentifier?: string | null;
  } = {},
): Promise<{ runId: string; runDir: string }> {
  const context = new RunContext({
    rootComponentId: options.rootComponentId ?? 'writer',
    projectRoot,
    projectIdentifier: options.projectIdentifier === null ? undefined : (options.projectIdentifier ?? 'demo'),
    previousRunId: options.previousRunId,
    startHierarchyPath: options.startHierarchyPath,
    enableOutcomeRepo: options.enableOutcomeRepo,
  });
  const result = await new AgentRunner(agent, context, { nodeTypes: testNodeTypes() }).run();
  if (result.execution_status !== 'completed') {
    throw new Error(`the test agent did not complete: ${JSON.stringify(result.error)}`);
  }
  return { runId: context.runId, runDir: context.runDir };
}
