/** Every keyboard shortcut, as the help popover lists them. */
export const SHORTCUT_GROUPS: readonly {
  title: string;
  shortcuts: readonly [keys: string, action: string][];
}[] = [
  {
    title: 'Anywhere',
    shortcuts: [
      ['?', 'Show or hide this help'],
      ['Esc', 'Close this help'],
      ['Alt+1', 'Project picker'],
      ['Alt+2', 'Runs'],
      ['Alt+3', 'Launch'],
      ['Alt+4', 'The last open run'],
      ['Tab / Shift+Tab', 'Move between controls'],
    ],
  },
  {
    title: 'Runs table',
    shortcuts: [
      ['↑ / ↓', 'Move between runs'],
      ['Home / End', 'First / last run'],
      ['Enter', 'Open the run'],
    ],
  },
  {
    title: 'Timeline',
    shortcuts: [
      ['↑ / ↓', 'Select the previous / next span'],
      ['PgUp / PgDn', 'Move a page'],
      ['← / →', 'Collapse / expand, or go to parent / child'],
      ['Enter', 'Focus the node detail'],
      ['/', 'Search the trace'],
      ['n / N', 'Next / previous match'],
      ['+ / −', 'Zoom in / out'],
      ['0', 'Fit the whole run'],
      ['Ctrl+wheel', 'Zoom around the pointer'],
      ['Shift+wheel, drag', 'Pan in time'],
      ['Double-click a bar', 'Zoom to that span'],
    ],
  },
  {
    title: 'Launch',
    shortcuts: [['Ctrl+Enter', 'Run (or send a node’s input)']],
  },
];
