// On a server card of the canvas: what the run on screen is doing on that server (the step running now, a failed
// step, or how many of its steps are done). Nothing when no run is on screen.
import { memo } from 'react';
import { useServerRunState } from './store';

export const ServerRunBadge = memo(function ServerRunBadge({ server }: { server: string }) {
  const state = useServerRunState(server);
  if (!state) return null;
  if (state.kind === 'running' || state.kind === 'failed') {
    return (
      <div className={`server-run ${state.kind}`} data-testid="server-run" data-state={state.kind} title={state.step.error ?? state.step.title}>
        <span className="server-run-icon">{state.kind === 'running' ? '◐' : '✘'}</span>
        <span className="server-run-text">
          {state.index}/{state.total} {state.step.title}
        </span>
      </div>
    );
  }
  const label = state.kind === 'done' ? `✔ ${state.total}/${state.total} steps done` : `${state.done}/${state.total} steps${state.kind === 'waiting' ? ' · waiting' : ''}`;
  return (
    <div className={`server-run ${state.kind}`} data-testid="server-run" data-state={state.kind}>
      <span className="server-run-text">{label}</span>
    </div>
  );
});
