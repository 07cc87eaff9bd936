// Toasts: refusals (why an edit or a wire was refused), notes of what an edit did, save/export results. They stack in
// the canvas's bottom-left corner (away from the inspector), the newest last, at most TOASTS_SHOWN at once; each has a
// close button. Notes written as effects ("adds EX2 to DAG DAG1") are shown as sentences.
import { dismissToast, useEditor } from '../store/editor';
import type { Toast } from '../store/editor';

/** Toasts on screen at once (the oldest go first). */
export const TOASTS_SHOWN = 3;

/**
 * The text as a sentence: a first word in plain lower case ("adds", "moved") gets its capital. Names that start a
 * message in lower case on purpose (a file name, an FQDN, a server called "ex1-dr") keep theirs: a first word
 * followed by anything but a space or a colon is left alone.
 */
export function asSentence(text: string): string {
  return /^[a-z]+[ :]/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function CloseIcon() {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <path d="M1 1 L9 9 M9 1 L1 9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

function ToastRow({ t }: { t: Toast }) {
  return (
    <div className={`toast ${t.kind}`} data-testid="toast" data-kind={t.kind}>
      <span className="toast-text">{asSentence(t.text)}</span>
      <button type="button" className="toast-close" aria-label="Dismiss" title="Dismiss" onClick={() => dismissToast(t.id)}>
        <CloseIcon />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useEditor((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.slice(-TOASTS_SHOWN).map((t) => (
        <ToastRow key={t.id} t={t} />
      ))}
    </div>
  );
}
