import { DefinitionError } from '../errors';
import type { ComponentDefinition } from './component';
import { isPlaceholder } from './placeholder';
import { ANY_ITERATION } from './walk';

export interface UnfilledPlaceholder {
  variable: string;
  /** Dotted path of the component whose variable it is; loop iterations appear as `iter_*`. */
  componentPath: string;
}

/**
 * Every component variable still holding PLACEHOLDER once callers' variables are laid over the
 * defaults. DAD finds one only when the component is about to run; here it is found at load.
 */
export function unfilledPlaceholders(root: ComponentDefinition, rootId: string): UnfilledPlaceholder[] {
  const found: UnfilledPlaceholder[] = [];
  collect(root, [rootId], found);
  return found;
}

/** Throws one error naming every unfilled PLACEHOLDER, with its component. */
export function assertPlaceholdersFilled(root: ComponentDefinition, rootId: string): void {
  const found = unfilledPlaceholders(root, rootId);
  if (found.length === 0) return;
  const list = found
    .map(({ variable, componentPath }) => `variable "${variable}" of component "${componentPath}"`)
    .join(', ');
  throw new DefinitionError(
    `PLACEHOLDER left unfilled: ${list}; pass a value from the caller ` +
      '(subflow or flow variables, bodyVariables, trueBranchVariables or falseBranchVariables)',
  );
}

function collect(component: ComponentDefinition, segments: string[], found: UnfilledPlaceholder[]): void {
  for (const [variable, value] of Object.entries(component.variables)) {
    if (isPlaceholder(value)) found.push({ variable, componentPath: segments.join('.') });
  }
  for (const element of component.elements) {
    const at = [...segments, element.id];
    switch (element.kind) {
      case 'component':
        collect(element.component, at, found);
        break;
      case 'conditional':
        collect(element.trueBranch, [...at, 'is_true'], found);
        if (element.falseBranch) collect(element.falseBranch, [...at, 'is_false'], found);
        break;
      case 'loop':
        collect(element.body, [...at, ANY_ITERATION], found);
        break;
      default:
        break;
    }
  }
}
