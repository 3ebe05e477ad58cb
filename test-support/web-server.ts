import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InspectorService } from '../src/main/service/inspector-service';
import { startWebServer, type RunningWebServer, type WebServerOptions } from '../src/main/web/web-server';

export interface TestWebServer {
  service: InspectorService;
  server: RunningWebServer;
  /** Stops the server and the service and removes the stand-in window's folder. */
  close(): Promise<void>;
}

/**
 * The browser adapter on 127.0.0.1 (a free port) over a service with no project, serving a one-line
 * page as its window: for tests of the server itself, not of the window.
 */
export async function startTestWebServer(
  label: string,
  options: Partial<Omit<WebServerOptions, 'service' | 'staticDir'>> = {},
): Promise<TestWebServer> {
  const dir = await mkdtemp(join(tmpdir(), `dad-web-${label}-`));
  await mkdir(join(dir, 'window'));
  await writeFile(join(dir, 'window', 'index.html'), '<!doctype html><title>window</title>');
  const service = new InspectorService({
    appInfo: { name: label, version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
  });
  const server = await startWebServer({
    service,
    staticDir: join(dir, 'window'),
    host: '127.0.0.1',
    port: 0,
    token: null,
    ...options,
  });
  return {
    service,
    server,
    async close() {
      await server.close();
      await service.shutdown();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
