import { useState } from 'react';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useProjectStore } from '../../stores/project-store';
import { agentOfRun } from './agent-of-run';
import { RerunDialog } from './RerunDialog';

/** Why a node of this run cannot be re-run from the window, or null when it can. */
function blockerOf(
  isDadProject: boolean,
  agentId: string | null,
  agentLoadError: string | null | undefined,
  running: boolean,
): string | null {
  if (running) return 'The run is still going: re-run from a node once it has ended.';
  if (!isDadProject) return 'This folder is not a DAD project: its agents cannot run here.';
  if (agentId === null) return 'The run does not say which agent made it.';
  if (agentLoadError === undefined) return `The project has no agent "${agentId}" any more.`;
  if (agentLoadError !== null) return `The agent "${agentId}" does not load: ${agentLoadError}`;
  return null;
}

/** "Re-run from here" for a node of a past run, with the dialog it opens. */
export function RerunButton({
  runId,
  nodeId,
  hierarchyPath,
}: {
  runId: string;
  nodeId: string;
  hierarchyPath: string;
}) {
  const [open, setOpen] = useState(false);
  const running = useLiveRunStore((state) => state.run?.live === true || state.run?.status === 'running');
  const rootComponentId = useLiveRunStore((state) => state.summary?.rootComponentId ?? null);
  const isDadProject = useProjectStore((state) => state.project?.isDadProject ?? false);
  // The run records its root component, which may be named apart from the agent (`<agent>_root`).
  const agent = useProjectStore((state) => agentOfRun(state.project?.agents ?? [], rootComponentId));
  const agentId = agent?.id ?? rootComponentId;
  const blocker = blockerOf(isDadProject, agentId, agent?.loadError, running);

  return (
    <>
      <button
        type="button"
        className="button button--ghost button--small"
        data-testid="node-rerun"
        disabled={blocker !== null}
        title={blocker ?? `Run ${nodeId} and every node after it again, reusing the ones before`}
        onClick={() => setOpen(true)}
      >
        Re-run from here
      </button>
      {open && agentId !== null ? (
        <RerunDialog
          runId={runId}
          agentId={agentId}
          nodeId={nodeId}
          hierarchyPath={hierarchyPath}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
