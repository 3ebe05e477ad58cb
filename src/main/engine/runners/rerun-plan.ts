import type { ComponentDefinition } from '../definitions/component';
import { pathEndsWith, staticElements, staticPathCanEndWith } from '../definitions/walk';
import { EngineError } from '../errors';

/**
 * Decides, element by element, whether a re-run executes or reuses the previous run's result:
 * everything before the first element whose path ends with the start path is reused.
 */
export class RerunPlan {
  private reached: boolean;

  private constructor(
    readonly previousRunId: string | null,
    readonly previousRunDir: string | null,
    private readonly startPath: string | null,
  ) {
    this.reached = previousRunId === null || startPath === null;
  }

  static none(): RerunPlan {
    return new RerunPlan(null, null, null);
  }

  /** Checks the start path against the definition before anything runs. */
  static create(options: {
    previousRunId: string | null;
    previousRunDir: string | null;
    startHierarchyPath: string | null;
    root: ComponentDefinition;
    rootId: string;
  }): RerunPlan {
    const { previousRunId, startHierarchyPath } = options;
    if (previousRunId === null) return RerunPlan.none();
    if (startHierarchyPath !== null) {
      const matches = staticElements(options.root, options.rootId).some(({ segments }) =>
        staticPathCanEndWith(segments, startHierarchyPath),
      );
      if (!matches) {
        throw new EngineError(
          'start_path_not_found',
          `start hierarchy path "${startHierarchyPath}" matches no element of "${options.rootId}"`,
        );
      }
    }
    return new RerunPlan(previousRunId, options.previousRunDir, startHierarchyPath);
  }

  get isRerun(): boolean {
    return this.previousRunId !== null;
  }

  /** Marks the start as reached when this path is it. Components call this too; they always run. */
  visit(dottedPath: string): void {
    if (!this.reached && this.startPath !== null && pathEndsWith(dottedPath, this.startPath))
      this.reached = true;
  }

  /** Whether a node or callback at this path is loaded from the previous run instead of executed. */
  shouldReuse(dottedPath: string): boolean {
    this.visit(dottedPath);
    return !this.reached;
  }
}
