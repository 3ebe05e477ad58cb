import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InspectorService } from '../service/inspector-service';
import { newAccessToken } from './access-token';
import { startWebServer, type RunningWebServer } from './web-server';

/** The package's own folder (this file is src/main/web/serve.ts). */
export const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const SAMPLE_PROJECT = join(PACKAGE_ROOT, 'resources', 'sample-project');
export const BUILT_WINDOW = join(PACKAGE_ROOT, 'out', 'renderer');

export interface ServeOptions {
  projectRoot?: string;
  host?: string;
  port?: number;
  /** The token clients must present: a fresh random one when not given; null serves without one. */
  token?: string | null;
  recentProjectsFile?: string | null;
  /** Offered first in the project picker; the bundled sample project by default. */
  sampleProjectPath?: string | null;
  /** Where opened trace files become runs; beside the recent projects by default. */
  importsDir?: string | null;
  /** Where saved indexes and the runs list's facts are kept; the user's cache folder by default. */
  cacheDir?: string | null;
}

/** `$XDG_CACHE_HOME/dad-run-inspector`, or `~/.cache/dad-run-inspector`. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME;
  return join(base && base.startsWith('/') ? base : join(homedir(), '.cache'), 'dad-run-inspector');
}

/** Starts the inspector for a browser: the service, the project and the web server. */
export async function serveInspector(options: ServeOptions = {}): Promise<{
  server: RunningWebServer;
  service: InspectorService;
  stop(): Promise<void>;
}> {
  if (!existsSync(join(BUILT_WINDOW, 'index.html'))) {
    throw new Error(`the window is not built (${BUILT_WINDOW} is missing): run "npm run build" first`);
  }
  const host = options.host ?? '127.0.0.1';
  const token = options.token === undefined ? newAccessToken() : options.token;
  const service = new InspectorService({
    appInfo: {
      name: 'DAD Run Inspector',
      version: process.env.npm_package_version ?? '0.1.0',
      platform: process.platform,
    },
    sampleProjectPath:
      options.sampleProjectPath !== undefined
        ? options.sampleProjectPath
        : existsSync(SAMPLE_PROJECT)
          ? SAMPLE_PROJECT
          : null,
    recentProjectsFile:
      options.recentProjectsFile === undefined
        ? join(homedir(), '.config', 'dad-run-inspector', 'recent-projects.json')
        : options.recentProjectsFile,
    importsDir:
      options.importsDir === undefined
        ? join(homedir(), '.config', 'dad-run-inspector', 'imported-traces')
        : options.importsDir,
    cacheDir: options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir,
  });
  let server: RunningWebServer;
  try {
    if (options.projectRoot) await service.openProject(options.projectRoot);
    server = await startWebServer({
      service,
      staticDir: BUILT_WINDOW,
      host,
      port: options.port ?? 5173,
      token,
    });
  } catch (error) {
    // A port in use or a bad project: nothing of the service may keep the process alive.
    await service.shutdown();
    throw error;
  }
  return {
    server,
    service,
    async stop() {
      await server.close();
      await service.shutdown();
    },
  };
}
