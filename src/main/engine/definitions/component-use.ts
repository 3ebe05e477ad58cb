import type { ComponentDefinition, Variables } from './component';

/**
 * One use of a component: the same elements, with the variables a caller gives laid over the
 * component's own `vars()` defaults. DAD's `update_vars` writes the caller's values into the shared
 * definition, so a flow used twice keeps only the last caller's; a use leaves the definition as it
 * is, and still sees elements and defaults added to it later.
 *
 * `filledByCaller` names variables the caller sets anew each time (a loop's item and index): the
 * component's defaults for them are dropped, so the caller's values win there too.
 */
export function componentUse<T extends ComponentDefinition>(
  component: T,
  callerVariables: Variables,
  filledByCaller: readonly string[] = [],
): T {
  if (Object.keys(callerVariables).length === 0 && filledByCaller.length === 0) return component;
  const use = Object.create(component) as T;
  Object.defineProperty(use, 'variables', {
    enumerable: true,
    get(): Variables {
      const defaults = Object.entries(component.variables).filter(([name]) => !filledByCaller.includes(name));
      return { ...Object.fromEntries(defaults), ...callerVariables };
    },
  });
  return use;
}
