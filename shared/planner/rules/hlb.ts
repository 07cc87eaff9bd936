// Hardware load balancers: members of one used by a CAS array hold the Client Access role; the VIP is a host
// address in a subnet of the design.
import { formatIpv4 } from '../../model/ip';
import type { CasArray } from '../../model/types';
import { push } from '../context';
import { listNames, listOf, serverName } from '../text';
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

export const hlbRules: readonly Rule[] = [membersCasRule, vipSubnetRule];
