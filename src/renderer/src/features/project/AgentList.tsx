import type { AgentInfo } from '../../../../shared/run-data';
import { useViewStore } from '../../stores/view-store';

/** The project's agents; one that failed to load shows why instead of disappearing. */
export function AgentList({ agents, canLaunch }: { agents: readonly AgentInfo[]; canLaunch: boolean }) {
  return (
    <section className="agent-list" aria-labelledby="agents-title">
      <h3 id="agents-title" className="section-title">
        Agents <span className="count">{agents.length}</span>
      </h3>
      {agents.length === 0 ? (
        <p className="muted" data-testid="agents-empty">
          No agents found in this project.
        </p>
      ) : null}
      <ul className="agent-list__items" data-testid="agent-list">
        {agents.map((agent) => (
          <li
            key={agent.id}
            className={agent.loadError ? 'agent agent--broken' : 'agent'}
            data-testid="agent-item"
            data-agent-id={agent.id}
          >
            <div className="agent__head">
              <span className="agent__id">{agent.id}</span>
              {canLaunch && !agent.loadError ? (
                <button
                  type="button"
                  className="button button--small button--ghost"
                  data-testid="agent-launch-button"
                  onClick={() => useViewStore.getState().openLaunch(agent.id)}
                  aria-label={`Launch ${agent.id}`}
                >
                  Launch ▸
                </button>
              ) : null}
            </div>
            {agent.description ? <div className="agent__description">{agent.description}</div> : null}
            <div className="agent__meta">
              {agent.nodes.length} node{agent.nodes.length === 1 ? '' : 's'}
              {agent.nodes.some((node) => node.inputRequired) ? ' · needs input' : ''}
            </div>
            {agent.loadError ? (
              <div className="agent__error" role="alert" data-testid="agent-load-error">
                {agent.loadError}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
