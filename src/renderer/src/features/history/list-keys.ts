/**
 * The row a key moves a list's selection to, or null when the key does not move it. Nothing
 * selected yet: any move starts at the first row.
 */
export function rowAfterKey(
  key: string,
  current: number | null,
  count: number,
  pageRows: number,
): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const clamp = (row: number): number => Math.min(last, Math.max(0, row));
  const step = Math.max(1, pageRows);
  if (current === null) {
    if (key === 'End') return last;
    return ['ArrowDown', 'ArrowUp', 'Home', 'PageDown', 'PageUp'].includes(key) ? 0 : null;
  }
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + step);
    case 'PageUp':
      return clamp(current - step);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
