import { Component } from 'react';
import type { ReactNode } from 'react';

interface ErrorBoundaryProps {
  /** Names the part of the window that failed, e.g. "the window" or "the runs table". */
  area: string;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
}

/**
 * Shows a readable error in place of a part of the window that failed to render. React itself logs
 * the error to the console.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(thrown: unknown): ErrorBoundaryState {
    return { error: thrown instanceof Error ? thrown : new Error(String(thrown)) };
  }

  private readonly retry = (): void => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="error-panel" role="alert" data-testid="error-boundary">
        <h2 className="error-panel__title">Something went wrong in {this.props.area}</h2>
        <p className="error-panel__message" data-testid="error-boundary-message">
          {error.message || error.name}
        </p>
        {error.stack ? (
          <details className="error-panel__details">
            <summary>Details</summary>
            <pre>{error.stack}</pre>
          </details>
        ) : null}
        <button type="button" className="button" onClick={this.retry} data-testid="error-boundary-retry">
          Try again
        </button>
      </section>
    );
  }
}
