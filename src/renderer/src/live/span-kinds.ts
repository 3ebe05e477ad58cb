/**
 * Span names say what ran (run-system spec, section 6): `AgentRunner.run_agent` and
 * `FlowRunner.run_flow` for runners, `<kind>.execute` for components (agent, flow, loop,
 * conditional), `<node_type>.execute` for nodes and callbacks.
 */
const COMPONENT_SPANS = new Set(['agent.execute', 'flow.execute', 'loop.execute', 'conditional.execute']);

export function isNodeSpan(name: string): boolean {
  return name.endsWith('.execute') && !COMPONENT_SPANS.has(name);
}
