// Phase 2: Active Directory preparation (first Exchange server of the organization), unattended Exchange setup per
// new server, and static RPC ports on the Client Access servers of arrays that have them.
import type { Role, Server } from '../../model/types';
import type { SetupRole } from '../actions';
import type { GenerationContext } from './context';
import { stepIds } from './context';

export const PREPARE_AD_SECONDS = 900;
export const EXCHANGE_SETUP_SECONDS = 2400;
export const STATIC_RPC_SECONDS = 60;

const ROLE_CODES: Record<Role, SetupRole> = { CAS: 'ca', HT: 'ht', MB: 'mb', UM: 'um', Edge: 'et' };

/** setup /roles: codes for a server (management tools with every role but Edge, which installs its own). */
export function setupRolesFor(server: Server): SetupRole[] {
  if (server.roles.includes('Edge')) return ['et'];
  const codes = server.roles.map((r) => ROLE_CODES[r]);
  return [...new Set<SetupRole>([...codes, 'mt'])];
}

export function setupSteps(ctx: GenerationContext): void {
  const { design } = ctx;
  const media = design.deployment.setupMediaPath;
  const orgExists = design.servers.some((s) => s.existing && ctx.hasEms(s));
  const firstNew = design.servers.find((s) => ctx.isInstalledHere(s) && ctx.hasEms(s));
  const prepareAdId = !orgExists && firstNew ? stepIds.prepareAd() : null;
  if (prepareAdId && firstNew) {
    ctx.add({
      id: prepareAdId,
      phase: 'exchange-setup',
      target: ctx.hostTarget(firstNew),
      title: `Prepare Active Directory for the Exchange organization ${design.organization.name} (schema, organization, domain)`,
      action: { kind: 'prepare-ad', organizationName: design.organization.name, setupMediaPath: media },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [stepIds.features(firstNew.id)],
      expectedSeconds: PREPARE_AD_SECONDS,
      notes: [
        `Runs setup /PrepareSchema, /PrepareAD /OrganizationName and /PrepareDomain from ${firstNew.name}.`,
        'Needs Schema Admins and Enterprise Admins rights, and a domain controller of the schema master\'s site reachable; wait for AD replication before the first server setup in other sites.',
      ],
      entityIds: [],
    });
  }
  for (const server of design.servers) {
    if (!ctx.isInstalledHere(server)) continue;
    const roles = setupRolesFor(server);
    const edge = server.roles.includes('Edge');
    ctx.add({
      id: stepIds.exchangeSetup(server.id),
      phase: 'exchange-setup',
      target: ctx.hostTarget(server),
      title: `Install Exchange 2010 on ${server.name} (roles ${roles.join(',')})`,
      action: { kind: 'exchange-setup', roles, setupMediaPath: media },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [
        stepIds.features(server.id),
        ctx.has(stepIds.netTcpPortSharing(server.id)) ? stepIds.netTcpPortSharing(server.id) : null,
        ctx.has(stepIds.filterPack(server.id)) ? stepIds.filterPack(server.id) : null,
        ctx.has(stepIds.failoverClustering(server.id)) ? stepIds.failoverClustering(server.id) : null,
        edge ? null : prepareAdId,
      ],
      expectedSeconds: EXCHANGE_SETUP_SECONDS,
      notes: [
        `Unattended setup from ${media} (setup.com /mode:install /roles:${roles.join(',')}).`,
        'Setup reaches Active Directory from the server: run the runbook with CredSSP (-Authentication Credssp) so the credentials can make that second hop.',
        edge ? 'Edge Transport: subscribe it to the Hub Transport servers afterwards (New-EdgeSubscription).' : '',
      ].filter((n) => n !== ''),
      entityIds: [server.id],
    });
  }
  // Static RPC ports: every Client Access server of a site whose CAS array has them (existing servers too: the
  // ports are configuration of the array, not of setup).
  for (const array of design.casArrays) {
    if (!array.staticPorts) continue;
    const ports = array.staticPorts;
    for (const server of ctx.plan.serversBySite.get(array.siteId) ?? []) {
      if (!server.roles.includes('CAS') || ctx.has(stepIds.staticRpcPorts(server.id))) continue;
      ctx.add({
        id: stepIds.staticRpcPorts(server.id),
        phase: 'exchange-setup',
        target: ctx.hostTarget(server),
        title: `Set static RPC ports on ${server.name} (RPC Client Access ${ports.rpcClientAccess}, Address Book ${ports.addressBook})`,
        action: { kind: 'static-rpc-ports', rpcClientAccessPort: ports.rpcClientAccess, addressBookPort: ports.addressBook },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [ctx.setupStep(server) ?? stepIds.preflight(server.id)],
        expectedSeconds: STATIC_RPC_SECONDS,
        notes: [
          'Restarts the Microsoft Exchange RPC Client Access and Address Book services (clients reconnect).',
          'On Exchange 2010 SP1 and later the Address Book port is read from Microsoft.Exchange.AddressBook.Service.exe.config: the step sets it there too.',
        ],
        entityIds: [server.id, array.id],
      });
    }
  }
}
