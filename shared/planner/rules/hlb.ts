// Hardware load balancers: members of one used by a CAS array hold the Client Access role; the VIP is a host
// address in a subnet of the design.
import { formatIpv4 } from '../../model/ip';
import type { CasArray } from '../../model/types';
import { push } from '../context';
import { listNames, listOf, nlbClusterName, serverName } from '../text';
import type { Rule } from '../types';

const membersCasRule: Rule = {
  id: 'hlb.members-cas',
  check(ctx, emit) {
    const arraysByHlb = new Map<string, CasArray[]>();
    for (const array of ctx.design.casArrays) {
      if (array.hardwareLoadBalancerId === null) continue;
      push(arraysByHlb, array.hardwareLoadBalancerId, array);
    }
    for (const hlb of ctx.design.hardwareLoadBalancers) {
      const arrays = arraysByHlb.get(hlb.id);
      if (!arrays || ctx.hardwareLoadBalancers.get(hlb.id) !== hlb) continue;
      const offenders: { id: string; name: string; known: boolean }[] = [];
      for (const id of new Set(hlb.memberIds)) {
        const server = ctx.servers.get(id);
        if (!server) offenders.push({ id, name: `"${id}" (not a server of the design)`, known: false });
        else if (!ctx.hasRole(server, 'CAS')) offenders.push({ id, name: serverName(server), known: true });
      }
      if (offenders.length === 0) continue;
      const list = listOf(offenders, (o) => o.name);
      const one = offenders.length === 1;
      emit({
        message: `Hardware load balancer ${hlb.name} (used by CAS array ${listNames(arrays.map((a) => a.name))}) balances ${list}, which ${one ? 'does' : 'do'} not hold the Client Access role.`,
        hint: `Remove ${list} from ${hlb.name}'s pool, or add the Client Access role to ${one ? 'it' : 'them'}.`,
        entityIds: [hlb.id, ...arrays.map((a) => a.id), ...offenders.filter((o) => o.known).map((o) => o.id)],
      });
    }
  },
};

const vipSubnetRule: Rule = {
  id: 'hlb.vip-subnet',
  check(ctx, emit) {
    for (const hlb of ctx.design.hardwareLoadBalancers) {
      const value = ctx.ip(hlb.vip);
      if (value === null) {
        emit({
          message: `Hardware load balancer ${hlb.name} has VIP "${hlb.vip}", which is not an IPv4 address.`,
          hint: 'Enter the VIP as a dotted IPv4 address inside one of the design\'s subnets, e.g. 10.0.1.40.',
          entityIds: [hlb.id],
        });
        continue;
      }
      if (hlb.subnetId !== undefined && hlb.subnetId !== null) {
        // The VIP's subnet is stated: the VIP must be a host address inside it.
        const subnet = ctx.subnets.get(hlb.subnetId);
        const cidr = ctx.cidrs.get(hlb.subnetId);
        if (!subnet) {
          emit({
            message: `Hardware load balancer ${hlb.name}'s VIP ${hlb.vip} is on subnet "${hlb.subnetId}", which is not a subnet of the design.`,
            hint: `Choose the design subnet that holds ${hlb.vip} (the Client Access servers' MAPI subnet) as the VIP's subnet.`,
            entityIds: [hlb.id],
          });
          continue;
        }
        if (!cidr) continue; // an invalid CIDR: ip.in-subnet
        if (value > cidr.network && value < cidr.broadcast) continue;
        emit({
          message: `Hardware load balancer ${hlb.name} has VIP ${hlb.vip}, which is ${value === cidr.network || value === cidr.broadcast ? `the ${value === cidr.network ? 'network' : 'broadcast'} address of` : 'outside'} its subnet ${subnet.cidr}.`,
          hint: `Use a free host address between ${formatIpv4(cidr.network + 1)} and ${formatIpv4(cidr.broadcast - 1)}, or choose the subnet that holds ${hlb.vip}.`,
          entityIds: [hlb.id, subnet.id],
        });
        continue;
      }
      const hit = ctx.subnetContaining(value);
      if (!hit) {
        const subnets = ctx.design.subnets.filter((s) => ctx.cidrs.has(s.id));
        emit({
          message: `Hardware load balancer ${hlb.name} has VIP ${hlb.vip}, which lies in no subnet of the design${subnets.length > 0 ? ` (${listOf(subnets, (s) => s.cidr)})` : ''}.`,
          hint: `Choose a free host address in the subnet of the Client Access servers it balances, or add the subnet that holds ${hlb.vip}.`,
          entityIds: [hlb.id],
        });
      } else if (value === hit.cidr.network || value === hit.cidr.broadcast) {
        emit({
          message: `Hardware load balancer ${hlb.name} has VIP ${hlb.vip}, the ${value === hit.cidr.network ? 'network' : 'broadcast'} address of subnet ${hit.subnet.cidr}.`,
          hint: `Use a host address between ${formatIpv4(hit.cidr.network + 1)} and ${formatIpv4(hit.cidr.broadcast - 1)}.`,
          entityIds: [hlb.id, hit.subnet.id],
        });
      }
    }
  },
};

/**
 * A CAS array's VIP (Windows NLB or hardware load balancer) is where Outlook clients connect: on a client-facing
 * (MAPI) subnet. On a replication subnet — which carries only DAG log shipping and has no route for clients
 * (DAGNET) — no client reaches it; on a management, client or perimeter subnet it is off the servers' client network.
 * DAG IP addresses are checked the same way by dag.ip-per-mapi-subnet.
 */
const vipSubnetPurposeRule: Rule = {
  id: 'vip.subnet-purpose',
  check(ctx, emit) {
    const vips: { id: string; label: string; vip: string; subnetId: string | null }[] = [];
    for (const c of ctx.nlbClusters.values()) vips.push({ id: c.id, label: `NLB cluster ${nlbClusterName(c)}`, vip: c.vip, subnetId: c.subnetId });
    for (const h of ctx.hardwareLoadBalancers.values()) {
      const value = ctx.ip(h.vip);
      const stated = h.subnetId ?? null;
      const subnetId = stated ?? (value === null ? null : (ctx.subnetContaining(value)?.subnet.id ?? null));
      vips.push({ id: h.id, label: `hardware load balancer ${h.name}`, vip: h.vip, subnetId });
    }
    const replication = new Set(ctx.design.dags.flatMap((d) => d.replicationSubnetIds));
    for (const v of vips) {
      if (v.subnetId === null) continue;
      const subnet = ctx.subnets.get(v.subnetId);
      if (!subnet) continue; // nlb/hlb reference checks
      const purpose = replication.has(subnet.id) ? 'replication' : subnet.purpose;
      if (purpose === 'mapi') continue;
      const isReplication = purpose === 'replication';
      emit({
        severity: isReplication ? 'error' : 'warning',
        message: isReplication
          ? `The VIP ${v.vip} of ${v.label} is on replication subnet ${subnet.cidr}: a replication network carries only DAG log shipping and clients have no route to it, so no Outlook client reaches the CAS array.`
          : `The VIP ${v.vip} of ${v.label} is on ${purpose} subnet ${subnet.cidr}, not on the Client Access servers' MAPI (client-facing) network.`,
        hint: `Give ${v.label} a VIP on the MAPI subnet of the Client Access servers it balances${isReplication ? '' : ', or change the subnet\'s purpose if it is that network'}.`,
        entityIds: [v.id, subnet.id],
      });
    }
  },
};

export const hlbRules: readonly Rule[] = [membersCasRule, vipSubnetRule, vipSubnetPurposeRule];
