import { NEEDS_TOKEN_MESSAGE } from '../../api/ws-url';
import { useConnectionStore } from '../../stores/connection-store';

/** Says so when the browser window has lost its connection to the service and is trying again. */
export function ConnectionBanner() {
  const status = useConnectionStore((state) => state.status);
  const generation = useConnectionStore((state) => state.generation);
  if (status.state === 'open' || status.state === 'stopped') return null;
  if (status.state === 'connecting' && generation === 0 && status.attempt === 0) return null;
  if (status.state === 'reconnecting' && status.reason === NEEDS_TOKEN_MESSAGE) {
    return (
      <div className="connection-banner" role="alert" data-testid="connection-banner" data-needs-token="true">
        <span className="connection-banner__dot" aria-hidden="true" />
        <strong>This address needs its token</strong>
        <span className="connection-banner__detail">
          Open the link <code>dad serve</code> printed (it ends in <code>?token=…</code>); this browser then
          keeps it, and this page connects by itself.
        </span>
      </div>
    );
  }
  const detail =
    status.state === 'reconnecting'
      ? `attempt ${status.attempt}, next try in ${Math.max(1, Math.round(status.retryInMs / 1000))} s (${status.reason})`
      : 'connecting…';
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="connection-banner__dot" aria-hidden="true" />
      <strong>{generation === 0 ? 'Not connected — retrying' : 'Disconnected — reconnecting'}</strong>
      <span className="connection-banner__detail">{detail}</span>
    </div>
  );
}

/** The transport and its state, for the status bar. */
export function ConnectionStatusLine() {
  const kind = useConnectionStore((state) => state.kind);
  const status = useConnectionStore((state) => state.status);
  const label = kind === 'desktop' ? 'desktop app' : 'browser';
  return (
    <span
      className={`connection-line connection-line--${status.state}`}
      data-testid="connection-status"
      data-state={status.state}
    >
      <span className="connection-line__dot" aria-hidden="true" />
      {label} · {status.state === 'open' ? 'connected' : status.state}
    </span>
  );
}
