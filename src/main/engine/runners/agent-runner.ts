import type { AgentDefinition } from '../definitions/component';
import type { RunContext } from '../run-context';
import { ComponentRunner, type RunnerOptions } from './component-runner';

/** Runs an agent as the root component of a run. */
export class AgentRunner extends ComponentRunner {
  protected readonly runnerSpanName = 'AgentRunner.run_agent';

  constructor(agent: AgentDefinition, context: RunContext, options?: RunnerOptions) {
    super(agent, context, options);
  }
}
