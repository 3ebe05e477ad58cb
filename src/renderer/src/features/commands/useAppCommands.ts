import { useEffect } from 'react';
import { useNoticeStore } from '../../stores/notice-store';
import { carryOutCommand } from './carry-out-command';
import { handleCommands } from './command-inbox';

/** Carries out the commands the desktop app's menu sends (see `AppCommand` in the contract). */
export function useAppCommands(): void {
  useEffect(
    () =>
      handleCommands((command) => {
        carryOutCommand(command).catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          useNoticeStore.getState().inform(`Could not do "${command.name}": ${message}`);
        });
      }),
    [],
  );
}
