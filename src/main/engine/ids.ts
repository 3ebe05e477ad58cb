import { DefinitionError } from './errors';

/** Ids become directory names, so this pattern is the only guard between a definition and the disk. */
export const ID_PATTERN = /^[a-zA-Z0-9_]{1,150}$/;

export function assertValidId(id: unknown, what: string): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new DefinitionError(
      `invalid ${what} id ${JSON.stringify(id)}: ids must be 1-150 characters of letters, digits and "_"`,
    );
  }
}
