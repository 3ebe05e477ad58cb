import type { SpanHandle } from '../observability';
import type { TemplateScope } from '../templates';
import type { HierRegistry } from './hier-registry';

/** Where execution stands inside a component: its path, variables and span. */
export interface Frame {
  componentId: string;
  kind: 'agent' | 'flow';
  /** Path segments from the root to this component's folder (loop iterations and branches included). */
  segments: string[];
  /** Ids of the components from the root down to this one, for scoped static inputs. */
  ancestorIds: string[];
  /**
   * Component and loop variables visible here: a component's own (its defaults with its caller's
   * variables laid over them) already laid over those of the components around it.
   */
  variables: Record<string, unknown>;
  span: SpanHandle;
}

/** The template scope of one element: element, component, loop and run variables, and `$hier{}`. */
export function scopeFor(
  frame: Frame,
  elementSegments: readonly string[] | null,
  runVariables: Record<string, unknown>,
  registry: HierRegistry,
): TemplateScope {
  const componentPath = frame.segments.join('.');
  return {
    lookupVariable(name) {
      switch (name) {
        case 'element_id':
          if (elementSegments) return { found: true, value: elementSegments[elementSegments.length - 1] };
          break;
        case 'element_hier_path':
          if (elementSegments) return { found: true, value: elementSegments.join('.') };
          break;
        case 'component_hier_path':
          return { found: true, value: componentPath };
      }
      if (Object.hasOwn(frame.variables, name)) return { found: true, value: frame.variables[name] };
      if (Object.hasOwn(runVariables, name)) return { found: true, value: runVariables[name] };
      return { found: false };
    },
    lookupHier(path) {
      return registry.lookup(path, componentPath);
    },
  };
}
