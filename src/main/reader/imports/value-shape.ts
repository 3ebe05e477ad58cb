/**
 * What a value from a trace file is, told without telling the value: its type and, for text and
 * lists, its length. A trace file may hold anything (a secret, a path), so messages about its
 * values say only this.
 */
export function valueShape(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.length === 0 ? 'an empty string' : `a string of ${count(value.length, 'character')}`;
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return `an array of ${count(value.length, 'item')}`;
  if (typeof value === 'object') return `an object with ${count(Object.keys(value).length, 'key')}`;
  return `a ${typeof value}`;
}

/** A value that is there but not what the format asks for: `<problem>; it holds <shape>`. */
export function notValid(problem: string, value: unknown): string {
  return `${problem}; it holds ${valueShape(value)}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
