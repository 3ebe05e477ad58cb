import type { EventBatch } from '../src/shared/contract';
import { InspectorService } from '../src/main/service/inspector-service';
import { startWebServer, type RunningWebServer } from '../src/main/web/web-server';
import { ProtocolClient } from './live-client';

/** The inspector's service as the benchmarks run it: no sample project, no recent projects kept. */
export function newBenchService(): InspectorService {
  return new InspectorService({
    appInfo: { name: 'DAD Run Inspector bench', version: '0', platform: process.platform },
    sampleProjectPath: null,
    recentProjectsFile: null,
  });
}

/** The service behind the browser adapter on a free port of 127.0.0.1, serving `staticDir`. */
export async function startBenchServer(
  service: InspectorService,
  staticDir: string,
): Promise<RunningWebServer> {
  return startWebServer({ service, staticDir, host: '127.0.0.1', port: 0, token: null });
}

/** A client talking to the service over the WebSocket as the window does, with `projectDir` open. */
export interface BenchSocket {
  client: ProtocolClient;
  close(): Promise<void>;
}

export async function openBenchSocket(
  projectDir: string,
  onBatch: (batch: EventBatch, at: number) => void = () => undefined,
): Promise<BenchSocket> {
  const service = newBenchService();
  let server: RunningWebServer | null = null;
  let client: ProtocolClient | null = null;
  const close = async () => {
    await client?.close();
    await server?.close();
    await service.shutdown();
  };
  try {
    // Only the socket is used: any folder will do for the window's files.
    server = await startBenchServer(service, projectDir);
    client = await ProtocolClient.connect(`ws://127.0.0.1:${server.port}/api`, onBatch);
    await client.value('openProject', { path: projectDir });
    return { client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
