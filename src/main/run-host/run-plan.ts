import { join, resolve } from 'node:path';
import { projectIdentifierOf } from '../engine/project-identity';
import { newRunId } from '../engine/run-id';
import type { RunnerSpec } from '../engine/runner-spec';
import type { HostedRunPlan } from './run-host';

export interface RunLaunch {
  projectRoot: string;
  agentId: string;
  staticInputs?: Record<string, unknown>;
  runIdPrefix?: string;
  previousRunId?: string;
  startHierarchyPath?: string;
}

/**
 * Names a run and its folder before its process starts, by the rules the engine's RunContext
 * follows, so the parent knows where the run is even if the child dies during set-up.
 */
export function planHostedRun(spec: RunnerSpec, launch: RunLaunch): HostedRunPlan {
  const projectRoot = resolve(launch.projectRoot);
  const runRoot = join(projectRoot, 'runs');
  const effectiveRunRoot = spec.runRootSubpath ? join(runRoot, spec.runRootSubpath) : runRoot;
  const runId = newRunId({ prefix: launch.runIdPrefix ?? null, rerun: launch.previousRunId !== undefined });
  return {
    request: {
      runId,
      projectRoot,
      agentId: launch.agentId,
      staticInputs: launch.staticInputs,
      previousRunId: launch.previousRunId,
      startHierarchyPath: launch.startHierarchyPath,
    },
    runDir: join(effectiveRunRoot, runId),
    effectiveRunRoot,
    projectIdentifier: projectIdentifierOf(projectRoot),
    outcomeRepository: spec.enableOutcomeRepo,
    memoryLimitMb: spec.memoryLimitMb,
    timeoutSeconds: spec.timeoutSeconds,
  };
}
