/** The shapes of names a template may hold. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const HIER_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export function isIdentifierStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

export function isIdentifierPart(char: string): boolean {
  return isIdentifierStart(char) || isDigit(char);
}

export function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
