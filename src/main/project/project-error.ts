/** What went wrong with a project, so the command line and the service can tell kinds apart. */
export type ProjectErrorCode =
  | 'no_project'
  | 'invalid_config'
  | 'invalid_agent_id'
  | 'unknown_agent'
  | 'agent_load_failed'
  | 'not_a_runner'
  | 'already_exists'
  | 'run_not_found';

/** Where in a file a problem is, when it is known (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number | null;
  column: number | null;
}

export class ProjectError extends Error {
  readonly code: ProjectErrorCode;
  readonly location: SourceLocation | null;

  constructor(
    code: ProjectErrorCode,
    message: string,
    options: { cause?: unknown; location?: SourceLocation | null } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProjectError';
    this.code = code;
    this.location = options.location ?? null;
  }
}
