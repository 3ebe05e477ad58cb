import { create } from 'zustand';
import type { CallError } from '../../../shared/contract';
import type { SpanRow } from '../../../shared/run-data';
import { isNodeSpan } from '../live/span-kinds';
import { onProjectSwitch } from './project-store';

export type Screen = 'project' | 'runs' | 'launch' | 'run' | 'history' | 'compare';
export type BottomTab = 'logs' | 'metrics' | 'outcome';

/** The span the user selected in the timeline, with what the detail pane and logs need of it. */
export interface SelectedSpan {
  index: number;
  spanId: string;
  name: string;
  nodeId: string | null;
  nodeType: string | null;
  hierarchyPath: string | null;
  /** True for a node's own span (not a runner's or component's). */
  isNode: boolean;
}

/** The time range the timeline shows, in µs since the epoch. */
export interface TimeView {
  startUs: number;
  endUs: number;
}

export interface TraceSearch {
  text: string;
  /** Matching span ids as {@link spanKey} gives them. */
  matches: ReadonlySet<string>;
  total: number;
  searching: boolean;
  error: CallError | null;
}

/** The two runs the compare screen shows; `runA` null: the service picks (a re-run's original). */
export interface ComparePair {
  runA: string | null;
  runB: string;
}

/** What the history screen should bring into view when it opens. */
export interface HistoryFocus {
  runId?: string;
  sha?: string;
}

const NO_SEARCH: TraceSearch = { text: '', matches: new Set(), total: 0, searching: false, error: null };

interface ViewState {
  screen: Screen;
  runId: string | null;
  launchAgentId: string | null;
  /** null: the compare screen lets the user pick both runs. */
  compare: ComparePair | null;
  historyFocus: HistoryFocus | null;
  selected: SelectedSpan | null;
  /** Index the keyboard moved to while its row is still being fetched. */
  cursorIndex: number;
  collapsed: ReadonlySet<string>;
  /** null: fit the whole run. */
  zoom: TimeView | null;
  search: TraceSearch;
  bottomTab: BottomTab;
  helpOpen: boolean;
  /** Bumped to ask the node pane to take the focus (Enter on a timeline row). */
  detailFocusRequest: number;
  showScreen(screen: Exclude<Screen, 'run'>): void;
  openRun(runId: string): void;
  openCompare(pair: ComparePair | null): void;
  openHistory(focus?: HistoryFocus | null): void;
  openLaunch(agentId?: string | null): void;
  select(row: SpanRow | null, index: number): void;
  setCursor(index: number): void;
  toggleCollapsed(spanId: string): void;
  setCollapsed(spanId: string, collapsed: boolean): void;
  setZoom(zoom: TimeView | null): void;
  setSearch(search: Partial<TraceSearch>): void;
  clearSearch(): void;
  setBottomTab(tab: BottomTab): void;
  setHelpOpen(open: boolean): void;
  focusDetail(): void;
  /**
   * Drops all that was about the project the window left: the run tab, the comparison, the history's
   * focus and the agent to launch. A screen of the project (history, compare) stays, showing the new one.
   */
  forgetProject(): void;
}

const RUN_VIEW_RESET = {
  selected: null,
  cursorIndex: 0,
  collapsed: new Set<string>(),
  zoom: null,
  search: NO_SEARCH,
};

export const useViewStore = create<ViewState>()((set) => ({
  screen: 'project',
  runId: null,
  launchAgentId: null,
  compare: null,
  historyFocus: null,
  ...RUN_VIEW_RESET,
  bottomTab: 'logs',
  helpOpen: false,
  detailFocusRequest: 0,

  showScreen: (screen) => set({ screen }),
  openRun: (runId) =>
    set((state) => (state.runId === runId ? { screen: 'run' } : { screen: 'run', runId, ...RUN_VIEW_RESET })),
  openCompare: (compare) => set({ screen: 'compare', compare }),
  openHistory: (focus) =>
    set((state) => ({ screen: 'history', historyFocus: focus === undefined ? state.historyFocus : focus })),
  openLaunch: (agentId) =>
    set((state) => ({
      screen: 'launch',
      launchAgentId: agentId === undefined ? state.launchAgentId : agentId,
    })),
  select: (row, index) =>
    set({
      cursorIndex: index,
      selected: row
        ? {
            index,
            spanId: row.spanId,
            name: row.name,
            nodeId: row.nodeId,
            nodeType: row.nodeType,
            hierarchyPath: row.hierarchyPath,
            isNode: isNodeSpan(row.name),
          }
        : null,
    }),
  setCursor: (index) => set({ cursorIndex: index }),
  toggleCollapsed: (spanId) =>
    set((state) => {
      const collapsed = new Set(state.collapsed);
      if (collapsed.has(spanId)) collapsed.delete(spanId);
      else collapsed.add(spanId);
      return { collapsed };
    }),
  setCollapsed: (spanId, value) =>
    set((state) => {
      if (state.collapsed.has(spanId) === value) return {};
      const collapsed = new Set(state.collapsed);
      if (value) collapsed.add(spanId);
      else collapsed.delete(spanId);
      return { collapsed };
    }),
  setZoom: (zoom) => set({ zoom }),
  setSearch: (search) => set((state) => ({ search: { ...state.search, ...search } })),
  clearSearch: () => set({ search: NO_SEARCH }),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  focusDetail: () => set((state) => ({ detailFocusRequest: state.detailFocusRequest + 1 })),
  forgetProject: () =>
    set((state) => ({
      // The run and the agent were the last project's; its runs list is where the new one starts.
      screen: state.screen === 'run' || state.screen === 'launch' ? 'runs' : state.screen,
      runId: null,
      launchAgentId: null,
      compare: null,
      historyFocus: null,
      ...RUN_VIEW_RESET,
    })),
}));

onProjectSwitch(() => useViewStore.getState().forgetProject());
