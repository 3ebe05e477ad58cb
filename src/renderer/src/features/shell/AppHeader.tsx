import { useProjectStore } from '../../stores/project-store';
import { useViewStore } from '../../stores/view-store';
import { HelpButton } from './HelpPopover';
import { ThemeToggle } from './ThemeToggle';

export const PRODUCT_NAME = 'DAD Run Inspector';

/** Title, where you are (project, screen, run), and the theme and help controls. */
export function AppHeader() {
  const project = useProjectStore((state) => state.project);
  const screen = useViewStore((state) => state.screen);
  const runId = useViewStore((state) => state.runId);

  const tab = (id: 'runs' | 'launch' | 'history' | 'compare', label: string, disabled: boolean) => (
    <button
      type="button"
      className={screen === id ? 'nav__item nav__item--on' : 'nav__item'}
      aria-current={screen === id ? 'page' : undefined}
      disabled={disabled}
      data-testid={`nav-${id}`}
      onClick={() =>
        id === 'launch' ? useViewStore.getState().openLaunch() : useViewStore.getState().showScreen(id)
      }
    >
      {label}
    </button>
  );

  return (
    <header className="app__header">
      <h1 className="app__title" data-testid="app-title">
        <span className="app__logo" aria-hidden="true" />
        {PRODUCT_NAME}
      </h1>
      <nav className="nav" aria-label="Screens">
        <button
          type="button"
          className={screen === 'project' ? 'nav__item nav__item--on' : 'nav__item'}
          aria-current={screen === 'project' ? 'page' : undefined}
          data-testid="nav-project"
          onClick={() => useViewStore.getState().showScreen('project')}
        >
          {project ? project.name : 'Open project'}
        </button>
        {project ? tab('runs', 'Runs', false) : null}
        {project?.isDadProject ? tab('launch', 'Launch', false) : null}
        {project ? tab('history', 'History', false) : null}
        {project ? tab('compare', 'Compare', false) : null}
        {project && runId ? (
          <button
            type="button"
            className={screen === 'run' ? 'nav__item nav__item--on mono' : 'nav__item mono'}
            aria-current={screen === 'run' ? 'page' : undefined}
            data-testid="nav-run"
            onClick={() => useViewStore.getState().openRun(runId)}
          >
            {runId}
          </button>
        ) : null}
      </nav>
      <div className="app__tools">
        <ThemeToggle />
        <HelpButton />
      </div>
    </header>
  );
}
