import { TemplateError } from '../errors';
import type { TemplateScope } from './scope';
import { quoteTemplate } from './template-quote';

/** The value of a variable; a name the scope does not know fails the template. */
export function variableValue(scope: TemplateScope, name: string, template: string): unknown {
  const lookup = scope.lookupVariable(name);
  if (!lookup.found) {
    throw new TemplateError(
      `${quoteTemplate(template)} names variable "${name}", which does not exist`,
      template,
      name,
    );
  }
  return lookup.value;
}

/** The result of the element at a hierarchy path; a path with no result fails the template. */
export function hierValue(scope: TemplateScope, path: string, template: string): unknown {
  const lookup = scope.lookupHier(path);
  if (!lookup.found) {
    throw new TemplateError(
      `${quoteTemplate(template)} names element "${path}", which has no result (no such element, or it has not run yet)`,
      template,
      path,
    );
  }
  return lookup.value;
}
