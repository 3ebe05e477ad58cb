import type { RunEndStatus } from '../engine/run-context';
import type { ComponentRunner } from '../engine/runners/component-runner';
import { prepareRun } from '../engine/runner-spec';
import { errorMessage } from '../engine/errors';
import { loadRunner } from '../project/load-runner';
import { ChildEventSender } from './child-event-sender';
import type { ParentChannel } from './parent-channel';
import {
  describeSchemaIssue,
  errorDataOf,
  parentMessageSchema,
  type ParentMessage,
  type StartRequest,
} from './protocol';

/**
 * The child's side: waits for one start request, loads the agent, sets the run up (reporting
 * whether it started), runs it while streaming its events, answers input and cancel requests, and
 * says how the run ended. The parent tells it when to exit.
 */
export function serveRunInChild(channel: ParentChannel): void {
  let runner: ComponentRunner | null = null;
  let cancelReason: string | null = null;
  let started = false;
  let markEnded = () => {};
  const runEnded = new Promise<void>((resolve) => (markEnded = resolve));

  const handle = (message: ParentMessage) => {
    switch (message.type) {
      case 'start':
        if (started) return;
        started = true;
        void startRun(message.request);
        return;
      case 'cancel':
        cancelReason = message.reason;
        runner?.cancel(message.reason);
        return;
      case 'provide_input': {
        let error = null;
        try {
          if (!runner) throw new Error('the run has not started yet');
          runner.provideNodeInput(message.hierarchyPath, message.input);
        } catch (thrown) {
          error = errorDataOf(thrown);
        }
        channel.send({ type: 'input_answered', requestId: message.requestId, error });
        return;
      }
      case 'exit':
        process.exit(0);
    }
  };

  const startRun = async (request: StartRequest) => {
    const events = new ChildEventSender((message) => channel.send(message));
    let end: { status: RunEndStatus; error: string | null } | null = null;
    let prepared: ComponentRunner;
    try {
      const spec = await loadRunner(request.projectRoot, request.agentId);
      const { context, runner: made } = prepareRun(spec, {
        projectRoot: request.projectRoot,
        runId: request.runId,
        staticInputs: request.staticInputs,
        previousRunId: request.previousRunId,
        startHierarchyPath: request.startHierarchyPath,
      });
      context.events.subscribe((event) => {
        events.push(event);
        if (event.type === 'run_ended') end = { status: endStatusOf(event.status), error: event.error };
      });
      prepared = made;
      runner = made;
      if (cancelReason !== null) made.cancel(cancelReason);
      const setup = await made.setupRun();
      events.flush();
      channel.send({ type: 'started', runId: setup.runId, runDir: setup.runDir });
    } catch (error) {
      events.flush();
      channel.send({ type: 'start_failed', error: errorDataOf(error) });
      markEnded();
      return;
    }
    try {
      await prepared.run();
    } catch (error) {
      end ??= { status: 'failed', error: errorMessage(error) };
    }
    events.flush();
    markEnded();
    const ended = end as { status: RunEndStatus; error: string | null } | null;
    channel.send({
      type: 'ended',
      status: ended?.status ?? 'failed',
      error: ended?.error ?? 'the run ended without recording how',
    });
  };

  channel.onMessage((raw) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.error(`run host: ignored a message from the service (${describeSchemaIssue(parsed.error)})`);
      return;
    }
    handle(parsed.data);
  });
  // The run still records its end (cancelled) before the orphaned process goes.
  channel.onParentGone(() => {
    if (!runner) process.exit(0);
    handle({ type: 'cancel', reason: 'the inspector that started the run has gone' });
    runEnded.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  channel.send({ type: 'ready' });
}

function endStatusOf(status: string): RunEndStatus {
  return status === 'completed' || status === 'cancelled' || status === 'timeout' ? status : 'failed';
}
