import { useEffect } from 'react';
import { currentApi } from '../../api/api-client';
import { useNoticeStore } from '../../stores/notice-store';
import { carryOutCommand } from './carry-out-command';

/** Carries out the commands the desktop app's menu sends (see `AppCommand` in the contract). */
export function useAppCommands(): void {
  useEffect(
    () =>
      currentApi().onEvents((batch) => {
        for (const event of batch.events) {
          if (event.type !== 'app.command') continue;
          carryOutCommand(event.command).catch((error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            useNoticeStore.getState().inform(`Could not do "${event.command.name}": ${message}`);
          });
        }
      }),
    [],
  );
}
