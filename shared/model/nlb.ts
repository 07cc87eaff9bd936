// Facts about Windows NLB members that both the planner (nlb.ip-forwarding) and the runbook (the NLB NIC step)
// rely on, defined once so the note and the step cannot disagree.
import type { NlbCluster, Server } from './types';

/**
 * Whether a member's NLB NIC is a secondary NIC: the server has another NIC that comes first or carries the MAPI
 * traffic. Only then do replies to clients on other subnets leave through another NIC, which Windows Server 2008 R2
 * (strong host model) allows only with IP forwarding on.
 */
export function isSecondaryNlbNic(server: Server, nicId: string): boolean {
  if (server.nics.length < 2) return false;
  const index = server.nics.findIndex((n) => n.id === nicId);
  return index > 0 || (index === 0 && server.nics[0].purpose !== 'mapi');
}

/** IP forwarding on a member's NLB NIC: clients on other subnets and the NLB NIC is a secondary NIC. */
export function needsIpForwarding(cluster: NlbCluster, server: Server, nicId: string): boolean {
  return cluster.clientsOnOtherSubnets && isSecondaryNlbNic(server, nicId);
}

/** What a finding calls an NLB cluster: its FQDN, else its id. */
export function nlbClusterName(cluster: NlbCluster): string {
  return cluster.fqdn === '' ? cluster.id : cluster.fqdn;
}
