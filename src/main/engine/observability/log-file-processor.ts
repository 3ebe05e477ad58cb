import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { EventBus, LogRecordLine } from '../events';
import type { WriteBehindWriter } from '../io/write-behind';
import type { ResourceJson } from './resource';
import { prefixedId } from './span-record';
import { hrTimeToIsoMicros } from './time';

const NO_TRACE_ID = prefixedId('0'.repeat(32));
const NO_SPAN_ID = prefixedId('0'.repeat(16));

/** A log record in the JSON shape of OpenTelemetry Python's `LogRecord.to_json`. */
export function logRecordToLine(record: ReadWriteLogRecord, resource: ResourceJson): LogRecordLine {
  const spanContext = record.spanContext;
  return {
    body: record.body ?? null,
    severity_number: record.severityNumber ?? 0,
    severity_text: record.severityText ?? '',
    attributes: { ...record.attributes },
    dropped_attributes: record.droppedAttributesCount,
    timestamp: hrTimeToIsoMicros(record.hrTime),
    observed_timestamp: hrTimeToIsoMicros(record.hrTimeObserved),
    trace_id: spanContext ? prefixedId(spanContext.traceId) : NO_TRACE_ID,
    span_id: spanContext ? prefixedId(spanContext.spanId) : NO_SPAN_ID,
    trace_flags: spanContext?.traceFlags ?? 0,
    resource,
  };
}

/** Writes each log record as one line of `logs.jsonl` and publishes it on the event bus. */
export class LogFileProcessor implements LogRecordProcessor {
  private stopped = false;

  constructor(
    private readonly runId: string,
    private readonly logsPath: string,
    private readonly resource: ResourceJson,
    private readonly writer: WriteBehindWriter,
    private readonly bus: EventBus,
  ) {}

  onEmit(record: ReadWriteLogRecord): void {
    if (this.stopped) return;
    const line = logRecordToLine(record, this.resource);
    this.writer.appendLine(this.logsPath, JSON.stringify(line));
    this.bus.publish({ type: 'log', runId: this.runId, record: line });
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
