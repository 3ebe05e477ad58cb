/**
 * The template language of node settings.
 *
 * - `$var{name}`: a variable; `name` is `[A-Za-z_][A-Za-z0-9_]*`.
 * - `$hier{path}`: the result of another element; `path` is ids joined by "."; the scope resolves it.
 * - `$expr{...}`: an expression: variables by name, `$hier{path}`, literals (numbers, '…' or "…"
 *   strings with \n \t \r \b \f \v \0 \\ \' \" \/ \uXXXX escapes, true, false, null), `.name`,
 *   `[index]`, `( )`, unary `!` and `-`, then `> < >= <=`, `== !=`, `&&`, `||` (lowest).
 *   `||` gives the left value unless it is null/undefined; `&&` gives the left value if it is falsy
 *   (JavaScript truthiness), else the right one; both skip the right side when it is not needed.
 *   `==` is structural equality (null equals undefined, 1 never equals "1"); `> < >= <=` need two
 *   numbers or two strings. `.name` and `["key"]` read an object's own keys; `[i]` reads arrays and
 *   strings, which also have `.length`. A missing key or an index out of range gives undefined.
 * - `$$var{`, `$$expr{`, `$$hier{` are the literal `$var{`, `$expr{`, `$hier{`.
 * - A string that is exactly one template gives that template's typed value; in a larger string
 *   each template becomes text: null as "null", arrays and objects as JSON, undefined is an error.
 * - A TemplateError is thrown for an unterminated template, a syntax error (with its column in the
 *   template), a variable or element that does not exist (naming it), and reading from null/undefined.
 */
export { hasTemplate, renderTemplate } from './render';
export { renderDeep } from './render-deep';
export type { ScopeLookup, TemplateScope } from './scope';
