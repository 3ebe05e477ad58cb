import type { ComponentDefinition, Element } from './component';

/** Stands for any loop iteration in a static path. */
export const ANY_ITERATION = 'iter_*';

export interface StaticElement {
  /** Path segments from the root; loop iterations appear as `iter_*`. */
  segments: string[];
  element: Element | null;
  /** The component this element sits in (null for the root). */
  component: ComponentDefinition | null;
  /** Ids of the components from the root down to the element's own component. */
  ancestorIds: string[];
}

/** Every place an element can appear at run time, found without running anything. */
export function staticElements(root: ComponentDefinition, rootId: string): StaticElement[] {
  const out: StaticElement[] = [{ segments: [rootId], element: null, component: null, ancestorIds: [] }];
  walk(root, [rootId], [rootId], out);
  return out;
}

function walk(component: ComponentDefinition, prefix: string[], ancestorIds: string[], out: StaticElement[]) {
  for (const element of component.elements) {
    const segments = [...prefix, element.id];
    out.push({ segments, element, component, ancestorIds });
    switch (element.kind) {
      case 'component':
        walk(element.component, segments, [...ancestorIds, element.id], out);
        break;
      case 'conditional':
        walk(element.trueBranch, [...segments, 'is_true'], [...ancestorIds, element.id], out);
        if (element.falseBranch) {
          walk(element.falseBranch, [...segments, 'is_false'], [...ancestorIds, element.id], out);
        }
        break;
      case 'loop':
        walk(element.body, [...segments, ANY_ITERATION], [...ancestorIds, element.id], out);
        break;
      default:
        break;
    }
  }
}

/** True when the dotted `path` ends with the dotted `suffix`, on segment boundaries. */
export function pathEndsWith(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith('.' + suffix);
}

/** Whether some run-time instance of a static path ends with `suffix` (segment boundaries). */
export function staticPathCanEndWith(segments: readonly string[], suffix: string): boolean {
  const wanted = suffix.split('.');
  if (wanted.length > segments.length) return false;
  const tail = segments.slice(segments.length - wanted.length);
  return tail.every((segment, i) =>
    segment === ANY_ITERATION ? /^iter_\d+$/.test(wanted[i] ?? '') : segment === wanted[i],
  );
}
