// Servers and roles: supported Windows versions, Edge Transport alone, Hub and Client Access in every Mailbox
// site, no Exchange on domain controllers.
import type { Role } from '../../model/types';
import { isExchangeServer, isLegacyServer } from '../context';
import { WS2008_MIN_SERVICE_PACK, WS2012R2_MIN_ROLLUP, WS2012_MIN_EXCHANGE_SP } from '../limits';
import { ROLE_LABELS, WINDOWS_LABELS, plural, roleList, serverName, serverNames, siteName } from '../text';
import type { Rule } from '../types';

const SUPPORTED = `${WINDOWS_LABELS['2008R2']} SP1 (or ${WINDOWS_LABELS['2008']} SP${WS2008_MIN_SERVICE_PACK})`;

const osRule: Rule = {
  id: 'os.supported',
  check(ctx, emit) {
    const org = ctx.design.organization;
    const exchange = `Exchange 2010 ${org.servicePack}${org.rollup > 0 ? ` RU${org.rollup}` : ''}`;
    for (const server of ctx.design.servers) {
      if (!isExchangeServer(server) || isLegacyServer(server)) continue; // a witness, a DC or an Exchange 2003/2007 server may run any Windows version
      const name = serverName(server);
      const os = server.os;
      const entityIds = [server.id];
      switch (os.version) {
        case '2008':
          if (os.servicePack < WS2008_MIN_SERVICE_PACK) {
            emit({
              message: `Server ${name} runs Windows Server 2008 SP${os.servicePack}; Exchange 2010 needs Windows Server 2008 SP${WS2008_MIN_SERVICE_PACK} or later.`,
              hint: `Set ${name}'s service pack to ${WS2008_MIN_SERVICE_PACK}, or install ${name} on ${WINDOWS_LABELS['2008R2']} SP1.`,
              entityIds,
            });
          }
          break;
        case '2008R2':
          break;
        case '2012':
          if (org.servicePack !== WS2012_MIN_EXCHANGE_SP) {
            emit({
              message: `Server ${name} runs Windows Server 2012, which Exchange 2010 supports only from ${WS2012_MIN_EXCHANGE_SP}; the organization is on ${exchange}.`,
              hint: `Set the organization's Exchange service pack to ${WS2012_MIN_EXCHANGE_SP}, or install ${name} on ${SUPPORTED}.`,
              entityIds,
            });
          }
          break;
        case '2012R2':
          if (org.servicePack !== WS2012_MIN_EXCHANGE_SP || org.rollup < WS2012R2_MIN_ROLLUP) {
            emit({
              message: `Server ${name} runs Windows Server 2012 R2, which Exchange 2010 supports only from ${WS2012_MIN_EXCHANGE_SP} Update Rollup ${WS2012R2_MIN_ROLLUP} (RU${WS2012R2_MIN_ROLLUP}); the organization is on ${exchange}.`,
              hint: `Set the organization to Exchange 2010 ${WS2012_MIN_EXCHANGE_SP} RU${WS2012R2_MIN_ROLLUP} or a later rollup, or install ${name} on ${SUPPORTED}.`,
              entityIds,
            });
          }
          break;
        case '2016':
          emit({
            message: `Server ${name} runs Windows Server 2016; Exchange 2010 cannot be installed on it with any service pack.`,
            hint: `Install ${name} on ${SUPPORTED}, or Windows Server 2012 R2 with Exchange 2010 ${WS2012_MIN_EXCHANGE_SP} RU${WS2012R2_MIN_ROLLUP}.`,
            entityIds,
          });
          break;
      }
    }
  },
};

const edgeAloneRule: Rule = {
  id: 'role.edge-alone',
  check(ctx, emit) {
    for (const server of ctx.design.servers) {
      if (!ctx.hasRole(server, 'Edge')) continue;
      const others = [...new Set(server.roles)].filter((r) => r !== 'Edge');
      if (others.length === 0) continue;
      const name = serverName(server);
      emit({
        message: `Server ${name} combines Edge Transport with ${roleList(others)}; Edge Transport cannot share a server with another role.`,
        hint: `Remove ${roleList(others)} from ${name} (put ${others.length > 1 ? 'them' : 'it'} on an internal server), or remove Edge Transport and deploy a dedicated Edge server in the perimeter network.`,
        entityIds: [server.id],
      });
    }
  },
};

function roleInSiteRule(id: 'role.hub-in-site' | 'role.cas-in-site', role: Role): Rule {
  return {
    id,
    check(ctx, emit) {
      for (const [siteId, servers] of ctx.serversBySite) {
        // Exchange 2010 Mailbox servers need Exchange 2010 Hub Transport / Client Access servers in their site.
        const mailbox = servers.filter((s) => ctx.hasRole(s, 'MB') && !isLegacyServer(s));
        if (mailbox.length === 0 || servers.some((s) => ctx.hasRole(s, role) && !isLegacyServer(s))) continue;
        const site = siteName(ctx, siteId);
        const label = ROLE_LABELS[role];
        emit({
          message: `AD site ${site} has ${plural(mailbox.length, 'Mailbox server')} (${serverNames(mailbox)}) but no ${label} server.`,
          hint: `Add the ${label} role to a server in AD site ${site}${role === 'CAS' ? ' (typically together with Hub Transport)' : ' (typically together with Client Access)'}, or add a ${label} server there.`,
          entityIds: [siteId, ...mailbox.map((s) => s.id)],
        });
      }
    },
  };
}

const notOnDcRule: Rule = {
  id: 'role.not-on-dc',
  check(ctx, emit) {
    for (const server of ctx.design.servers) {
      if (!server.domainController || !isExchangeServer(server)) continue;
      const name = serverName(server);
      emit({
        message: `Server ${name} is a domain controller and holds Exchange roles (${roleList([...new Set(server.roles)])}).`,
        hint: `Install Exchange on a member server instead of ${name}: Exchange on a DC is not recommended, the DC cannot be demoted afterwards, and it cannot join a DAG.`,
        entityIds: [server.id],
      });
    }
  },
};

export const serverRules: readonly Rule[] = [
  osRule,
  edgeAloneRule,
  roleInSiteRule('role.hub-in-site', 'HT'),
  roleInSiteRule('role.cas-in-site', 'CAS'),
  notOnDcRule,
];
