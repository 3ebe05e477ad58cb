/** DAD projects on disk: finding one, its config, its agents, new projects and agents, its runs. */
export { ProjectError } from './project-error';
export type { ProjectErrorCode, SourceLocation } from './project-error';
export { AGENT_ID_PATTERN, assertAgentId, isAgentId, agentIdFromName } from './agent-id';
export { findProjectRoot, assertProjectRoot, DHENARA_DIR } from './project-root';
export { loadProjectConfig, CONFIG_FILE } from './project-config';
export type { ProjectConfig } from './project-config';
export { listAgents, runnerFileOf } from './list-agents';
export type { AgentListing } from './list-agents';
export { loadRunner, ENGINE_IMPORT } from './load-runner';
export { createProject, createAgent, projectIdentifierFromName } from './scaffold';
export { watchProjectSources } from './source-watch';
