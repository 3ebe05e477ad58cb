import type { AppCommand } from '../../../../shared/contract';

type Handler = (command: AppCommand) => void;

let handler: Handler | null = null;
const waiting: AppCommand[] = [];

/**
 * Commands from the desktop app's menu arrive with the window's first events, which can come
 * before the component that carries them out has mounted: they wait here for it, in order.
 */
export function deliverCommand(command: AppCommand): void {
  if (handler) handler(command);
  else waiting.push(command);
}

/** Carries out every waiting command, then each one as it comes; returns the function that stops. */
export function handleCommands(next: Handler): () => void {
  handler = next;
  for (const command of waiting.splice(0)) next(command);
  return () => {
    if (handler === next) handler = null;
  };
}
