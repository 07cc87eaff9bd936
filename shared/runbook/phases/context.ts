// What every phase builder shares: the indexed design, the step list being built, stable step ids, and the choice
// of where EMS and DNS steps run.
import type { PlannerContext } from '../../planner/context';
import type { Design, Role, Server } from '../../model/types';
import type { StepAction } from '../actions';
import type { Phase, StepTarget } from '../types';

/** A step before its script and check are rendered and its dependencies resolved. */
export interface StepDraft {
  readonly id: string;
  readonly phase: Phase;
  readonly target: StepTarget;
  readonly title: string;
  readonly action: StepAction;
  readonly restarts: boolean;
  /** See RunbookStep.freshSession. */
  readonly freshSession?: boolean;
  readonly supportsWhatIf: boolean;
  /** May name steps that were not generated (e.g. setup of an existing server): those are dropped. */
  readonly dependsOn: readonly (string | null)[];
  readonly expectedSeconds: number;
  readonly notes: readonly string[];
  readonly entityIds: readonly string[];
}

/** Thrown when a design that passed the planner still cannot be turned into a runbook. */
export class RunbookGenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookGenerationError';
  }
}

/** Stable step ids: `<phase-ish>.<what>.<entity id>[.<entity id>]`. */
export const stepIds = {
  preflight: (serverId: string) => `preflight.${serverId}`,
  nlbUnbind: (clusterId: string, serverId: string) => `preflight.nlb-unbind.${clusterId}.${serverId}`,
  nlbUnbound: (clusterId: string, serverId: string) => `preflight.nlb-unbound.${clusterId}.${serverId}`,
  winrmQuota: (serverId: string) => `prereq.winrm-quota.${serverId}`,
  restartBeforeSetup: (serverId: string) => `prereq.restart.${serverId}`,
  rsatDns: (serverId: string) => `prereq.rsat-dns.${serverId}`,
  restartAfterSetup: (serverId: string) => `setup.restart.${serverId}`,
  updateRollup: (serverId: string) => `setup.rollup.${serverId}`,
  restartAfterRollup: (serverId: string) => `setup.rollup-restart.${serverId}`,
  productKey: (serverId: string) => `setup.product-key.${serverId}`,
  defaultDatabase: (serverId: string) => `db.default.${serverId}`,
  laggedActivation: (databaseId: string, serverId: string) => `db.lagged-activation.${databaseId}.${serverId}`,
  staticArp: (clusterId: string) => `nlb.static-arp.${clusterId}`,
  vipReachable: (clusterId: string) => `nlb.vip-reachable.${clusterId}`,
  verifyArrayAddress: (casArrayId: string) => `verify.casarray-address.${casArrayId}`,
  verifyVersion: () => 'verify.exchange-version',
  features: (serverId: string) => `prereq.features.${serverId}`,
  netTcpPortSharing: (serverId: string) => `prereq.nettcpportsharing.${serverId}`,
  filterPack: (serverId: string) => `prereq.filterpack.${serverId}`,
  failoverClustering: (serverId: string) => `prereq.failover-clustering.${serverId}`,
  prepareAd: () => 'setup.prepare-ad',
  exchangeSetup: (serverId: string) => `setup.exchange.${serverId}`,
  staticRpcPorts: (serverId: string) => `setup.static-rpc.${serverId}`,
  nlbFeature: (serverId: string) => `nlb.feature.${serverId}`,
  nlbNic: (clusterId: string, serverId: string) => `nlb.nic.${clusterId}.${serverId}`,
  nlbCluster: (clusterId: string) => `nlb.cluster.${clusterId}`,
  nlbPortRules: (clusterId: string) => `nlb.port-rules.${clusterId}`,
  nlbNode: (clusterId: string, serverId: string) => `nlb.node.${clusterId}.${serverId}`,
  nlbConverged: (clusterId: string) => `nlb.converged.${clusterId}`,
  hardwareLoadBalancer: (casArrayId: string) => `casarray.load-balancer.${casArrayId}`,
  dnsRecord: (casArrayId: string) => `dns.record.${casArrayId}`,
  casArray: (casArrayId: string) => `casarray.create.${casArrayId}`,
  rpcClientAccess: (casArrayId: string, serverId: string) => `casarray.rpc-client-access.${casArrayId}.${serverId}`,
  outlookProfiles: (casArrayId: string) => `casarray.outlook-profiles.${casArrayId}`,
  witness: (dagId: string) => `dag.witness.${dagId}`,
  dag: (dagId: string) => `dag.create.${dagId}`,
  dagMember: (dagId: string, serverId: string) => `dag.member.${dagId}.${serverId}`,
  dagNetworks: (dagId: string) => `dag.networks.${dagId}`,
  dagDatacenterActivation: (dagId: string) => `dag.datacenter-activation.${dagId}`,
  database: (databaseId: string) => `db.create.${databaseId}`,
  databaseCopy: (databaseId: string, serverId: string) => `db.copy.${databaseId}.${serverId}`,
  verifyNlb: (clusterId: string) => `verify.nlb.${clusterId}`,
  verifyCasArray: (casArrayId: string) => `verify.casarray.${casArrayId}`,
  verifyCopies: (groupId: string) => `verify.copies.${groupId}`,
  verifyReplication: (serverId: string) => `verify.replication.${serverId}`,
  verifyMapi: (serverId: string) => `verify.mapi.${serverId}`,
} as const;

const EXCHANGE_ROLES: readonly Role[] = ['CAS', 'HT', 'MB', 'UM', 'Edge'];

export class GenerationContext {
  readonly design: Design;
  readonly plan: PlannerContext;
  readonly drafts: StepDraft[] = [];
  /** Dependencies added from outside a step's own phase (step id → the steps it must also wait for). */
  readonly extraDependencies = new Map<string, string[]>();
  private readonly ids = new Set<string>();

  constructor(plan: PlannerContext) {
    this.plan = plan;
    this.design = plan.design;
  }

  add(draft: StepDraft): void {
    if (this.ids.has(draft.id)) {
      throw new RunbookGenerationError(
        `Two runbook steps would get the id "${draft.id}". Object ids that differ only by a "." can collide: rename one of them.`,
      );
    }
    this.ids.add(draft.id);
    this.drafts.push(draft);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Makes step `id` also wait for `dependency` (both may be emitted by different phases; unknown ids are dropped). */
  after(id: string, dependency: string): void {
    const list = this.extraDependencies.get(id) ?? [];
    list.push(dependency);
    this.extraDependencies.set(id, list);
  }

  /**
   * The last step that makes a new Exchange server fully ready for the work of later phases: installed, restarted,
   * at the design's update rollup and restarted again; for other servers their host readiness.
   */
  exchangeReady(server: Server): string {
    if (this.has(stepIds.restartAfterRollup(server.id))) return stepIds.restartAfterRollup(server.id);
    return this.isInstalledHere(server) ? stepIds.restartAfterSetup(server.id) : this.hostReady(server);
  }

  server(id: string): Server | undefined {
    return this.plan.servers.get(id);
  }

  /** Holds at least one Exchange role. */
  isExchange(server: Server): boolean {
    return server.roles.some((r) => EXCHANGE_ROLES.includes(r));
  }

  /** An Exchange server with the Exchange Management Shell endpoint (every role but Edge Transport). */
  hasEms(server: Server): boolean {
    return this.isExchange(server) && !server.roles.includes('Edge');
  }

  /** Gets prerequisites and Exchange setup in this runbook (new Exchange servers). */
  isInstalledHere(server: Server): boolean {
    return !server.existing && this.isExchange(server);
  }

  /**
   * The step after which a server this runbook installs is ready for Exchange work (setup, its restart, the update
   * rollup and its restart), or null when it is already installed (existing) or holds no Exchange role.
   */
  setupStep(server: Server | undefined): string | null {
    return server && this.isInstalledHere(server) ? this.exchangeReady(server) : null;
  }

  /**
   * Where EMS steps for a site run: an Exchange server (not Edge) of the site that is already installed, else one
   * installed by this runbook (the step then depends on its setup), else the same for the whole organization.
   */
  emsServer(siteId: string): Server {
    const all = this.design.servers.filter((s) => this.hasEms(s));
    const inSite = all.filter((s) => s.siteId === siteId);
    const pick = inSite.find((s) => s.existing) ?? inSite[0] ?? all.find((s) => s.existing) ?? all[0];
    if (!pick) {
      const site = this.plan.sites.get(siteId)?.name ?? siteId;
      throw new RunbookGenerationError(
        `No Exchange server can run the Exchange Management Shell steps for site ${site}: add a Client Access, Hub Transport or Mailbox server to the design.`,
      );
    }
    return pick;
  }

  /** An EMS target for a site and the step it must wait for (setup of that server when it is new). */
  ems(siteId: string): { readonly target: StepTarget; readonly after: string | null } {
    const server = this.emsServer(siteId);
    return { target: { kind: 'ems', serverId: server.id, serverName: server.name }, after: this.isInstalledHere(server) ? this.exchangeReady(server) : null };
  }

  hostTarget(server: Server): StepTarget {
    return { kind: 'host', serverId: server.id, serverName: server.name };
  }

  /** The last prerequisite step a host goes through before other work on it: features (after restart) or preflight. */
  hostReady(server: Server): string {
    return this.isInstalledHere(server) ? stepIds.features(server.id) : stepIds.preflight(server.id);
  }

  siteName(siteId: string): string {
    return this.plan.sites.get(siteId)?.name ?? siteId;
  }
}
