// What a runbook action's effect on the lab is given and answers, and the failures several concerns share: the
// "RPC server is unavailable" of a host that is down, the "couldn't be found" of an object Active Directory lacks,
// and Windows NLB and Failover Clustering refusing to share a server. Every concern's actions (prerequisites,
// Exchange setup, NLB, the CAS array, the DAG, databases) speak this one language; effects.ts dispatches to them.
import type { StepAction } from '../../shared/runbook/actions';
import type { RunbookStep } from '../../shared/runbook/types';
import type { OutputStream } from '../executor/transport';
import { findHost } from './state';
import type { LabHost, LabState } from './state';
import type { LabWorld } from './world';

/** A change made on a host, whoever asks for it: a runbook step (the lab) or a cmdlet of the host double. */
export interface ActionCall {
  readonly world: LabWorld;
  /** The host the script runs on. */
  readonly host: LabHost;
  readonly out: (stream: OutputStream, line: string) => void;
}

export interface EffectCall extends ActionCall {
  readonly step: RunbookStep;
}

export type EffectResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: string;
      /** A word of the failing command line (cmdlet or program), to point at it in the step's script. */
      readonly command: string;
      /** The failure is a host that does not answer (for the transport's failure kind). */
      readonly unreachable?: boolean;
    };

/** The action of one kind. */
export type Action<K extends StepAction['kind']> = Extract<StepAction, { kind: K }>;

export const OK: EffectResult = { ok: true };
export const fail = (command: string, error: string, unreachable = false): EffectResult => ({ ok: false, command, error, unreachable });

/** "The RPC server is unavailable" — what WMI/RPC calls to a host that is down say. */
export function rpcUnavailable(command: string, host: string): EffectResult {
  return fail(command, `${command} : The RPC server is unavailable. (Exception from HRESULT: 0x800706BA) (host ${host})`, true);
}

export const isResult = (value: LabHost | EffectResult): value is EffectResult => 'ok' in value;

/** Windows NLB on a node of a DAG's failover cluster: the two cannot share a server. */
export function nlbConflict(command: string, host: LabHost, dagName: string): EffectResult {
  return fail(
    command,
    `${command} : ${host.name} is a node of the failover cluster of database availability group ${dagName}. Windows Network Load Balancing and Failover Clustering cannot run on the same server: use a hardware load balancer, or separate the Client Access role from the DAG members.`,
  );
}

function dcName(state: LabState): string {
  return state.org.dnsServers.find((d) => d.includes('.') && d !== state.org.adDomain.toLowerCase()) ?? state.org.adDomain;
}

/** An object (DAG, database, server) Active Directory does not have, as the Exchange cmdlets report it. */
export function notFound(command: string, state: LabState, identity: string): EffectResult {
  return fail(command, `${command} : The operation couldn't be performed because object '${identity}' couldn't be found on '${dcName(state)}'.`);
}

/** A server with the Mailbox role, or the "couldn't be found" its cmdlet reports. */
export function mailboxServer(world: LabWorld, name: string, command: string): LabHost | EffectResult {
  const host = findHost(world.state, name);
  if (!host || !host.exchangeRoles.includes('mb')) return notFound(command, world.state, name);
  return host;
}
