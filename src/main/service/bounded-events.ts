import type { RunEvent } from '../../shared/run-events';
import type { NodeExecutionResult } from '../../shared/run-records';
import { utf16PieceEnd, VALUE_PREVIEW_LENGTH, type LongValue } from '../../shared/text-pieces';
import { cutLongValues, valueText } from './long-values';

/**
 * What the values of one pushed event may weigh together: a run's events go to every watching
 * window as they happen, so a 50 MB attribute is pushed as its start and fetched on demand.
 */
const EVENT_VALUES_MAX_BYTES = 256 * 1024;

/**
 * The event as windows are sent it: span attributes cut as replies cut them (start plus
 * `longAttributes`), long strings of a node's result or a log record cut and the event marked,
 * and a long output delta split into several. The run's own index keeps the whole values.
 */
export function boundedRunEvents(event: RunEvent): RunEvent[] {
  switch (event.type) {
    case 'span_started': {
      const [span] = cutLongValues([event.attributes], EVENT_VALUES_MAX_BYTES);
      if (!span?.longAttributes) return [event];
      return [{ ...event, attributes: span.values, longAttributes: span.longAttributes }];
    }
    case 'span_ended':
      return [boundedSpanEnd(event)];
    case 'node_completed': {
      const { value, cut } = boundedResult(event.result);
      return cut ? [{ ...event, result: value, resultCut: true }] : [event];
    }
    case 'log': {
      const body = boundedValue(event.record.body);
      const attributes = boundedValue(event.record.attributes);
      if (!body.cut && !attributes.cut) return [event];
      const record = {
        ...event.record,
        body: body.value,
        attributes: attributes.cut ? {} : event.record.attributes,
      };
      return [{ ...event, record, recordCut: true }];
    }
    case 'node_output_delta':
      return splitText(event.text).map((text) => ({ ...event, text }));
    default:
      return [event];
  }
}

function boundedSpanEnd(event: Extract<RunEvent, { type: 'span_ended' }>): RunEvent {
  const { span } = event;
  const [own, ...events] = cutLongValues(
    [span.attributes, ...span.events.map((spanEvent) => spanEvent.attributes)],
    EVENT_VALUES_MAX_BYTES,
  );
  const longEventAttributes: Record<string, Record<string, LongValue>> = {};
  events.forEach((cut, at) => {
    if (cut.longAttributes) longEventAttributes[String(at)] = cut.longAttributes;
  });
  if (!own?.longAttributes && Object.keys(longEventAttributes).length === 0) return event;
  return {
    ...event,
    span: {
      ...span,
      attributes: own?.values ?? {},
      events: span.events.map((spanEvent, at) => ({
        ...spanEvent,
        attributes: events[at]?.values ?? {},
      })),
    },
    ...(own?.longAttributes ? { longAttributes: own.longAttributes } : {}),
    ...(Object.keys(longEventAttributes).length > 0 ? { longEventAttributes } : {}),
  };
}

/** The result's user values (input, output, outcome, errors) bounded one by one. */
function boundedResult(result: NodeExecutionResult): { value: NodeExecutionResult; cut: boolean } {
  let cut = false;
  const value: Record<string, unknown> = { ...result };
  for (const key of ['input', 'output', 'outcome', 'error', 'errors'] as const) {
    if (!(key in result)) continue;
    const bounded = boundedValue(result[key]);
    value[key] = bounded.value;
    cut ||= bounded.cut;
  }
  return { value: value as unknown as NodeExecutionResult, cut };
}

/**
 * The value with every string longer than the preview cut to its start; when it still weighs too
 * much (a huge array of short strings), the start of its JSON text stands in for it.
 */
function boundedValue(value: unknown): { value: unknown; cut: boolean } {
  const state = { cut: false };
  const cutValue = cutStrings(value, state);
  if (!state.cut && !(typeof value === 'object' && value !== null)) return { value, cut: false };
  const { text } = valueText(cutValue);
  if (Buffer.byteLength(text) <= EVENT_VALUES_MAX_BYTES)
    return { value: state.cut ? cutValue : value, cut: state.cut };
  return { value: text.slice(0, utf16PieceEnd(text, 0, VALUE_PREVIEW_LENGTH)), cut: true };
}

function cutStrings(value: unknown, state: { cut: boolean }): unknown {
  if (typeof value === 'string') {
    if (value.length <= VALUE_PREVIEW_LENGTH) return value;
    state.cut = true;
    return value.slice(0, utf16PieceEnd(value, 0, VALUE_PREVIEW_LENGTH));
  }
  if (Array.isArray(value)) return value.map((item) => cutStrings(item, state));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cutStrings(item, state);
    return copy;
  }
  return value;
}

/** Output text in pieces no longer than the preview, split between characters. */
function splitText(text: string): string[] {
  if (text.length <= VALUE_PREVIEW_LENGTH) return [text];
  const pieces: string[] = [];
  for (let offset = 0; offset < text.length; ) {
    const end = utf16PieceEnd(text, offset, VALUE_PREVIEW_LENGTH);
    pieces.push(text.slice(offset, end));
    offset = end;
  }
  return pieces;
}
