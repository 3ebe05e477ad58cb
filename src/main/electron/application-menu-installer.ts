import { Menu } from 'electron';
import type { AppCommand } from '../../shared/contract';
import type { InspectorService } from '../service/inspector-service';
import { applicationMenuTemplate, type Theme } from './application-menu';

/**
 * Sets the application menu, and sets it again whenever a project opens (Open Recent follows the
 * recent projects).
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
  const refresh = async () => setMenu(await recentProjects(service));
  service.onProjectOpened(() => void refresh());
  // At once without the list, so that Electron's default menu never shows; the list follows.
  setMenu([]);
  void refresh();
}

async function recentProjects(service: InspectorService) {
  try {
    const suggestions = await service.projectSuggestions();
    return suggestions.filter((suggestion) => suggestion.kind === 'recent');
  } catch (error) {
    console.warn(`Open Recent could not list the recent projects: ${(error as Error).message}`);
    return [];
  }
}
