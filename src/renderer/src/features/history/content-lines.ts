/** A file's text as numbered lines: a final newline ends the last line rather than starting another. */
export function contentLines(text: string): string[] {
  if (text === '') return [''];
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
