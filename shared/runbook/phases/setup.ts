// Phase 2: Active Directory preparation (first Exchange server of the organization), unattended Exchange setup per
// new server, and static RPC ports on the Client Access servers of arrays that have them.
import type { Role, Server } from '../../model/types';
import type { SetupRole } from '../actions';
import type { GenerationContext } from './context';
import { stepIds } from './context';
import { RESTART_SECONDS } from './prerequisites';
import { SP3_AD_VERSIONS, rollupBuild } from '../exchangeVersions';

export const UPDATE_ROLLUP_SECONDS = 1800;
export const PRODUCT_KEY_SECONDS = 30;
export const DEFAULT_DATABASE_SECONDS = 120;

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
      action: {
        kind: 'prepare-ad',
        organizationName: design.organization.name,
        setupMediaPath: media,
        schemaVersion: SP3_AD_VERSIONS.schemaRangeUpper,
        organizationVersion: SP3_AD_VERSIONS.organizationObjectVersion,
        domainVersion: SP3_AD_VERSIONS.domainObjectVersion,
      },
      restarts: false,
      freshSession: true,
      supportsWhatIf: true,
      dependsOn: [stepIds.features(firstNew.id), stepIds.winrmQuota(firstNew.id), stepIds.restartBeforeSetup(firstNew.id)],
      expectedSeconds: PREPARE_AD_SECONDS,
      notes: [
        `Runs setup /PrepareSchema, /PrepareAD /OrganizationName and /PrepareDomain from ${firstNew.name}.`,
        `Done when the schema is at Exchange 2010 SP3's version (ms-Exch-Schema-Version-Pt rangeUpper ${SP3_AD_VERSIONS.schemaRangeUpper}), the organization ${design.organization.name} at objectVersion ${SP3_AD_VERSIONS.organizationObjectVersion} and the domain at ${SP3_AD_VERSIONS.domainObjectVersion}: an organization prepared by an earlier service pack is prepared again.`,
        'Needs Schema Admins and Enterprise Admins rights, and a domain controller of the schema master\'s site reachable; wait for AD replication before the first server setup in other sites.',
        `Reaches Active Directory from ${firstNew.name} (a second hop): run with CredSSP (-Authentication Credssp; preflight checks that ${firstNew.name} accepts it) or run setup /PrepareAD on ${firstNew.name} itself.`,
        'If it fails: setup prints the failing task and writes C:\\ExchangeSetupLogs\\ExchangeSetup.log; "The schema master is not in this site" means running it from a server in the schema master\'s site.',
      ],
      entityIds: [],
    });
  }
  // In a new organization, setup of the first Mailbox server puts the arbitration and discovery mailboxes in its own
  // database: that server goes first, and it is one whose setup database the plan adopts (renamed, never removed).
  const firstMailbox = orgExists ? undefined : firstMailboxServer(ctx);
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
      freshSession: true,
      supportsWhatIf: true,
      dependsOn: [
        stepIds.features(server.id),
        ctx.has(stepIds.netTcpPortSharing(server.id)) ? stepIds.netTcpPortSharing(server.id) : null,
        ctx.has(stepIds.filterPack(server.id)) ? stepIds.filterPack(server.id) : null,
        ctx.has(stepIds.failoverClustering(server.id)) ? stepIds.failoverClustering(server.id) : null,
        stepIds.winrmQuota(server.id),
        stepIds.restartBeforeSetup(server.id),
        edge ? null : prepareAdId,
        firstMailbox && firstMailbox.id !== server.id && server.roles.includes('MB') ? stepIds.exchangeSetup(firstMailbox.id) : null,
      ],
      expectedSeconds: EXCHANGE_SETUP_SECONDS,
      notes: [
        `Unattended setup from ${media} (setup.com /mode:install /roles:${roles.join(',')}), in a new remote session that has the raised WinRM memory quota.`,
        `Setup reaches Active Directory from ${server.name} (a second hop): run with CredSSP (-Authentication Credssp; preflight checks that ${server.name} accepts it), or run the setup command on ${server.name} itself.`,
        'If it fails: setup names the failed prerequisite or task; the full log is C:\\ExchangeSetupLogs\\ExchangeSetup.log on the server. Fix the cause and run the step again: it asks setup only for the roles still missing.',
        edge ? 'Edge Transport: subscribe it to the Hub Transport servers afterwards (New-EdgeSubscription).' : '',
      ].filter((n) => n !== ''),
      entityIds: [server.id],
    });
    exchangeServerFinish(ctx, server);
  }
  // Every Exchange server of the design, new or existing, at the design's update rollup.
  for (const server of design.servers) {
    if (!server.existing || !ctx.isExchange(server)) continue;
    rollupSteps(ctx, server, stepIds.preflight(server.id));
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
        supportsWhatIf: true,
        dependsOn: [ctx.exchangeReady(server)],
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

/** The update rollup on a server (new or existing) and the restart it needs. */
function rollupSteps(ctx: GenerationContext, server: Server, after: string): void {
  const { deployment, organization } = ctx.design;
  // The organization's service pack and rollup are the design's Exchange version: every server is brought to it.
  const rollup = organization.servicePack === 'SP3' ? organization.rollup : 0;
  if (rollup === 0 || deployment.updateRollupPath === '') return;
  const build = rollupBuild(rollup);
  const target = ctx.hostTarget(server);
  ctx.add({
    id: stepIds.updateRollup(server.id),
    phase: 'exchange-setup',
    target,
    title: `Install Exchange 2010 SP3 Update Rollup ${rollup} on ${server.name} (build ${build})`,
    action: { kind: 'update-rollup', installerPath: deployment.updateRollupPath, rollup, build },
    restarts: false,
    supportsWhatIf: true,
    dependsOn: [after],
    expectedSeconds: UPDATE_ROLLUP_SECONDS,
    notes: [
      `Skipped when ExSetup.exe on ${server.name} is at ${build} or later (AdminDisplayVersion shows the service pack only, never the rollup).`,
      `The .msp must be on ${server.name} at ${deployment.updateRollupPath}. Exit code 1603 means the installer failed: see the MsiInstaller events in the Application log.`,
      server.existing ? `${server.name} already runs Exchange: installing a rollup stops its Exchange services for the duration; plan it in a maintenance window.` : '',
    ].filter((n) => n !== ''),
    entityIds: [server.id],
  });
  ctx.add({
    id: stepIds.restartAfterRollup(server.id),
    phase: 'exchange-setup',
    target,
    title: `Restart ${server.name} after the update rollup if a restart is pending`,
    action: { kind: 'restart-if-pending', reason: 'The update rollup installer returns 3010 (restart needed).' },
    restarts: true,
    supportsWhatIf: true,
    dependsOn: [stepIds.updateRollup(server.id)],
    expectedSeconds: RESTART_SECONDS,
    notes: ['Waits until the server answers remoting again.'],
    entityIds: [server.id],
  });
}

/** After setup on a new server: the restart setup asks for, the update rollup, the product key, setup's database. */
function exchangeServerFinish(ctx: GenerationContext, server: Server): void {
  const { design } = ctx;
  const target = ctx.hostTarget(server);
  ctx.add({
    id: stepIds.restartAfterSetup(server.id),
    phase: 'exchange-setup',
    target,
    title: `Restart ${server.name} after Exchange setup`,
    action: { kind: 'restart-if-pending', reason: 'Exchange setup asks for a restart before the server is used (and before NLB binds its network connection).' },
    restarts: true,
    supportsWhatIf: true,
    dependsOn: [stepIds.exchangeSetup(server.id)],
    expectedSeconds: RESTART_SECONDS,
    notes: ['Waits until the server answers remoting again; its Exchange services start with Windows.'],
    entityIds: [server.id],
  });
  rollupSteps(ctx, server, stepIds.restartAfterSetup(server.id));
  if (!ctx.isInstalledHere(server) || !ctx.hasEms(server)) return;
  // A missing rollup step (rollup 0) leaves the restart after setup as the server's last setup step.
  const ready = ctx.has(stepIds.restartAfterRollup(server.id)) ? stepIds.restartAfterRollup(server.id) : stepIds.restartAfterSetup(server.id);
  const ems = { kind: 'ems', serverId: server.id, serverName: server.name } as const;
  const edition = design.organization.edition;
  if (design.deployment.productKey !== '') {
    ctx.add({
      id: stepIds.productKey(server.id),
      phase: 'exchange-setup',
      target: ems,
      title: `Enter the Exchange ${edition} product key on ${server.name}`,
      action: { kind: 'exchange-product-key', server: server.name, productKey: design.deployment.productKey, edition },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [ready],
      expectedSeconds: PRODUCT_KEY_SECONDS,
      notes: [
        `Without a key the server is a 120-day trial (Edition ${edition}Evaluation). The edition follows the key: a Standard key on an Enterprise design limits the server to 5 databases.`,
        'Restart the Microsoft Exchange Information Store service afterwards on Mailbox servers for the edition to take effect.',
      ],
      entityIds: [server.id],
    });
  } else {
    ctx.add({
      id: stepIds.productKey(server.id),
      phase: 'exchange-setup',
      target: { kind: 'operator' },
      title: `License ${server.name}: enter the Exchange ${edition} product key`,
      action: {
        kind: 'operator',
        checklist: [
          `The design has no product key: ${server.name} runs as a 120-day trial until one is entered.`,
          `In the Exchange Management Shell: Set-ExchangeServer -Identity ${server.name} -ProductKey <key of the ${edition} edition>.`,
          'Or add the key to the design (Deployment → Product key) so the runbook enters it.',
        ],
      },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [ready],
      expectedSeconds: PRODUCT_KEY_SECONDS,
      notes: [],
      entityIds: [server.id],
    });
  }
}

/** The new Mailbox server to install first: one holding the preference-1 copy of a new planned database, else the first. */
function firstMailboxServer(ctx: GenerationContext): Server | undefined {
  const candidates = ctx.design.servers.filter((s) => ctx.isInstalledHere(s) && s.roles.includes('MB') && ctx.hasEms(s));
  const adopting = candidates.find((s) =>
    ctx.design.databases.some((db) => !db.existing && [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference)[0]?.serverId === s.id),
  );
  return adopting ?? candidates[0];
}
