// Helpers shared by the inspector panes: applying an edit inline, option lists, the planner's findings on an object.
import { z } from 'zod';
import * as S from '../../shared/model/schema';
import { cidrContains, parseCidr, parseIpv4 } from '../../shared/model/ip';
import { updateEntity } from '../../shared/edits';
import type { EditResult, EditableKind, Patch } from '../../shared/edits';
import type { DesignDocument } from '../../shared/model/types';
import { NETBIOS_MAX_LENGTH } from '../../shared/planner/limits';
import { commit, useEditor } from '../store/editor';
import { SelectField, zodCheck } from './fields';
import type { Commit } from './fields';

/** Runs a command on the current document; the refusal comes back for the field to show inline. */
export function apply(command: (doc: DesignDocument) => EditResult): string | null {
  return commit(command(useEditor.getState().doc), { toastErrors: false });
}

/** The setter of one object's properties: applies a patch and returns the refusal, for the field to show. */
export function patcher<K extends EditableKind>(kind: K, id: string): (patch: Patch<K>) => string | null {
  return (patch) => apply((d) => updateEntity(d, kind, id, patch));
}

export const validateIpv4 = zodCheck(S.Ipv4);
export const validateDns = zodCheck(S.DnsName);
export const validateObjectName = zodCheck(S.ObjectName);
export const validateComputerName = zodCheck(S.ComputerName);
export const validateWindowsPath = zodCheck(S.WindowsPath);
export const validateOptionalWindowsPath = zodCheck(z.union([z.literal(''), S.WindowsPath]));
export const validateProductKey = zodCheck(S.ProductKey);

/** NetBIOS advice shown while typing (rule name.netbios also reports it). */
export function netbiosWarning(name: string): string | null {
  if (name.length === 0) return 'a name is required';
  if (name.length > NETBIOS_MAX_LENGTH) return `${name.length} characters: NetBIOS names have at most ${NETBIOS_MAX_LENGTH} (rule name.netbios)`;
  if (/^\d+$/.test(name)) return 'a NetBIOS name cannot be all digits (rule name.netbios)';
  return null;
}

export const WINDOWS_VERSIONS = S.WindowsVersion.options.map((v) => ({ value: v, label: v.replace('R2', ' R2') }));
export const WINDOWS_EDITIONS = S.WindowsEdition.options.map((v) => ({ value: v, label: v }));
export const NIC_PURPOSES = S.NicPurpose.options.map((v) => ({ value: v, label: v === 'mapi' ? 'MAPI (client)' : v === 'nlb' ? 'NLB' : v }));
const NETWORK_PURPOSE_LABELS: Readonly<Record<string, string>> = { mapi: 'MAPI (client)', client: 'clients (no servers)', perimeter: 'perimeter (DMZ)' };
export const NETWORK_PURPOSES = S.NetworkPurpose.options.map((v) => ({ value: v, label: NETWORK_PURPOSE_LABELS[v] ?? v }));
export const DAC_MODES = S.DatacenterActivationMode.options.map((v) => ({ value: v, label: v === 'DagOnly' ? 'On (DagOnly)' : 'Off' }));
export const NLB_MODES = S.NlbMode.options.map((v) => ({ value: v, label: v === 'igmpMulticast' ? 'IGMP multicast' : v }));
export const AFFINITIES = S.NlbAffinity.options.map((v) => ({ value: v, label: v }));
export const PROTOCOLS = S.PortProtocol.options.map((v) => ({ value: v, label: v }));
export const SERVICE_PACKS = S.ExchangeServicePack.options.map((v) => ({ value: v, label: v }));
export const EXCHANGE_EDITIONS = S.ExchangeEdition.options.map((v) => ({ value: v, label: v }));
export const MESSAGE_PROFILES = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500].map((v) => ({ value: String(v), label: `${v} messages/day` }));

/** The list with item i patched (a port rule, an NLB member, a DAG IP, a database copy). */
export function patchAt<T>(list: readonly T[], i: number, patch: Partial<T>): T[] {
  return list.map((x, j) => (j === i ? { ...x, ...patch } : x));
}

/** Advice while typing an address: it lies outside the subnet (and the rule that will report it). */
export function outsideSubnet(cidr: string | undefined, ruleId?: string): (ip: string) => string | null {
  const block = parseCidr(cidr ?? '');
  return (ip) => {
    const v = parseIpv4(ip);
    return block && v !== null && !cidrContains(block, v) ? `outside ${cidr}${ruleId ? ` (rule ${ruleId})` : ''}` : null;
  };
}

/** The AD site an object belongs to. */
export function SiteField({ value, onCommit }: { value: string; onCommit: Commit<string> }) {
  const sites = useEditor((s) => s.doc.design.sites);
  return <SelectField label="AD site" value={value} options={sites.map((s) => ({ value: s.id, label: s.name }))} onCommit={onCommit} />;
}
