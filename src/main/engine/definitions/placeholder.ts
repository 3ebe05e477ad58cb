/**
 * A component variable that a caller must fill, as DAD's `PLACEHOLDER`. A run whose definition
 * still holds one where nothing filled it fails at load, before any node runs.
 * `Symbol.for` keeps it the same value when an agent's code loads its own copy of the engine.
 */
export const PLACEHOLDER: unique symbol = Symbol.for('dad.PLACEHOLDER');

export function isPlaceholder(value: unknown): value is typeof PLACEHOLDER {
  return value === PLACEHOLDER;
}
