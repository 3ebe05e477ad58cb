/** Model text streamed by running nodes, by hierarchy path: bounded in nodes and characters. */
export interface OutputStreams {
  /** Paths, oldest first. */
  order: readonly string[];
  text: Readonly<Record<string, string>>;
}

export const EMPTY_OUTPUT_STREAMS: OutputStreams = { order: [], text: {} };

export const MAX_STREAMED_NODES = 16;
export const MAX_STREAMED_CHARS = 100_000;

/** Appends deltas (in order) and drops the oldest nodes and characters beyond the limits. */
export function appendOutput(
  streams: OutputStreams,
  deltas: readonly { hierarchyPath: string; text: string }[],
): OutputStreams {
  if (deltas.length === 0) return streams;
  const text: Record<string, string> = { ...streams.text };
  let order = streams.order.slice();
  for (const delta of deltas) {
    if (!(delta.hierarchyPath in text)) {
      order.push(delta.hierarchyPath);
      text[delta.hierarchyPath] = '';
    }
    let joined = (text[delta.hierarchyPath] ?? '') + delta.text;
    if (joined.length > MAX_STREAMED_CHARS)
      joined = '…' + joined.slice(joined.length - MAX_STREAMED_CHARS + 1);
    text[delta.hierarchyPath] = joined;
  }
  while (order.length > MAX_STREAMED_NODES) {
    const dropped = order[0] as string;
    order = order.slice(1);
    delete text[dropped];
  }
  return { order, text };
}
