// What a host double handler gets: the world, the host it runs on, its bound parameters with typed accessors, and a
// place for warnings. And the handler table type every command family fills (windows.ts, nlb.ts, exchange.ts, …).
import type { OutputStream } from '../../executor/transport';
import { applyActionEffect } from '../effects';
import type { EffectResult } from '../effects';
import type { LabHost, LabState } from '../state';
import type { LabWorld } from '../world';
import type { StepAction } from '../../../shared/runbook/actions';
import { DoubleError } from './protocol';
import type { DoubleObject, WireValue } from './protocol';

export class DoubleParams {
  readonly #values: Readonly<Record<string, WireValue>>;
  readonly #command: string;

  constructor(command: string, values: Readonly<Record<string, WireValue>>) {
    this.#command = command;
    // PowerShell parameter names are case-insensitive: keep the first spelling, look up without case.
    const folded: Record<string, WireValue> = {};
    for (const [k, v] of Object.entries(values)) folded[k.toLowerCase()] = v;
    this.#values = folded;
  }

  has(name: string): boolean {
    const v = this.#values[name.toLowerCase()];
    return v !== undefined && v !== null;
  }

  raw(name: string): WireValue | undefined {
    return this.#values[name.toLowerCase()];
  }

  /** A string parameter ('' when absent). Objects from the pipeline count by their Identity or Name. */
  str(name: string): string {
    return identityOf(this.raw(name));
  }

  /** A mandatory string parameter (the PowerShell signature already made it mandatory: a missing one is a double bug). */
  need(name: string): string {
    const value = this.str(name);
    if (value === '') throw new DoubleError(`${this.#command}: the host double got no value for -${name}`, { errorId: 'ExTopoDoubleMissingParameter', terminating: true });
    return value;
  }

  strs(name: string): string[] {
    const v = this.raw(name);
    if (v === undefined || v === null) return [];
    return (Array.isArray(v) ? v : [v]).map(identityOf).filter((s) => s !== '');
  }

  int(name: string, fallback = 0): number {
    const v = this.raw(name);
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return fallback;
  }

  bool(name: string): boolean {
    const v = this.raw(name);
    return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
  }

  /** Whether a switch or boolean was passed at all (e.g. -ReplicationEnabled:$false). */
  boolOr(name: string, fallback: boolean): boolean {
    return this.has(name) ? this.bool(name) : fallback;
  }
}

/** The name an identity parameter designates: a string, or the Identity/Name of an object from the pipeline. */
export function identityOf(value: WireValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? identityOf(value[0] as WireValue) : '';
  const object = value as { readonly [key: string]: WireValue };
  for (const key of ['Identity', 'Name', 'DistinguishedName']) {
    const v = object[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return '';
}

export interface DoubleContext {
  readonly world: LabWorld;
  readonly state: LabState;
  /** The host this PowerShell stands in for (for EMS lanes: the Exchange server whose endpoint was imported). */
  readonly host: LabHost;
  readonly lane: 'host' | 'ems';
  readonly command: string;
  readonly params: DoubleParams;
  warn(text: string): void;
  /** A line of program output (native calls). */
  print(text: string): void;
  /** Sets the exit code of an external program (native calls). */
  exit(code: number): void;
}

/** What a handler returns: the objects the command outputs (none for most Set-/New- commands of Exchange 2010 that return nothing). */
export type DoubleOutput = readonly DoubleObject[] | void;

export type DoubleHandler = (ctx: DoubleContext) => DoubleOutput;

/** Handlers of one family, by command name (cmdlets and programs) or provider operation. */
export type DoubleHandlers = Readonly<Record<string, DoubleHandler>>;

/**
 * Applies an action through the lab's effects (the same code the TypeScript lab runs for the step) and turns its
 * failure into the command's error. Output lines of the effect become warnings or program output.
 */
export function applyThroughLab(ctx: DoubleContext, action: StepAction, options: { readonly errorId?: string; readonly category?: string } = {}): void {
  const out = (stream: OutputStream, line: string): void => {
    if (stream === 'warning') ctx.warn(line.replace(/^WARNING:\s*/, ''));
  };
  const result: EffectResult = applyActionEffect({ world: ctx.world, host: ctx.host, out }, action);
  if (!result.ok) {
    // The lab words errors as "<command> : <message>"; PowerShell adds the command name itself.
    const message = result.error.replace(/^[\w/.:-]+ : /, '');
    throw new DoubleError(message, { errorId: options.errorId ?? `${ctx.command}Failed`, category: options.category ?? 'InvalidOperation', transport: result.unreachable === true });
  }
}
