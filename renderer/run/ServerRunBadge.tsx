// On a server card of the canvas: what the run on screen is doing on that server (the step running now, a failed
// step, or how many of its steps are done). Nothing when no run is on screen, or when the admin dismissed the run's
// badges (the × on a badge, or "Badges on the canvas" in the run view, which brings them back).
import { memo } from 'react';
import type { MouseEvent } from 'react';
import { setRunBadgesShown, useServerRunState } from './store';

function hideBadges(e: MouseEvent): void {
  // Not a click on the card: no selection, no drag.
  e.stopPropagation();
  setRunBadgesShown(false);
}

function Dismiss() {
  return (
    <button type="button" className="server-run-dismiss nodrag nopan" onClick={hideBadges} onDoubleClick={(e) => e.stopPropagation()} aria-label="Hide the run's badges on the canvas" title="Hide the run's badges (the run view shows them again)" data-testid="server-run-dismiss">
      <svg width="8" height="8" viewBox="0 0 8 8" aria-hidden="true" focusable="false">
        <path d="M1 1 L7 7 M7 1 L1 7" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    </button>
  );
}

export const ServerRunBadge = memo(function ServerRunBadge({ server }: { server: string }) {
  const state = useServerRunState(server);
  if (!state) return null;
  if (state.kind === 'running' || state.kind === 'failed') {
    return (
      <div className={`server-run ${state.kind}`} data-testid="server-run" data-state={state.kind} title={state.step.error ?? state.step.title}>
        <span className="server-run-icon" aria-hidden="true">{state.kind === 'running' ? '◐' : '✘'}</span>
        <span className="server-run-text">
          {state.index}/{state.total} {state.step.title}
        </span>
        <Dismiss />
      </div>
    );
  }
  const label = state.kind === 'done' ? `✔ ${state.total}/${state.total} steps done` : `${state.done}/${state.total} steps done${state.kind === 'waiting' ? ' · waiting' : ''}`;
  return (
    <div className={`server-run ${state.kind}`} data-testid="server-run" data-state={state.kind}>
      <span className="server-run-text">{label}</span>
      <Dismiss />
    </div>
  );
});
