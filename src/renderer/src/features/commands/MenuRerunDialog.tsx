import { useRerunRequestStore } from '../../stores/rerun-request-store';
import { RerunDialog } from '../rerun/RerunDialog';

/** The re-run dialog the Run menu's "Re-run from node" opens for the selected node of `runId`. */
export function MenuRerunDialog({ runId }: { runId: string }) {
  const request = useRerunRequestStore((state) => (state.request?.runId === runId ? state.request : null));
  if (!request) return null;
  return (
    <RerunDialog
      runId={request.runId}
      agentId={request.agentId}
      nodeId={request.nodeId}
      hierarchyPath={request.hierarchyPath}
      onClose={() => useRerunRequestStore.getState().clear()}
    />
  );
}
