// Toasts: refusals (why an edit or a wire was refused), notes of what an edit did, save/export results.
import { dismissToast, useEditor } from '../store/editor';

export function Toasts() {
  const toasts = useEditor((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} data-testid="toast" data-kind={t.kind} onClick={() => dismissToast(t.id)}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
