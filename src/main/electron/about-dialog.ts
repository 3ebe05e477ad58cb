import { dialog, type BrowserWindow } from 'electron';
import type { AppInfo } from '../../shared/contract';

/** The lines of the About dialog: which app, which version, on what. */
export function aboutDetail(
  info: Pick<AppInfo, 'version' | 'platform'>,
  versions: NodeJS.ProcessVersions,
): string {
  return [
    `Version ${info.version}`,
    `Platform: ${info.platform} (${process.arch})`,
    `Electron ${versions.electron ?? 'unknown'}, Chromium ${versions.chrome ?? 'unknown'}, Node ${versions.node}`,
  ].join('\n');
}

export function showAboutDialog(
  window: BrowserWindow | null,
  info: Pick<AppInfo, 'name' | 'version' | 'platform'>,
) {
  const options = {
    type: 'info' as const,
    title: `About ${info.name}`,
    message: info.name,
    detail: aboutDetail(info, process.versions),
    buttons: ['OK'],
  };
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}
