// The lab world as an object: its state, saved atomically to a JSON file after every change (when it has a file),
// so a process killed mid-run leaves a consistent world for the next one. Also host lookup and reachability.
import { readFileSync } from 'node:fs';
import type { Design } from '../../shared/model/types';
import type { Runbook } from '../../shared/runbook/types';
import { atomicWriteFileSync } from '../files/atomicWrite';
import { formatFault } from './faults';
import type { LabFault } from './faults';
import { LAB_FORMAT, createLabState, findHost } from './state';
import type { LabHost, LabState } from './state';

/** The lab world's file inside a rehearsal's run folder. */
export const LAB_FILE = 'lab.json';

export class LabWorld {
  #state: LabState;
  #path: string | null;

  constructor(state: LabState, path: string | null = null) {
    this.#state = state;
    this.#path = path;
  }

  /** The JSON file the world lives in (null: in memory only). */
  get path(): string | null {
    return this.#path;
  }

  /** The world as its file holds it. */
  toText(): string {
    return JSON.stringify(this.#state);
  }

  /** Keeps the world in the file it is already in (written with the run's folder): later changes go there. */
  attachTo(path: string): void {
    this.#path = path;
  }

  /** Keeps the world in a file from now on (saved at once). */
  saveTo(path: string): void {
    this.#path = path;
    this.commit();
  }

  /** A new world from a design (saved to `path` when given). */
  static create(design: Design, options: { readonly title?: string; readonly faults?: readonly LabFault[]; readonly path?: string } = {}): LabWorld {
    const world = new LabWorld(createLabState(design, options), options.path ?? null);
    world.commit();
    return world;
  }

  /** The world saved in a file. */
  static load(path: string): LabWorld {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the lab world ${path}: ${(error as Error).message}`);
    }
    const state = value as Partial<LabState>;
    if (state.format !== LAB_FORMAT || !Array.isArray(state.hosts) || !state.org) {
      throw new Error(`${path} is not an ExTopo lab world (format ${LAB_FORMAT}).`);
    }
    return new LabWorld(state as LabState, path);
  }

  /** The live state: mutate it, then commit(). */
  get state(): LabState {
    return this.#state;
  }

  /** A deep copy (for comparisons in tests and reports). */
  snapshot(): LabState {
    return structuredClone(this.#state);
  }

  /** Saves the state (temp file, fsync, rename): a crash leaves the old or the new world, never half of one. */
  commit(): void {
    const path = this.#path;
    if (!path) return;
    atomicWriteFileSync(path, JSON.stringify(this.#state));
  }

  host(name: string): LabHost | undefined {
    return findHost(this.#state, name);
  }

  /** Whether the host answers remoting now: not hung, not in the middle of a restart. */
  reachable(host: LabHost, now = Date.now()): boolean {
    if (host.hung) return false;
    return host.downUntil === null || now >= host.downUntil;
  }

  /** The host restarts: down for restartMs (or for good under restart-hang); its pending restart is cleared. */
  restart(host: LabHost, restartMs: number): void {
    host.restarts += 1;
    host.pendingRestart = false;
    if (this.hostFault(host, 'restart-hang')) {
      host.hung = true;
      host.downUntil = null;
    } else {
      host.downUntil = Date.now() + restartMs;
    }
  }

  /** The fault of a kind that applies to a host (by name, FQDN or address). */
  hostFault<K extends 'unreachable' | 'slow' | 'restart-hang'>(host: LabHost, kind: K): Extract<LabFault, { kind: K }> | undefined {
    return this.#state.faults.find((f): f is Extract<LabFault, { kind: K }> => f.kind === kind && 'host' in f && findHost(this.#state, f.host) === host);
  }

  /**
   * Replaces the faults (a resumed rehearsal states its conditions again). A fault given again keeps its counter;
   * a host hung by a restart-hang that is no longer given comes back (someone fixed it); a new pending-restart
   * marks its host.
   */
  setFaults(faults: readonly LabFault[]): void {
    const previous = new Map(this.#state.faults.map((f) => [formatFault(f), f]));
    this.#state.faults = faults.map((f) => {
      const old = previous.get(formatFault(f));
      return old ? old : { ...f };
    });
    for (const host of this.#state.hosts) {
      if (host.hung && !this.hostFault(host, 'restart-hang')) {
        host.hung = false;
        host.downUntil = null;
        host.pendingRestart = false;
      }
    }
    for (const f of this.#state.faults) {
      if (f.kind === 'pending-restart' && !previous.has(formatFault(f))) {
        const host = findHost(this.#state, f.host);
        if (host) host.pendingRestart = true;
      }
    }
    this.commit();
  }

  /** How many times the lab applied a step's script. */
  executions(stepId: string): number {
    return this.#state.executions.filter((e) => e.stepId === stepId).length;
  }
}

/** Faults must name hosts, steps and databases that exist: a typo would silently rehearse nothing. */
export function faultProblems(faults: readonly LabFault[], world: LabWorld, runbook: Runbook): string[] {
  const problems: string[] = [];
  const noStep = (spec: string, stepId: string): string => `fault ${spec}: there is no step ${stepId} in the runbook.`;
  for (const f of faults) {
    switch (f.kind) {
      case 'fail':
      case 'restart-during':
        if (!runbook.steps.some((s) => s.id === f.stepId)) problems.push(noStep(`${f.kind}:${f.stepId}`, f.stepId));
        break;
      case 'throw':
        break;
      case 'copy-initializing':
        if (!runbook.steps.some((s) => s.action.kind === 'add-database-copy' && s.action.database.toLowerCase() === f.database.toLowerCase() && world.host(s.action.server) === world.host(f.server))) {
          problems.push(`fault ${formatFault(f)}: the runbook adds no copy of database ${f.database} on ${f.server}.`);
        }
        break;
      default:
        if (!world.host(f.host)) problems.push(`fault ${f.kind}:${f.host}: there is no host ${f.host} in the lab (use a design server name or FQDN).`);
    }
  }
  return problems;
}
