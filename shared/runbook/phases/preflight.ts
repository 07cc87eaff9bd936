// Phase 0: every host of the design is reachable by remoting and matches the design (OS, NICs, domain, no pending
// restart). Check-only.
import type { GenerationContext } from './context';
import { stepIds } from './context';

export const PREFLIGHT_SECONDS = 30;

/**
 * Whether a step runs on this server and reaches another machine with the admin's credentials: Exchange setup and
 * /PrepareAD (Active Directory), the first member of an NLB cluster (adds the other nodes over WMI), the server that
 * writes the CAS arrays' DNS records (the DNS server).
 */
function reachesSecondHost(ctx: GenerationContext, serverId: string): boolean {
  const server = ctx.server(serverId);
  if (!server) return false;
  if (ctx.isInstalledHere(server) && !server.roles.includes('Edge')) return true;
  if (ctx.design.nlbClusters.some((c) => c.members.length > 1 && c.members[0]?.serverId === serverId)) return true;
  return ctx.design.casArrays.some((a) => ctx.emsServer(a.siteId).id === serverId);
}

export function preflightSteps(ctx: GenerationContext): void {
  const domain = ctx.design.organization.adDomain;
  for (const server of ctx.design.servers) {
    const edge = server.roles.includes('Edge');
    ctx.add({
      id: stepIds.preflight(server.id),
      phase: 'preflight',
      target: ctx.hostTarget(server),
      title: `Preflight: ${server.name} is reachable and matches the design`,
      action: {
        kind: 'preflight',
        serverName: server.name,
        fqdn: server.fqdn,
        os: { version: server.os.version, edition: server.os.edition, servicePack: server.os.servicePack },
        nics: server.nics.map((n) => ({ name: n.name, ipv4: n.ipv4 })),
        domain: edge ? '' : domain,
        credSsp: reachesSecondHost(ctx, server.id),
      },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [],
      expectedSeconds: PREFLIGHT_SECONDS,
      notes: [
        server.existing ? `${server.name} already exists: it is only checked and verified, not installed.` : '',
        edge ? 'Edge Transport servers are not domain members: domain membership is not checked.' : '',
      ].filter((n) => n !== ''),
      entityIds: [server.id],
    });
  }
}
