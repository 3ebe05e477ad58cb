import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AgentInfo, ProjectInfo } from '../../shared/run-data';
import { EngineError, errorMessage } from '../engine/errors';
import type { RunnerSpec } from '../engine/runner-spec';
import { listAgents, loadProjectConfig, loadRunner, watchProjectSources } from '../project';
import { describeAgentNodes } from './agent-description';

/** A folder opened in the inspector: a DAD project (agents can run) or just a folder of runs. */
export class OpenProject {
  private agents: AgentInfo[];
  private readonly agentListeners = new Set<(info: ProjectInfo) => void>();
  private stopWatching: (() => void) | null = null;
  private describing: Promise<boolean> | null = null;
  private describeAgain = false;

  private constructor(private readonly base: ProjectInfo) {
    this.agents = base.agents;
  }

  /** What the project is, with its agents as last read (they follow edits of `src/`). */
  get info(): ProjectInfo {
    return { ...this.base, agents: this.agents };
  }

  get root(): string {
    return this.info.root;
  }

  get runRoot(): string {
    return this.info.runRoot;
  }

  /** `name` replaces the folder's name for a folder of runs (e.g. the imported traces). */
  static async open(path: string, name?: string): Promise<OpenProject> {
    const root = resolve(path);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new EngineError('run_setup_failed', `${root} is not a folder`);
    }
    if (existsSync(join(root, '.dhenara'))) {
      const config = await loadProjectConfig(root);
      const agents = await describeAgents(root);
      const project = new OpenProject({
        root,
        name: config.project.name,
        identifier: config.project.identifier,
        description: config.project.description ?? null,
        runRoot: join(root, 'runs'),
        isDadProject: true,
        agents,
      });
      project.watchSources();
      return project;
    }
    // A folder holding runs/, or a runs folder itself: runs can be inspected, not launched.
    const runRoot = existsSync(join(root, 'runs'))
      ? join(root, 'runs')
      : looksLikeRunRoot(root)
        ? root
        : null;
    if (!runRoot) {
      throw new EngineError(
        'run_setup_failed',
        `${root} is neither a DAD project (no .dhenara/ folder) nor a folder of runs (no runs/ folder)`,
      );
    }
    return new OpenProject({
      root,
      // A folder named `runs` is known by the folder that holds it (`colleague/runs` is "colleague").
      name:
        name ?? (basename(root) === 'runs' && runRoot === root ? basename(dirname(root)) : basename(root)),
      identifier: basename(root),
      description: null,
      runRoot,
      isDadProject: false,
      agents: [],
    });
  }

  /**
   * Reads the agents again (a runner added, removed or edited); true when they changed. Calls that
   * overlap share one read, and one more follows when a call came in while a read was under way.
   */
  refreshAgents(): Promise<boolean> {
    if (!this.base.isDadProject) return Promise.resolve(false);
    if (this.describing) {
      this.describeAgain = true;
      return this.describing;
    }
    this.describing = (async () => {
      let changed = false;
      do {
        this.describeAgain = false;
        const agents = await describeAgents(this.root);
        if (JSON.stringify(agents) !== JSON.stringify(this.agents)) {
          this.agents = agents;
          changed = true;
        }
      } while (this.describeAgain);
      return changed;
    })().finally(() => {
      this.describing = null;
    });
    return this.describing.then((changed) => {
      if (changed) for (const listener of this.agentListeners) listener(this.info);
      return changed;
    });
  }

  /** Tells `listener` the project's info each time its agents change. Returns the unsubscribe function. */
  onAgentsChanged(listener: (info: ProjectInfo) => void): () => void {
    this.agentListeners.add(listener);
    return () => this.agentListeners.delete(listener);
  }

  /** While open, a DAD project's agents are read again whenever its `src/` changes. */
  private watchSources(): void {
    if (!this.base.isDadProject || this.stopWatching) return;
    this.stopWatching = watchProjectSources(this.root, () => void this.refreshAgents().catch(() => false));
  }

  /** Stops watching the project's files (another project was opened, or the app closes). */
  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
  }

  /** The project's own settings for hosting runs, read afresh (the file may have been edited). */
  async runSettings(): Promise<{ memoryLimitMb: number | null; cancelGraceMs: number | null }> {
    if (!this.base.isDadProject) return { memoryLimitMb: null, cancelGraceMs: null };
    const runs = (await loadProjectConfig(this.root)).runs;
    return {
      memoryLimitMb: runs?.memory_limit_mb ?? null,
      cancelGraceMs: runs?.cancel_grace_seconds === undefined ? null : runs.cancel_grace_seconds * 1000,
    };
  }

  async runnerFor(agentId: string): Promise<RunnerSpec> {
    if (!this.base.isDadProject) {
      throw new EngineError(
        'run_setup_failed',
        `${this.root} is a folder of runs, not a DAD project: agents cannot run here`,
      );
    }
    return loadRunner(this.root, agentId);
  }
}

async function describeAgents(root: string): Promise<AgentInfo[]> {
  const agents = await listAgents(root);
  return Promise.all(
    agents.map(async (agent): Promise<AgentInfo> => {
      try {
        const spec = await loadRunner(root, agent.id);
        return {
          id: agent.id,
          rootComponentId: spec.rootComponentId,
          description: spec.description,
          loadError: null,
          nodes: describeAgentNodes(spec),
        };
      } catch (error) {
        return {
          id: agent.id,
          rootComponentId: null,
          description: null,
          loadError: errorMessage(error),
          nodes: [],
        };
      }
    }),
  );
}

function looksLikeRunRoot(dir: string): boolean {
  try {
    // Real folders holding a `.trace` entry; nothing is followed to find out.
    const entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    return entries.some((entry) => hasEntry(join(dir, entry.name, '.trace')));
  } catch {
    return false;
  }
}

/** Whether anything (a link included, never followed) stands at `path`. */
export function hasEntry(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
