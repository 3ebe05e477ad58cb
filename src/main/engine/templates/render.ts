import { evaluateExpression } from './expression-evaluator';
import { parsedTemplateFor } from './parsed-templates';
import type { TemplateScope } from './scope';
import { hierValue, variableValue } from './scope-lookups';
import { containsTemplateSyntax, type TemplatePart } from './template-scanner';
import { valueAsText } from './value-text';

/**
 * Renders one string. When the string is exactly one template (nothing before or after it, not
 * even whitespace) the template's value comes back as it is: an object, a number, null, or
 * undefined for a missing key. Otherwise each template is replaced by its text (see valueAsText)
 * and a string comes back. Values are inserted as they are: a value that holds "$var{...}" is not
 * rendered again.
 */
export function renderTemplate(text: string, scope: TemplateScope): unknown {
  if (text.indexOf('$') === -1) return text;
  const parsed = parsedTemplateFor(text);
  if (parsed.whole) return valueOf(parsed.whole, scope);
  let rendered = '';
  for (const segment of parsed.segments) {
    rendered +=
      segment.kind === 'text' ? segment.text : valueAsText(valueOf(segment, scope), segment.template);
  }
  return rendered;
}

/** True if rendering could change the text: it holds a template or an escape such as `$$var{`. */
export function hasTemplate(text: string): boolean {
  return text.indexOf('$') !== -1 && containsTemplateSyntax(text);
}

function valueOf(part: TemplatePart, scope: TemplateScope): unknown {
  switch (part.kind) {
    case 'var':
      return variableValue(scope, part.name, part.template);
    case 'hier':
      return hierValue(scope, part.path, part.template);
    case 'expr':
      return evaluateExpression(part.expression, { template: part.template, source: part.source, scope });
  }
}
