import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { AgentList } from './AgentList';

/** The open project: its name and folder, and the agents found in it. */
export function ProjectSidebar() {
  const project = useProjectStore((state) => state.project);
  if (!project) return null;
  return (
    <aside className="project-sidebar" data-testid="project-sidebar" aria-label="Project">
      <div className="project-sidebar__head">
        <h2 className="project-sidebar__name" data-testid="project-name">
          {project.name}
        </h2>
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="change-project-button"
          onClick={() => useViewStore.getState().showScreen('project')}
        >
          Change…
        </button>
      </div>
      <div className="project-sidebar__root" title={project.root} data-testid="project-root">
        {project.root}
      </div>
      {project.description ? <p className="project-sidebar__description">{project.description}</p> : null}
      {!project.isDadProject ? (
        <p className="notice" data-testid="project-not-runnable">
          This folder has runs but no <code>.dhenara/</code>: its runs can be inspected, not launched.
        </p>
      ) : null}
      <AgentList agents={project.agents} canLaunch={project.isDadProject} />
    </aside>
  );
}
