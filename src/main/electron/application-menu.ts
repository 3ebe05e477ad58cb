import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/contract';

export type Theme = Extract<AppCommand, { name: 'set-theme' }>['theme'];

export interface ApplicationMenuOptions {
  platform: NodeJS.Platform;
  /** Reload and developer tools are for working on the app, not for its users. */
  isDevelopment: boolean;
  appName: string;
  /** Newest first; the project open now may be among them. */
  recentProjects: readonly { name: string; path: string }[];
  sampleProjectPath: string | null;
  /** The theme last chosen through the menu, shown checked. */
  theme: Theme;
  /** Asks the window to do something (most items only ask: the window knows what is on screen). */
  send(command: AppCommand): void;
  showAbout(): void;
}

const MAX_RECENT = 10;

const RUN_ACCELERATORS = {
  // F5 family as in code editors (run, stop, restart); on macOS Cmd+. is the usual "stop".
  darwin: { launch: 'F5', cancel: 'Command+.', rerun: 'Command+Shift+F5' },
  other: { launch: 'F5', cancel: 'Shift+F5', rerun: 'Ctrl+Shift+F5' },
} as const;

/** The application menu: pure data, so that what it holds and what each item asks can be tested. */
export function applicationMenuTemplate(options: ApplicationMenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const { send } = options;
  const runKeys = isMac ? RUN_ACCELERATORS.darwin : RUN_ACCELERATORS.other;
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { label: `About ${options.appName}`, click: () => options.showAbout() },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => send({ name: 'open-project' }) },
      {
        label: 'Open Trace File…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => send({ name: 'open-trace-file' }),
      },
      { label: 'Open Recent', submenu: recentSubmenu(options) },
      separator,
      { label: 'Close Project', click: () => send({ name: 'close-project' }) },
      { label: 'Close Window', role: 'close' },
      ...(isMac ? [] : [separator, { role: 'quit' } as const]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const themeItem = (label: string, theme: Theme): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: options.theme === theme,
    click: () => send({ name: 'set-theme', theme }),
  });
  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      {
        label: 'Theme',
        submenu: [themeItem('System', 'system'), themeItem('Light', 'light'), themeItem('Dark', 'dark')],
      },
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(options.isDevelopment
        ? [separator, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]
        : []),
    ],
  };

  const runMenu: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: [
      { label: 'Launch Agent…', accelerator: runKeys.launch, click: () => send({ name: 'launch' }) },
      { label: 'Cancel Run', accelerator: runKeys.cancel, click: () => send({ name: 'cancel-run' }) },
      {
        label: 'Re-run from Selected Node…',
        accelerator: runKeys.rerun,
        click: () => send({ name: 'rerun-from-node' }),
      },
    ],
  };

  const sample = options.sampleProjectPath;
  const helpMenu: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      ...(sample === null
        ? []
        : [{ label: 'Open Sample Project', click: () => send({ name: 'open-path', path: sample }) }]),
      ...(isMac ? [] : [separator, { label: `About ${options.appName}`, click: () => options.showAbout() }]),
    ],
  };

  return [
    ...(isMac ? [appMenu] : []),
    fileMenu,
    editMenu,
    viewMenu,
    runMenu,
    ...(isMac ? [{ role: 'windowMenu' } as const] : []),
    helpMenu,
  ];
}

function recentSubmenu(options: ApplicationMenuOptions): MenuItemConstructorOptions[] {
  const recent = options.recentProjects.slice(0, MAX_RECENT);
  if (recent.length === 0) return [{ label: 'No recent projects', enabled: false }];
  return recent.map((project) => ({
    label: menuLabel(`${project.name} (${project.path})`, options.platform),
    click: () => options.send({ name: 'open-path', path: project.path }),
  }));
}

/** Outside macOS "&" marks the next letter as the item's access key: a literal one is doubled. */
function menuLabel(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replaceAll('&', '&&');
}
