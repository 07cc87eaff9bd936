// Phase 0: every host of the design is reachable by remoting and matches the design (OS, NICs, domain, no pending
// restart). Check-only.
import type { GenerationContext } from './context';
import { stepIds } from './context';

export const PREFLIGHT_SECONDS = 30;

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
