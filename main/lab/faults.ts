// Injected faults for rehearsals: what can go wrong with real hosts, on demand. Specs as typed on the command line
// (`--fault unreachable:EX3`), parsed here, and kept in the lab's state file (with their counters) so a resumed
// process sees the same world.

export type LabFault =
  /** Every connection to the host fails (WinRM cannot reach it). */
  | { readonly kind: 'unreachable'; readonly host: string }
  /** The step's script fails `times` times, then succeeds. `failed` counts the failures so far. */
  | { readonly kind: 'fail'; readonly stepId: string; readonly times: number; failed: number }
  /** Every script on the host takes `delayMs` longer (half before its effect, half after); checks a quarter. */
  | { readonly kind: 'slow'; readonly host: string; readonly delayMs: number }
  /** The host's next restart never comes back. */
  | { readonly kind: 'restart-hang'; readonly host: string }
  /** The host starts with a restart pending (from an earlier installation). */
  | { readonly kind: 'pending-restart'; readonly host: string }
  /** The command (cmdlet or program, e.g. New-NlbCluster) throws `times` times, then works. `failed` counts so far. */
  | { readonly kind: 'throw'; readonly command: string; readonly times: number; failed: number }
  /** The host restarts while the step's script runs: the connection drops mid-step (once). */
  | { readonly kind: 'restart-during'; readonly stepId: string; fired: boolean }
  /** A database copy never leaves Initializing (seeding never completes). */
  | { readonly kind: 'copy-initializing'; readonly database: string; readonly server: string };

export type LabFaultKind = LabFault['kind'];

export const FAULT_SYNTAX = [
  'unreachable:HOST          the host never answers PowerShell remoting',
  'fail:STEPID[:N]           the step\'s script fails N times (default 1), then succeeds',
  'slow:HOST:MS              every script on the host takes MS milliseconds longer',
  'restart-hang:HOST         the host does not come back from its next restart',
  'pending-restart:HOST      the host starts with a restart pending',
  'throw:COMMAND[:N]         the cmdlet or program (e.g. New-NlbCluster) throws N times (default 1), then works',
  'restart-during:STEPID     the host restarts while the step runs (its connection drops mid-step)',
  'copy-initializing:DB\\SRV   the copy of database DB on server SRV stays Initializing',
] as const;

export type FaultParse = { readonly ok: true; readonly fault: LabFault } | { readonly ok: false; readonly error: string };

const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const MAX_DELAY_MS = 600_000;
const MAX_TIMES = 1000;

function positiveInt(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** Parses one fault spec; errors say what is wrong and show the syntax. */
export function parseFault(spec: string): FaultParse {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const bad = (why: string): FaultParse => ({ ok: false, error: `invalid fault "${spec}": ${why}. Syntax: ${FAULT_SYNTAX.map((s) => s.split(/\s{2,}/)[0]).join(', ')}.` });
  const host = (value: string): string | null => (HOST.test(value) ? value : null);
  switch (kind) {
    case 'unreachable':
    case 'restart-hang':
    case 'pending-restart': {
      const h = host(rest);
      return h ? { ok: true, fault: { kind, host: h } } : bad('give a host name, e.g. ' + kind + ':EX3');
    }
    case 'slow': {
      const last = rest.lastIndexOf(':');
      const h = last < 0 ? null : host(rest.slice(0, last));
      const ms = last < 0 ? null : positiveInt(rest.slice(last + 1));
      if (!h || ms === null) return bad('give a host and a delay in milliseconds, e.g. slow:EX4:200');
      if (ms > MAX_DELAY_MS) return bad(`the delay is at most ${MAX_DELAY_MS} ms`);
      return { ok: true, fault: { kind: 'slow', host: h, delayMs: ms } };
    }
    case 'fail': {
      // Step ids may contain ":"; a trailing ":N" is the count.
      const last = rest.lastIndexOf(':');
      const count = last < 0 ? null : positiveInt(rest.slice(last + 1));
      const stepId = count === null ? rest : rest.slice(0, last);
      const times = count ?? 1;
      if (stepId === '' || /\s/.test(stepId)) return bad('give a step id, e.g. fail:prereq.features.srv-ex3:2');
      if (times < 1 || times > MAX_TIMES) return bad(`the count is 1 to ${MAX_TIMES}`);
      return { ok: true, fault: { kind: 'fail', stepId, times, failed: 0 } };
    }
    case 'throw': {
      const last = rest.lastIndexOf(':');
      const count = last < 0 ? null : positiveInt(rest.slice(last + 1));
      const command = count === null ? rest : rest.slice(0, last);
      const times = count ?? 1;
      if (!/^[A-Za-z][\w.-]*$/.test(command)) return bad('give a cmdlet or program name, e.g. throw:New-NlbCluster or throw:setup.com:2');
      if (times < 1 || times > MAX_TIMES) return bad(`the count is 1 to ${MAX_TIMES}`);
      return { ok: true, fault: { kind: 'throw', command, times, failed: 0 } };
    }
    case 'restart-during':
      if (rest === '' || /\s/.test(rest)) return bad('give a step id, e.g. restart-during:setup.exchange.srv-ex3');
      return { ok: true, fault: { kind: 'restart-during', stepId: rest, fired: false } };
    case 'copy-initializing': {
      const slash = rest.indexOf('\\');
      const database = slash < 0 ? '' : rest.slice(0, slash).trim();
      const server = slash < 0 ? '' : rest.slice(slash + 1).trim();
      if (database === '' || server === '' || !HOST.test(server)) return bad('give DATABASE\\SERVER, e.g. copy-initializing:DB01\\EX2');
      return { ok: true, fault: { kind: 'copy-initializing', database, server } };
    }
    default:
      return bad(kind === '' ? 'it is empty' : `unknown fault kind "${kind}"`);
  }
}

export function formatFault(fault: LabFault): string {
  switch (fault.kind) {
    case 'fail':
      return `fail:${fault.stepId}:${fault.times}`;
    case 'slow':
      return `slow:${fault.host}:${fault.delayMs}`;
    case 'throw':
      return `throw:${fault.command}:${fault.times}`;
    case 'restart-during':
      return `restart-during:${fault.stepId}`;
    case 'copy-initializing':
      return `copy-initializing:${fault.database}\\${fault.server}`;
    default:
      return `${fault.kind}:${fault.host}`;
  }
}

/** Parses every spec; all errors at once. */
export function parseFaults(specs: readonly string[]): { readonly ok: true; readonly faults: LabFault[] } | { readonly ok: false; readonly errors: string[] } {
  const faults: LabFault[] = [];
  const errors: string[] = [];
  for (const spec of specs) {
    const r = parseFault(spec);
    if (r.ok) faults.push(r.fault);
    else errors.push(r.error);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, faults };
}
