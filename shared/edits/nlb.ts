// Windows NLB port rules for a CAS array: the rules an expert replaces the default all-ports rule with.
import type { DesignDocument, PortRule } from '../model/types';
import { replaceById } from './entities';
import { done, refuse } from './types';
import type { EditResult } from './types';

/** The dynamic RPC range balanced when the CAS array has no static RPC ports. */
export const DYNAMIC_RPC_RANGE = { startPort: 6005, endPort: 59530 } as const;
/** Static RPC ports suggested within the range the Best Practices Analyzer recommends (59531–60554). */
export const SUGGESTED_STATIC_PORTS = { rpcClientAccess: 59532, addressBook: 59533 } as const;
/** HTTP, HTTPS and the RPC endpoint mapper. */
const CAS_PORTS = [80, 443, 135] as const;

/** Client Access port rules, Single affinity: HTTP, HTTPS, RPC endpoint mapper and the RPC ports of the CAS array. */
export function exchangeCasPortRules(staticPorts: { rpcClientAccess: number; addressBook: number } | null): PortRule[] {
  const rule = (startPort: number, endPort = startPort): PortRule => ({ startPort, endPort, protocol: 'Tcp', affinity: 'Single' });
  const rpc = staticPorts ? [rule(staticPorts.rpcClientAccess), rule(staticPorts.addressBook)] : [rule(DYNAMIC_RPC_RANGE.startPort, DYNAMIC_RPC_RANGE.endPort)];
  return [...CAS_PORTS.map((p) => rule(p)), ...rpc];
}

/** Replaces an NLB cluster's port rules with the Client Access rules (using its CAS array's static RPC ports). */
export function applyExchangeCasPortRules(doc: DesignDocument, clusterId: string): EditResult {
  const cluster = doc.design.nlbClusters.find((c) => c.id === clusterId);
  if (!cluster) return refuse(`There is no NLB cluster "${clusterId}" in the design.`);
  const array = doc.design.casArrays.find((a) => a.nlbClusterId === clusterId);
  const portRules = exchangeCasPortRules(array?.staticPorts ?? null);
  return done(
    { ...doc, design: { ...doc.design, nlbClusters: replaceById(doc.design.nlbClusters, clusterId, (c) => ({ ...c, portRules })) } },
    [],
    [`NLB cluster ${cluster.fqdn} now balances TCP ${portRules.map((r) => (r.startPort === r.endPort ? r.startPort : `${r.startPort}–${r.endPort}`)).join(', ')} with Single affinity.`],
  );
}
