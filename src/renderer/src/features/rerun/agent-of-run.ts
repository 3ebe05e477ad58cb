import type { AgentInfo } from '../../../../shared/run-data';

/**
 * The agent that made a run, found by the root component id the run records: an agent's own id,
 * or the root component id its runner gives (DAD's `<agent>_root`). Undefined when none matches.
 */
export function agentOfRun(
  agents: readonly AgentInfo[],
  rootComponentId: string | null,
): AgentInfo | undefined {
  if (rootComponentId === null) return undefined;
  return (
    agents.find((agent) => agent.rootComponentId === rootComponentId) ??
    agents.find((agent) => agent.id === rootComponentId)
  );
}
