/** An OTLP attribute of a string value, as OTLP JSON writes it. */
export function otlpString(key: string, value: string) {
  return { key, value: { stringValue: value } };
}

/**
 * The text of an OTLP JSON trace export holding one span of one service, written from the
 * OTLP/JSON encoding; `resource` and `span` add to what a minimal export has.
 */
export function oneSpanOtlpExport(options: {
  resourceAttributes: { key: string; value: unknown }[];
  span?: Record<string, unknown>;
}): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: options.resourceAttributes },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '11111111111111111111111111111111',
                spanId: '0000000000000001',
                name: 'job',
                startTimeUnixNano: '1746093600000000000',
                endTimeUnixNano: '1746093601000000000',
                ...options.span,
              },
            ],
          },
        ],
      },
    ],
  });
}
