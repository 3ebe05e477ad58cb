/**
 * Every error the engine raises carries a stable `code`, so that callers (the CLI, the service, the
 * window) can tell kinds apart after the error has crossed a process boundary as plain data.
 */
export type EngineErrorCode =
  | 'invalid_definition'
  | 'template_error'
  | 'invalid_static_input'
  | 'run_setup_failed'
  | 'previous_run_not_found'
  | 'start_path_not_found'
  | 'node_failed'
  | 'node_timeout'
  | 'run_cancelled'
  | 'run_timeout'
  | 'outcome_repo_error'
  | 'io_error'
  | 'not_found'
  | 'unsupported'
  | 'invalid_upload';

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A definition (id, element, settings) that cannot be built. Raised at build time, never mid-run. */
export class DefinitionError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_definition', message, options);
  }
}

/** A template that cannot be parsed, or that names something that does not exist. */
export class TemplateError extends EngineError {
  readonly template: string;
  readonly missingName: string | undefined;

  constructor(message: string, template: string, missingName?: string) {
    super('template_error', message);
    this.template = template;
    this.missingName = missingName;
  }
}

/** A static input that does not match its node type's input schema. */
export class StaticInputError extends EngineError {
  readonly nodeId: string;
  readonly field: string;

  constructor(nodeId: string, field: string, message: string) {
    super('invalid_static_input', `static input for "${nodeId}", field "${field}": ${message}`);
    this.nodeId = nodeId;
    this.field = field;
  }
}

export class OutcomeRepositoryError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('outcome_repo_error', message, options);
  }
}

/** The run was stopped from outside (cancel) or by its own time limit. */
export class RunAbortedError extends EngineError {
  readonly status: 'cancelled' | 'timeout';

  constructor(status: 'cancelled' | 'timeout', message: string) {
    super(status === 'cancelled' ? 'run_cancelled' : 'run_timeout', message);
    this.status = status;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
