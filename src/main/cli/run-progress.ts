import type { RunEvent } from '../engine/events';
import { formatCost, formatSeconds, formatTokens } from './format';
import type { CliIo } from './io';

export interface RunEnd {
  status: string;
  error: string | null;
}

/**
 * Prints a run as it goes: a line when a node starts and when it ends (status, duration, tokens),
 * reused nodes marked with the run they come from, outcome commits, each distinct warning once,
 * and a closing line. With `stream`, the models' text is printed as it arrives.
 */
export class RunProgress {
  ended: RunEnd | null = null;
  private readonly startedAt = new Map<string, number>();
  private readonly warned = new Set<string>();
  private runStartedAt: number | null = null;
  private executed = 0;
  private reused = 0;
  private tokens = 0;
  private cost = 0;
  /** The node whose streamed text is being printed (the line is open). */
  private streaming: string | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly options: { stream: boolean },
  ) {}

  readonly handle = (event: RunEvent): void => {
    switch (event.type) {
      case 'run_started':
        this.runStartedAt = Date.parse(event.at);
        break;
      case 'node_started':
        this.closeStream();
        this.startedAt.set(event.hierarchyPath, Date.now());
        this.line('started', `${event.hierarchyPath} (${event.nodeType})`);
        break;
      case 'node_output_delta':
        if (!this.options.stream) break;
        if (this.streaming !== event.hierarchyPath) {
          this.closeStream();
          this.streaming = event.hierarchyPath;
          this.io.write('    ');
        }
        this.io.write(event.text.replace(/\n/g, '\n    '));
        break;
      case 'node_completed': {
        this.closeStream();
        const result = event.result;
        if (event.reusedFrom) {
          this.reused++;
          this.line('reused', `${event.hierarchyPath}  reused from ${event.reusedFrom}`);
          break;
        }
        this.executed++;
        this.tokens += result.usage_total_tokens ?? 0;
        this.cost += result.usage_cost ?? 0;
        const started = this.startedAt.get(event.hierarchyPath);
        const parts = [
          event.hierarchyPath,
          started === undefined ? '-' : formatSeconds((Date.now() - started) / 1000),
        ];
        if (result.usage_total_tokens) parts.push(`${formatTokens(result.usage_total_tokens)} tokens`);
        if (result.error) parts.push(`error: ${result.error}`);
        this.line(result.execution_status, parts.join('  '));
        break;
      }
      case 'node_input_required':
        this.closeStream();
        this.line('waiting', `${event.hierarchyPath} needs its input`);
        break;
      case 'outcome_commit':
        this.closeStream();
        this.line('commit', `${event.sha.slice(0, 10)} on ${event.branch}: ${event.message.split('\n')[0]}`);
        break;
      case 'log': {
        const severity = event.record.severity_text;
        const body =
          typeof event.record.body === 'string' ? event.record.body : JSON.stringify(event.record.body);
        if (severity === 'WARN' && !this.warned.has(body)) {
          this.warned.add(body);
          this.closeStream();
          this.line('warning', body);
        }
        break;
      }
      case 'run_ended': {
        this.closeStream();
        this.ended = { status: event.status, error: event.error };
        const seconds = this.runStartedAt === null ? null : (Date.parse(event.at) - this.runStartedAt) / 1000;
        const nodes = `${this.executed} node${this.executed === 1 ? '' : 's'} run${this.reused > 0 ? `, ${this.reused} reused` : ''}`;
        this.io.print(
          `${event.status} in ${formatSeconds(seconds)}: ${nodes}, ${formatTokens(this.tokens)} tokens, cost ${formatCost(this.cost)}`,
        );
        if (event.error) this.io.print(`error: ${event.error}`);
        break;
      }
      default:
        break;
    }
  };

  private line(label: string, text: string): void {
    this.io.print(`  ${label.padEnd(10)} ${text}`);
  }

  private closeStream(): void {
    if (this.streaming === null) return;
    this.io.write('\n');
    this.streaming = null;
  }
}
