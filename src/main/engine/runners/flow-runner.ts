import type { FlowDefinition } from '../definitions/component';
import type { RunContext } from '../run-context';
import { ComponentRunner, type RunnerOptions } from './component-runner';

/** Runs a flow as the root component of a run. */
export class FlowRunner extends ComponentRunner {
  protected readonly runnerSpanName = 'FlowRunner.run_flow';

  constructor(flow: FlowDefinition, context: RunContext, options?: RunnerOptions) {
    super(flow, context, options);
  }
}
