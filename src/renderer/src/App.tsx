import { AppInfoLine } from './app-info/AppInfoLine';
import { useAppInfo } from './app-info/useAppInfo';
import { ErrorBoundary } from './components/ErrorBoundary';

export const PRODUCT_NAME = 'DAD Run Inspector';

export function App() {
  const appInfo = useAppInfo();
  return (
    <div className="app" data-testid="app">
      <header className="app__header">
        <h1 className="app__title" data-testid="app-title">
          {PRODUCT_NAME}
        </h1>
      </header>
      <main className="app__main">
        <ErrorBoundary area="this view">
          <section className="empty-state" data-testid="project-status">
            <h2 className="empty-state__title">No project open</h2>
            <p className="empty-state__hint">
              A project is a folder with a <code>.dhenara/</code> or a <code>runs/</code> directory.
            </p>
          </section>
        </ErrorBoundary>
      </main>
      <footer className="app__status" data-testid="status-bar">
        <ErrorBoundary area="the status bar">
          <AppInfoLine state={appInfo} />
        </ErrorBoundary>
      </footer>
    </div>
  );
}
