import { useEffect, useRef } from 'react';
import { useViewStore } from '../../stores/view-store';
import { SHORTCUT_GROUPS } from './shortcuts';

/** The "?" button and the list of keyboard shortcuts it opens. */
export function HelpButton() {
  const open = useViewStore((state) => state.helpOpen);
  return (
    <button
      type="button"
      className={open ? 'icon-button icon-button--on' : 'icon-button'}
      aria-label="Keyboard shortcuts (?)"
      aria-expanded={open}
      aria-controls="help-popover"
      title="Keyboard shortcuts (?)"
      data-testid="help-button"
      onClick={() => useViewStore.getState().setHelpOpen(!open)}
    >
      ?
    </button>
  );
}

export function HelpPopover() {
  const open = useViewStore((state) => state.helpOpen);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div
      className="help-popover"
      id="help-popover"
      role="dialog"
      aria-label="Keyboard shortcuts"
      tabIndex={-1}
      ref={ref}
      data-testid="help-popover"
    >
      <div className="help-popover__head">
        <h2>Keyboard shortcuts</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          data-testid="help-close"
          onClick={() => useViewStore.getState().setHelpOpen(false)}
        >
          ×
        </button>
      </div>
      <div className="help-popover__groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map(([keys, action]) => (
                <div key={keys} className="help-popover__row">
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{action}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
