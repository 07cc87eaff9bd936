// The frame every modal dialog shares (focus kept inside, Escape and a click outside close it, the focus goes back to
// where it was).
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** The elements of a dialog that Tab visits, in order (hidden ones left out). */
function focusables(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/**
 * The frame of every modal dialog: a titled box over a backdrop. It takes the focus when it opens (to its first field,
 * else to itself), keeps Tab and Shift+Tab inside, closes on Escape or a click outside it (when it can be closed)
 * and gives the focus back to where it was when it closes.
 */
export function Modal({ title, children, onClose, testId, className }: { title: string; children: ReactNode; onClose?: () => void; testId: string; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // Where the focus was before the dialog opened: read while rendering, before an autoFocus field inside takes it.
  const [previous] = useState(() => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null));
  useEffect(() => {
    const box = ref.current;
    // The field to fill in first (marked data-autofocus, else the first field), else the dialog itself.
    const field = box?.querySelector<HTMLElement>('[data-autofocus], input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])');
    if (box && !box.contains(document.activeElement)) (field ?? box).focus();
    return () => {
      // Back to the button that opened the dialog (when it is still there and nothing else took the focus since).
      if (previous?.isConnected && (document.activeElement === null || document.activeElement === document.body || box?.contains(document.activeElement))) previous.focus();
    };
  }, [previous]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && onClose) {
      e.stopPropagation();
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const list = focusables(ref.current);
    if (list.length === 0) {
      e.preventDefault();
      return;
    }
    const first = list[0];
    const last = list[list.length - 1];
    const at = document.activeElement;
    if (e.shiftKey && (at === first || at === ref.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && at === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose?.()}>
      <div ref={ref} className={className ? `modal ${className}` : 'modal'} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} data-testid={testId} onKeyDown={onKeyDown}>
        <div className="modal-title">
          <h2 id={titleId}>{title}</h2>
          {onClose ? (
            <button type="button" className="close" onClick={onClose} aria-label="Close" title="Close (Esc)">
              <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
                <path d="M1.5 1.5 L10.5 10.5 M10.5 1.5 L1.5 10.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              </svg>
            </button>
          ) : null}
        </div>
        {children}
      </div>
    </div>
  );
}
