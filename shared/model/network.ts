// How a subnet's purpose reads on the NICs attached to it.
import type { NetworkPurpose, NicPurpose } from './types';

/**
 * The purpose a new NIC on a subnet takes: the subnet's own, except that a NIC on a client or perimeter subnet is the
 * server's client-facing (MAPI) NIC — client subnets hold no servers (the planner says so) and an Edge Transport
 * server's perimeter NIC is the one it serves SMTP on.
 */
export function nicPurposeForSubnet(purpose: NetworkPurpose): NicPurpose {
  return purpose === 'client' || purpose === 'perimeter' ? 'mapi' : purpose;
}
