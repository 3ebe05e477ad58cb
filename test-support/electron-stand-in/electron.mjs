/**
 * A test double of the `electron` module for the built main bundle, where no Electron binary can
 * run. It records what the bundle asks of Electron at start-up, then probes what the bundle
 * registered (permission handlers, the CSP header, navigation guards, one IPC call) and prints the
 * record as one JSON line after RECORD_MARKER, and exits. It implements only what the bundle calls.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const RECORD_MARKER = 'ELECTRON-STAND-IN-RECORD ';

const appDir = join(dirname(process.argv[1]), '..', '..');
const packageJson = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
const appName = packageJson.productName ?? packageJson.name;

let menuTemplate = [];
const record = {
  /** Calls on `app`, in order. */
  app: [],
  /** Events the bundle listens to on `app`. */
  appEvents: [],
  ipcMain: { handle: [], on: [] },
  /** Each BrowserWindow: its constructor options and the URL it loaded. */
  windows: [],
  /** The last application menu set: labels (or roles) with their submenus. */
  applicationMenu: null,
  dialogs: [],
  probes: {},
};
const ipcHandlers = new Map();
let nextWebContentsId = 1;

class WebContents extends EventEmitter {
  id = nextWebContentsId++;
  windowOpenHandler = null;
  /** What the bundle pushed to this window: commands whole, other events by type. */
  sent = [];
  isDestroyed = () => false;
  isLoading = () => false;
  send(channel, batch) {
    const events = (batch?.events ?? []).map((event) =>
      event.type === 'app.command' ? event : { type: event.type },
    );
    this.sent.push({ channel, events });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static #all = [];
  static getAllWindows = () => [...BrowserWindow.#all];

  constructor(options) {
    super();
    this.webContents = new WebContents();
    this.recorded = { options, url: null, sent: this.webContents.sent };
    record.windows.push(this.recorded);
    BrowserWindow.#all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.recorded.url = url;
    return Promise.resolve();
  }
  isDestroyed = () => false;
  isFocused = () => false;
  isMinimized = () => false;
  isMaximized = () => false;
  isFullScreen = () => false;
  getNormalBounds = () => {
    const { x, y, width, height } = this.recorded.options;
    return { x, y, width, height };
  };
  show() {}
  focus() {}
  restore() {}
  maximize() {}
}

let ready = false;
class App extends EventEmitter {
  isPackaged = false;
  getName = () => appName;
  getVersion = () => packageJson.version;
  getPath(name) {
    if (name !== 'userData') throw new Error(`the stand-in knows only userData, not ${name}`);
    return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), appName);
  }
  isReady = () => ready;
  whenReady() {
    return new Promise((resolve) =>
      setImmediate(() => {
        ready = true;
        resolve();
        // The bundle's ready handler runs first; the probes wait for its asynchronous work (the
        // start-up project open, and the menu set again with it) rather than for a fixed time.
        void until(() => recentProjectsInMenu() > 0).then(probeAndReport);
      }),
    );
  }
  on(event, listener) {
    record.appEvents.push(event);
    return super.on(event, listener);
  }
  enableSandbox = () => record.app.push('enableSandbox');
  requestSingleInstanceLock = () => (record.app.push('requestSingleInstanceLock'), true);
  quit = () => record.app.push('quit');
  exit = (code) => record.app.push(`exit ${code}`);
  setBadgeCount = (count) => (record.app.push(`setBadgeCount ${count}`), true);
}
export const app = new App();

export const ipcMain = {
  handle(channel, handler) {
    record.ipcMain.handle.push(channel);
    ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel) => ipcHandlers.delete(channel),
  on: (channel) => record.ipcMain.on.push(channel),
};

const sessionHandlers = {};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (sessionHandlers.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => (sessionHandlers.permissionCheck = handler),
    setDevicePermissionHandler: (handler) => (sessionHandlers.devicePermission = handler),
    webRequest: { onHeadersReceived: (handler) => (sessionHandlers.headersReceived = handler) },
  },
};

function menuSummary(items) {
  return items.map((item) => ({
    label: item.label ?? item.role ?? item.type,
    ...(Array.isArray(item.submenu) ? { submenu: menuSummary(item.submenu) } : {}),
  }));
}
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => {
    menuTemplate = menu.template;
    record.applicationMenu = menuSummary(menu.template);
  },
};

export const dialog = {
  showOpenDialog: async () => (record.dialogs.push('showOpenDialog'), { canceled: true, filePaths: [] }),
  showMessageBox: async () => (record.dialogs.push('showMessageBox'), { response: 0 }),
  showErrorBox: (title) => record.dialogs.push(`showErrorBox ${title}`),
};

export class Notification extends EventEmitter {
  static isSupported = () => true;
  show() {}
}

const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } };
export const screen = { getPrimaryDisplay: () => display, getAllDisplays: () => [display] };
export const nativeTheme = { shouldUseDarkColors: false };
export const utilityProcess = {
  fork: () => {
    throw new Error('the stand-in runs no utility process');
  },
};

/** Asks what a guard registered on the window's web contents does with a navigation. */
function prevented(contents, eventName, details) {
  let wasPrevented = false;
  contents.emit(eventName, { ...details, preventDefault: () => (wasPrevented = true) });
  return wasPrevented;
}

/** Resolves once `done()` holds, or after 10 s (the test then says what is missing). */
async function until(done) {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

function recentProjectsInMenu() {
  const file = menuTemplate.find((menu) => menu.label === 'File');
  const recent = file?.submenu?.find((item) => item.label === 'Open Recent');
  return (recent?.submenu ?? []).filter((item) => item.enabled !== false).length;
}

function commandsSentTo(contents) {
  return (contents?.sent ?? []).flatMap((message) =>
    message.events.filter((event) => event.type === 'app.command').map((event) => event.command.name),
  );
}

async function probeAndReport() {
  const [window] = BrowserWindow.getAllWindows();
  const contents = window?.webContents;
  let granted = null;
  sessionHandlers.permissionRequest?.(contents, 'media', (answer) => (granted = answer), {});
  let headers = null;
  sessionHandlers.headersReceived?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (answer) => {
    headers = answer.responseHeaders;
  });
  record.probes.permissions = {
    requestGranted: granted,
    checkGranted: sessionHandlers.permissionCheck?.(contents, 'media', 'file://', {}) ?? null,
    deviceGranted: sessionHandlers.devicePermission?.({ deviceType: 'usb', origin: 'file://' }) ?? null,
  };
  record.probes.responseHeaders = headers;
  if (contents) {
    const elsewhere = 'https://example.com/';
    record.probes.navigation = {
      navigatePrevented: prevented(contents, 'will-navigate', { url: elsewhere, isSameDocument: false }),
      subframeNavigatePrevented: prevented(contents, 'will-frame-navigate', {
        url: elsewhere,
        isMainFrame: false,
        isSameDocument: false,
      }),
      webviewPrevented: prevented(contents, 'will-attach-webview', {}),
      windowOpen: contents.windowOpenHandler?.({ url: elsewhere }) ?? null,
    };
    const appInfo = ipcHandlers.get('dad:app.info');
    const ourFrame = { url: window.recorded.url, parent: null };
    record.probes.appInfo = {
      trusted: await appInfo?.({ sender: contents, senderFrame: ourFrame }),
      otherSender: await appInfo?.({ sender: new WebContents(), senderFrame: ourFrame }),
      badPayload: await appInfo?.({ sender: contents, senderFrame: ourFrame }, { unexpected: 1 }),
    };
  }
  // A user's actions: a menu item, a second start naming a path, closing the window.
  const file = menuTemplate.find((menu) => menu.label === 'File');
  file?.submenu.find((item) => item.label === 'Open Project…')?.click();
  app.emit('second-instance', {}, [process.execPath, process.argv[1], 'second-start-path'], '/somewhere');
  await until(() => commandsSentTo(contents).includes('open-path'));
  window?.emit('close', {});
  process.stdout.write(`\n${RECORD_MARKER}${JSON.stringify(record)}\n`, () => process.exit(0));
}
