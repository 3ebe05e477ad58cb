import type { Virtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent, RefObject } from 'react';
import { movedIndex } from './compare-view';

/**
 * Arrow keys, Home, End and Page keys for a virtualized list whose rows carry `data-row-index`:
 * the key moves from the selected row (`current`, -1 for none), selects the row it lands on,
 * scrolls it into view and focuses it. Moving from the selection rather than from the focused row
 * keeps quick key presses right while focus is still on its way.
 */
export function useListCursor(
  count: number,
  current: number,
  scrollRef: RefObject<HTMLDivElement | null>,
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  select: (index: number) => void,
) {
  return (event: KeyboardEvent<HTMLElement>) => {
    const next = movedIndex(event.key, Math.max(0, current), count);
    if (next === null) return;
    event.preventDefault();
    select(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus();
    });
  };
}
