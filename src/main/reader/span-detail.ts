import type { SpanLink, SpanOrigin } from '../../shared/run-data';
import { utf16PieceEnd, VALUE_PREVIEW_LENGTH } from '../../shared/text-pieces';
import { structuredAttributes } from './attribute-values';
import { objectOf } from './span-line';

/**
 * How a span's attribute values reach the window. `as-written`: exactly as the file holds them
 * (a string stays a string, even one that looks like JSON). `structured`: DAD writes structures
 * as JSON text (and Python writes reprs), so a DAD run's values are read back as what they spell.
 */
export type AttributeTyping = 'as-written' | 'structured';

/** Most links sent with a span; `linkCount` says how many it has. */
export const MAX_LINKS_SHOWN = 200;
/** Most resource or link attributes sent per resource or link. */
export const MAX_SIDE_ATTRIBUTES = 500;

/** A span's (or an event's) attributes as the typing says. */
export function attributesAs(attributes: unknown, typing: AttributeTyping): Record<string, unknown> {
  if (typing === 'structured') return structuredAttributes(attributes);
  return { ...objectOf(attributes) };
}

/**
 * Attributes beside the span's own (its resource's, its links'), which are not read in pieces:
 * every value longer than the preview keeps only its start, and `cut` names the keys so cut with
 * their whole length. At most {@link MAX_SIDE_ATTRIBUTES} keys are kept.
 */
export function boundedAttributes(attributes: unknown): {
  attributes: Record<string, unknown>;
  cut?: Record<string, number>;
  omitted?: number;
} {
  const source = objectOf(attributes);
  const keys = Object.keys(source);
  const out: Record<string, unknown> = {};
  const cut: Record<string, number> = {};
  for (const key of keys.slice(0, MAX_SIDE_ATTRIBUTES)) {
    const value = source[key];
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    if (text.length > VALUE_PREVIEW_LENGTH) {
      out[key] = text.slice(0, utf16PieceEnd(text, 0, VALUE_PREVIEW_LENGTH));
      cut[key] = text.length;
    } else {
      out[key] = value;
    }
  }
  return {
    attributes: out,
    ...(Object.keys(cut).length > 0 ? { cut } : {}),
    ...(keys.length > MAX_SIDE_ATTRIBUTES ? { omitted: keys.length - MAX_SIDE_ATTRIBUTES } : {}),
  };
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Where a span comes from: its service and resource (OpenTelemetry's `resource` object, as DAD and
 * imports write it) and its instrumentation scope (kept by imports as `otel.scope.*` attributes,
 * OpenTelemetry's rule for formats without scopes). Null when the span says neither.
 */
export function spanOriginOf(record: Record<string, unknown> | null): SpanOrigin | null {
  if (record === null) return null;
  const resource = objectOf(record.resource);
  const attributes = objectOf(record.attributes);
  const scopeName = textOrNull(attributes['otel.scope.name']) ?? textOrNull(objectOf(record.scope).name);
  const scope =
    scopeName === null
      ? null
      : {
          name: scopeName,
          version: textOrNull(attributes['otel.scope.version']) ?? textOrNull(objectOf(record.scope).version),
        };
  if (Object.keys(resource).length === 0 && scope === null) return null;
  const bounded = boundedAttributes(resource.attributes);
  return {
    serviceName: textOrNull(objectOf(resource.attributes)['service.name']),
    resourceAttributes: bounded.attributes,
    ...(bounded.cut ? { cutResourceAttributes: bounded.cut } : {}),
    ...(bounded.omitted ? { omittedResourceAttributes: bounded.omitted } : {}),
    schemaUrl: textOrNull(resource.schema_url),
    scope,
  };
}

/**
 * The span's links as the window shows them: the linked ids, the link's attributes, and whether
 * the linked span is one of this run's (then it can be selected). The first {@link MAX_LINKS_SHOWN}.
 */
export function spanLinksOf(
  links: unknown,
  isInRun: (spanId: string) => boolean,
): { links: SpanLink[]; linkCount: number } {
  if (!Array.isArray(links)) return { links: [], linkCount: 0 };
  const shown = links.slice(0, MAX_LINKS_SHOWN).map((item): SpanLink => {
    const link = objectOf(item);
    const context = objectOf(link.context);
    const spanId = textOrNull(context.span_id);
    const bounded = boundedAttributes(link.attributes);
    return {
      traceId: textOrNull(context.trace_id),
      spanId,
      traceState: textOrNull(context.trace_state),
      attributes: bounded.attributes,
      ...(bounded.cut ? { cutAttributes: bounded.cut } : {}),
      inRun: spanId !== null && isInRun(spanId),
    };
  });
  return { links: shown, linkCount: links.length };
}
