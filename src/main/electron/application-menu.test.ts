import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../shared/contract';
import { applicationMenuTemplate, type ApplicationMenuOptions } from './application-menu';

type Item = MenuItemConstructorOptions;

function menuFor(overrides: Partial<ApplicationMenuOptions> = {}) {
  const sent: AppCommand[] = [];
  const abouts: number[] = [];
  const template = applicationMenuTemplate({
    platform: 'linux',
    isDevelopment: false,
    appName: 'DAD Run Inspector',
    recentProjects: [
      { name: 'shop', path: '/home/ann/shop' },
      { name: 'R&D', path: '/home/ann/r&d' },
    ],
    sampleProjectPath: '/opt/dad/resources/sample-project',
    theme: 'system',
    send: (command) => sent.push(command),
    showAbout: () => abouts.push(1),
    ...overrides,
  });
  return { template, sent, abouts };
}

function submenuOf(items: readonly Item[], label: string): Item[] {
  const item = items.find((candidate) => candidate.label === label);
  if (!item || !Array.isArray(item.submenu)) throw new Error(`no menu "${label}"`);
  return item.submenu;
}

function itemOf(items: readonly Item[], path: string): Item {
  const labels = path.split(' > ');
  const last = labels.pop() ?? '';
  const parent = labels.reduce((menu, label) => submenuOf(menu, label), items);
  const item = parent.find((candidate) => candidate.label === last);
  if (!item) throw new Error(`no menu item "${path}"`);
  return item;
}

function click(item: Item): void {
  (item.click as () => void)();
}

/** Every item of the menu, as label or role, for seeing what a platform or build gets. */
function names(items: readonly Item[]): string[] {
  return items.flatMap((item) => [
    ...(item.type === 'separator' ? [] : [item.label ?? item.role ?? '?']),
    ...(Array.isArray(item.submenu) ? names(item.submenu) : []),
  ]);
}

describe('the application menu', () => {
  it('has File, Edit, View, Run and Help outside macOS; macOS adds the app and Window menus', () => {
    expect(menuFor().template.map((menu) => menu.label)).toEqual(['File', 'Edit', 'View', 'Run', 'Help']);
    const mac = menuFor({ platform: 'darwin' }).template;
    expect(mac.map((menu) => menu.label ?? menu.role)).toEqual([
      'DAD Run Inspector',
      'File',
      'Edit',
      'View',
      'Run',
      'windowMenu',
      'Help',
    ]);
    expect(names(submenuOf(mac, 'DAD Run Inspector'))).toEqual([
      'About DAD Run Inspector',
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
    ]);
  });

  it('puts Quit in File outside macOS only, and About in Help outside macOS only', () => {
    expect(names(submenuOf(menuFor().template, 'File'))).toContain('quit');
    expect(names(submenuOf(menuFor({ platform: 'darwin' }).template, 'File'))).not.toContain('quit');
    expect(names(submenuOf(menuFor().template, 'Help'))).toContain('About DAD Run Inspector');
    expect(names(submenuOf(menuFor({ platform: 'darwin' }).template, 'Help'))).not.toContain(
      'About DAD Run Inspector',
    );
  });

  it('offers reload and developer tools in development only', () => {
    expect(names(menuFor({ isDevelopment: true }).template)).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools']),
    );
    const production = names(menuFor().template);
    expect(production).not.toContain('reload');
    expect(production).not.toContain('forceReload');
    expect(production).not.toContain('toggleDevTools');
  });

  it('has the usual accelerators, and none used twice', () => {
    const { template } = menuFor();
    expect(itemOf(template, 'File > Open Project…').accelerator).toBe('CmdOrCtrl+O');
    expect(itemOf(template, 'File > Open Trace File…').accelerator).toBe('CmdOrCtrl+Shift+O');
    expect(itemOf(template, 'Run > Launch Agent…').accelerator).toBe('F5');
    expect(itemOf(template, 'Run > Cancel Run').accelerator).toBe('Shift+F5');
    expect(itemOf(menuFor({ platform: 'darwin' }).template, 'Run > Cancel Run').accelerator).toBe(
      'Command+.',
    );
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accelerators = allItems(menuFor({ platform, isDevelopment: true }).template)
        .map((item) => item.accelerator)
        .filter((accelerator) => accelerator !== undefined);
      expect(new Set(accelerators).size, `${platform}: ${accelerators.join(', ')}`).toBe(accelerators.length);
    }
  });

  it('asks the window for what each item does', () => {
    const { template, sent } = menuFor();
    click(itemOf(template, 'File > Open Project…'));
    click(itemOf(template, 'File > Open Trace File…'));
    click(itemOf(template, 'File > Close Project'));
    click(itemOf(template, 'View > Theme > Dark'));
    click(itemOf(template, 'Run > Launch Agent…'));
    click(itemOf(template, 'Run > Cancel Run'));
    click(itemOf(template, 'Run > Re-run from Selected Node…'));
    click(itemOf(template, 'Help > Open Sample Project'));
    expect(sent).toEqual([
      { name: 'open-project' },
      { name: 'open-trace-file' },
      { name: 'close-project' },
      { name: 'set-theme', theme: 'dark' },
      { name: 'launch' },
      { name: 'cancel-run' },
      { name: 'rerun-from-node' },
      { name: 'open-path', path: '/opt/dad/resources/sample-project' },
    ]);
  });

  it('shows the theme chosen last as the checked one', () => {
    const themes = submenuOf(submenuOf(menuFor({ theme: 'light' }).template, 'View'), 'Theme');
    expect(themes.map((item) => [item.label, item.type, item.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', true],
      ['Dark', 'radio', false],
    ]);
  });

  it('lists recent projects in Open Recent, opening the one clicked', () => {
    const { template, sent } = menuFor();
    const recent = submenuOf(submenuOf(template, 'File'), 'Open Recent');
    expect(recent.map((item) => item.label)).toEqual(['shop (/home/ann/shop)', 'R&&D (/home/ann/r&&d)']);
    click(recent[1] as Item);
    expect(sent).toEqual([{ name: 'open-path', path: '/home/ann/r&d' }]);
    const macRecent = submenuOf(submenuOf(menuFor({ platform: 'darwin' }).template, 'File'), 'Open Recent');
    expect(macRecent[1]?.label).toBe('R&D (/home/ann/r&d)');
  });

  it('says so, greyed out, when there is no recent project', () => {
    const recent = submenuOf(submenuOf(menuFor({ recentProjects: [] }).template, 'File'), 'Open Recent');
    expect(recent).toEqual([{ label: 'No recent projects', enabled: false }]);
  });

  it('shows the about dialog from Help', () => {
    const { template, abouts } = menuFor();
    click(itemOf(template, 'Help > About DAD Run Inspector'));
    expect(abouts).toEqual([1]);
  });
});

function allItems(items: readonly Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}
