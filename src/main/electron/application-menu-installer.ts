import { Menu } from 'electron';
import type { AppCommand } from '../../shared/contract';
import type { InspectorService, Session } from '../service/inspector-service';
import { applicationMenuTemplate, type Theme } from './application-menu';

/**
 * Sets the application menu, and sets it again whenever a project opens (Open Recent follows the
 * recent projects), listening to the service as a window does.
 */
export function installApplicationMenu(
  service: InspectorService,
  options: {
    appName: string;
    isDevelopment: boolean;
    sampleProjectPath: string | null;
    send(command: AppCommand): void;
    showAbout(): void;
  },
): void {
  let theme: Theme = 'system';
  const setMenu = (recentProjects: { name: string; path: string }[]) => {
    const template = applicationMenuTemplate({
      ...options,
      platform: process.platform,
      recentProjects,
      theme,
      send: (command) => {
        if (command.name === 'set-theme') theme = command.theme;
        options.send(command);
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  const session = service.connect((batch) => {
    if (batch.events.some((event) => event.type === 'project.changed')) void refresh();
  });
  const refresh = async () => setMenu(await recentProjects(service, session));
  // At once without the list, so that Electron's default menu never shows; the list follows.
  setMenu([]);
  void refresh();
}

async function recentProjects(service: InspectorService, session: Session) {
  try {
    const suggestions = await service.handlers.projectSuggestions(undefined, session);
    return suggestions.filter((suggestion) => suggestion.kind === 'recent');
  } catch (error) {
    console.warn(`Open Recent could not list the recent projects: ${(error as Error).message}`);
    return [];
  }
}
