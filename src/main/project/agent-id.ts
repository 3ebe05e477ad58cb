import { ProjectError } from './project-error';

/** Agent ids become file and directory names: nothing else may reach a path. */
export const AGENT_ID_PATTERN = /^[a-zA-Z0-9_]+$/;

export function isAgentId(value: string): boolean {
  return AGENT_ID_PATTERN.test(value) && value.length <= 150;
}

export function assertAgentId(value: string): string {
  if (!isAgentId(value)) {
    throw new ProjectError(
      'invalid_agent_id',
      `agent id "${value}" is not valid: use letters, digits and _ only (at most 150 characters)`,
    );
  }
  return value;
}

/** An agent id made from a name a person typed: `My agent-2` becomes `My_agent_2`. */
export function agentIdFromName(name: string): string {
  return name.trim().replace(/[\s-]+/g, '_');
}
