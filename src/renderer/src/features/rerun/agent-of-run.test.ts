import { describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../../../shared/run-data';
import { agentOfRun } from './agent-of-run';

function agent(id: string, rootComponentId: string | null, loadError: string | null = null): AgentInfo {
  return { id, rootComponentId, description: null, loadError, nodes: [] };
}

describe('agentOfRun', () => {
  it('finds an agent whose runner names its root component otherwise (`<agent>_root`)', () => {
    const agents = [agent('summarizer', 'summarizer_root'), agent('writer', 'writer')];
    expect(agentOfRun(agents, 'summarizer_root')?.id).toBe('summarizer');
    expect(agentOfRun(agents, 'writer')?.id).toBe('writer');
  });

  it('prefers the runner that gives the id over an agent merely named like it', () => {
    const agents = [agent('a_root', 'a_root_main'), agent('a', 'a_root')];
    expect(agentOfRun(agents, 'a_root')?.id).toBe('a');
  });

  it('falls back to the agent id for an agent that does not load, and finds none for an unknown run', () => {
    const agents = [agent('broken', null, 'SyntaxError')];
    expect(agentOfRun(agents, 'broken')?.id).toBe('broken');
    expect(agentOfRun(agents, 'someone_else')).toBeUndefined();
    expect(agentOfRun(agents, null)).toBeUndefined();
  });
});
