import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createJiti } from 'jiti';
import type * as Engine from '../engine';
import type { RunnerSpec } from '../engine';
import { assertAgentId } from './agent-id';
import { listAgents, runnerFileOf } from './list-agents';
import { agentLoadError } from './load-error';
import { ProjectError } from './project-error';

/** How a project's files import the engine. */
export const ENGINE_IMPORT = 'dad-run-inspector/engine';

/**
 * Imports `src/runners/<id>.ts` and returns the `runner` it exports (made by defineRunner).
 *
 * Agent files are TypeScript, compiled as they load. They get the very engine module this code
 * runs with (not a second copy of it), so the definitions they build are instances of the classes
 * the runners check for, wherever this runs: the CLI, the desktop app's bundle, or tests.
 * Modules are imported afresh on every call (edits show up in a long-running app); compiled
 * output is cached on disk by content, so an unchanged file is not compiled twice.
 */
export function loadRunner(root: string, agentId: string): Promise<RunnerSpec> {
  // One load at a time: loads that overlap see the engine's virtual module as undefined.
  const load = loading.then(() => loadRunnerNow(root, agentId));
  loading = load.catch(() => undefined);
  return load;
}

let loading: Promise<unknown> = Promise.resolve();

async function loadRunnerNow(root: string, agentId: string): Promise<RunnerSpec> {
  assertAgentId(agentId);
  const runnerFile = runnerFileOf(root, agentId);
  if (!existsSync(runnerFile)) {
    const known = (await listAgents(root)).map((agent) => agent.id);
    throw new ProjectError(
      'unknown_agent',
      `no agent "${agentId}" in ${root}: there is no src/runners/${agentId}.ts. ` +
        (known.length > 0 ? `Agents here: ${known.join(', ')}. ` : 'This project has no agents yet. ') +
        `Run \`dad agent create ${agentId}\` to add it.`,
    );
  }
  // Loaded here, not at the top, so that a wrong agent id is reported without loading the engine.
  const engine = await import('../engine');
  const jiti = createJiti(pathToFileURL(runnerFile).href, {
    virtualModules: { [ENGINE_IMPORT]: engine },
    moduleCache: false,
    fsCache: true,
  });
  let module: Record<string, unknown>;
  try {
    module = await jiti.import<Record<string, unknown>>(runnerFile);
  } catch (error) {
    throw agentLoadError(error, { agentId, projectRoot: root, runnerFile });
  }
  const runner = module.runner;
  const file = `src/runners/${agentId}.ts`;
  if (runner === undefined) {
    const exported = Object.keys(module).filter((key) => key !== 'default' && key !== '__esModule');
    throw new ProjectError(
      'not_a_runner',
      `${file} does not export \`runner\`` +
        (exported.length > 0 ? ` (it exports ${exported.join(', ')})` : '') +
        `: add \`export const runner = defineRunner({ definition, rootComponentId: '${agentId}' })\``,
      { location: { file: runnerFile, line: null, column: null } },
    );
  }
  if (!isRunnerSpec(runner, engine)) {
    throw new ProjectError(
      'not_a_runner',
      `\`runner\` exported by ${file} was not made by defineRunner(...) from '${ENGINE_IMPORT}'`,
      { location: { file: runnerFile, line: null, column: null } },
    );
  }
  return runner;
}

function isRunnerSpec(value: unknown, engine: typeof Engine): value is RunnerSpec {
  if (value === null || typeof value !== 'object') return false;
  const spec = value as Partial<RunnerSpec>;
  return (
    (spec.definition instanceof engine.AgentDefinition || spec.definition instanceof engine.FlowDefinition) &&
    typeof spec.rootComponentId === 'string' &&
    Array.isArray(spec.nodeTypes)
  );
}
