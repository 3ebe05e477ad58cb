import type { CallError } from '../../../shared/contract';

interface ErrorBannerProps {
  /** What the user was doing, e.g. "Could not open the project". */
  title: string;
  error: CallError | null;
  onRetry?: () => void;
  onDismiss?: () => void;
  testId?: string;
  compact?: boolean;
}

/** The channel a message came through (`dad:run.summary: `), which tells a reader nothing. */
const CHANNEL_PREFIX = /^dad:[\w.-]+:\s*/;

/** A service message as a person should read it: without the channel it came through. */
export function readableMessage(message: string): string {
  return message.replace(CHANNEL_PREFIX, '');
}

/** A failed call shown where the user is: what failed, the service's message and code, and a way on. */
export function ErrorBanner({
  title,
  error,
  onRetry,
  onDismiss,
  testId = 'error-banner',
  compact,
}: ErrorBannerProps) {
  if (!error) return null;
  return (
    <div
      className={compact ? 'error-banner error-banner--compact' : 'error-banner'}
      role="alert"
      data-testid={testId}
    >
      <div className="error-banner__text">
        <strong className="error-banner__title">{title}</strong>
        <span className="error-banner__message" data-testid={`${testId}-message`}>
          {readableMessage(error.message)}
        </span>
        <span className="error-banner__code">{error.code}</span>
      </div>
      <div className="error-banner__actions">
        {onRetry ? (
          <button
            type="button"
            className="button button--small"
            onClick={onRetry}
            data-testid={`${testId}-retry`}
          >
            Retry
          </button>
        ) : null}
        {onDismiss ? (
          <button
            type="button"
            className="icon-button"
            onClick={onDismiss}
            aria-label="Dismiss"
            data-testid={`${testId}-dismiss`}
          >
            ×
          </button>
        ) : null}
      </div>
    </div>
  );
}
