import { isRendererUrl } from './renderer-location';
import type { RendererLocation } from './renderer-location';
import type { SenderVerdict } from '../service/validated-call';

/** What the main side knows about the frame a message came from, without Electron's objects. */
export interface SenderDescription {
  /** False when the message did not come from our window's web contents. */
  fromOurWindow: boolean;
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  frame: { url: string; isMainFrame: boolean } | null;
}

/** Only our window's main frame, showing our own renderer page, may call the main process. */
export function judgeSender(sender: SenderDescription, location: RendererLocation): SenderVerdict {
  if (!sender.fromOurWindow) return { trusted: false, reason: 'a web contents that is not our window' };
  if (sender.frame === null)
    return { trusted: false, reason: 'a frame that navigated away or was destroyed' };
  if (!sender.frame.isMainFrame) return { trusted: false, reason: 'a subframe' };
  if (!isRendererUrl(sender.frame.url, location)) {
    return { trusted: false, reason: `a page that is not our renderer (${sender.frame.url})` };
  }
  return { trusted: true };
}
