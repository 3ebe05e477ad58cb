import type { RunEvent } from '../../shared/run-events';

export type NodeInputRequestEvent = Extract<RunEvent, { type: 'node_input_required' }>;
type NodeStartedEvent = Extract<RunEvent, { type: 'node_started' }>;

/**
 * The input requests of one hosted run that nobody has answered yet, kept from its events so that
 * a window opening (or reopening) the run later is sent them.
 *
 * Only runs hosted by this service are covered: a run of `dad agent run` in another process asks
 * on its own terminal, and nothing of its request reaches this process (the run's files hold no
 * trace of it), so no window can show or answer it.
 */
export class PendingInputs {
  private readonly requests = new Map<string, NodeInputRequestEvent>();
  /** Each waiting node's start: sent again once it is answered, which tells windows its form is done. */
  private readonly starts = new Map<string, NodeStartedEvent>();

  /** Follows the run: a request is kept until it is answered, its node ends or the run ends. */
  apply(event: RunEvent): void {
    switch (event.type) {
      case 'node_started':
        this.starts.set(event.hierarchyPath, event);
        break;
      case 'node_input_required':
        this.requests.set(event.hierarchyPath, event);
        break;
      case 'node_completed':
        this.requests.delete(event.hierarchyPath);
        this.starts.delete(event.hierarchyPath);
        break;
      case 'run_ended':
        this.requests.clear();
        this.starts.clear();
        break;
      default:
        break;
    }
  }

  /** The request waiting at `hierarchyPath`, if any. */
  at(hierarchyPath: string): NodeInputRequestEvent | undefined {
    return this.requests.get(hierarchyPath);
  }

  /**
   * Forgets `request` once its answer was accepted, and gives the node's start event: windows drop
   * a node's form when its start arrives after its request. Undefined when the node has asked
   * again meanwhile (that newer request stays pending) or nothing was waiting.
   */
  answered(request: NodeInputRequestEvent | undefined): NodeStartedEvent | undefined {
    if (!request || this.requests.get(request.hierarchyPath) !== request) return undefined;
    this.requests.delete(request.hierarchyPath);
    return this.starts.get(request.hierarchyPath);
  }

  list(): NodeInputRequestEvent[] {
    return [...this.requests.values()];
  }
}
