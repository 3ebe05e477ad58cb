import { describe, expect, it } from 'vitest';
import { isNodeSpan } from './span-kinds';

describe('isNodeSpan', () => {
  it('tells node spans from runner and component spans', () => {
    expect(isNodeSpan('ai_model_call.execute')).toBe(true);
    expect(isNodeSpan('command.execute')).toBe(true);
    expect(isNodeSpan('agent.execute')).toBe(false);
    expect(isNodeSpan('flow.execute')).toBe(false);
    expect(isNodeSpan('loop.execute')).toBe(false);
    expect(isNodeSpan('conditional.execute')).toBe(false);
    expect(isNodeSpan('callback.execute')).toBe(true);
    expect(isNodeSpan('AgentRunner.run_agent')).toBe(false);
    expect(isNodeSpan('subprocess.exec')).toBe(false);
  });
});
