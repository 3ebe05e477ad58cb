import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import './styles/theme.css';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no element with id "root" to render the window into');

createRoot(container).render(
  <StrictMode>
    <ErrorBoundary area="the window">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
