// Phase 7: verification, last — NLB convergence, the CAS arrays, database copy health, replication health per DAG
// member and MAPI connectivity per Mailbox server. Check-only.
import type { MailboxDatabase, Server } from '../../model/types';
import type { GenerationContext } from './context';
import { stepIds } from './context';
import { dagMembers } from './dag';
import { databaseDag, sortedCopies } from './databases';
import { dnsServerFor } from './casArray';
import { casPortRules } from './nlb';

export const VERIFY_SECONDS = 60;

/** The steps that created or copied a database (those that exist). */
function databaseWork(db: MailboxDatabase): string[] {
  return [stepIds.database(db.id), ...sortedCopies(db).slice(1).map((c) => stepIds.databaseCopy(db.id, c.serverId))];
}

export function verificationSteps(ctx: GenerationContext): void {
  const { design } = ctx;

  for (const cluster of design.nlbClusters) {
    if (!ctx.has(stepIds.nlbConverged(cluster.id))) continue;
    const nodes = cluster.members.map((m) => ctx.server(m.serverId)).filter((s): s is Server => !!s);
    const first = nodes[0];
    if (!first) continue;
    ctx.add({
      id: stepIds.verifyNlb(cluster.id),
      phase: 'verification',
      target: ctx.hostTarget(first),
      title: `Verify that every node of NLB cluster ${cluster.fqdn} is converged`,
      action: { kind: 'verify-nlb', vip: cluster.vip, nodes: nodes.map((s) => s.name) },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [stepIds.nlbConverged(cluster.id)],
      expectedSeconds: VERIFY_SECONDS,
      notes: [],
      entityIds: [cluster.id],
    });
  }

  for (const array of design.casArrays) {
    const site = ctx.siteName(array.siteId);
    const cas = (ctx.plan.serversBySite.get(array.siteId) ?? []).filter((s) => s.roles.includes('CAS'));
    const ems = ctx.ems(array.siteId);
    const mailbox = (ctx.plan.serversBySite.get(array.siteId) ?? []).filter((s) => s.roles.includes('MB'));
    ctx.add({
      id: stepIds.verifyCasArray(array.id),
      phase: 'verification',
      target: ems.target,
      title: `Verify CAS array ${array.name} (${array.fqdn}) and its members`,
      action: { kind: 'verify-cas-array', site, fqdn: array.fqdn, members: cas.map((s) => s.name) },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [
        stepIds.casArray(array.id),
        stepIds.dnsRecord(array.id),
        stepIds.hardwareLoadBalancer(array.id),
        ...(array.nlbClusterId ? [stepIds.nlbConverged(array.nlbClusterId)] : []),
        ...mailbox.map((s) => stepIds.rpcClientAccess(array.id, s.id)),
        ...cas.flatMap((s) => [ctx.setupStep(s), stepIds.staticRpcPorts(s.id)]),
      ],
      expectedSeconds: VERIFY_SECONDS,
      notes: [`Expected members: ${cas.map((s) => s.name).join(', ') || 'none'}.`],
      entityIds: [array.id, ...cas.map((s) => s.id)],
    });
    // Through the array, from a server that is not behind it (a unicast NLB node cannot reach its own cluster
    // address): the name resolves to exactly the VIP on the DNS server, and the RPC ports answer there.
    const dnsStep = ctx.drafts.find((d) => d.id === stepIds.dnsRecord(array.id));
    if (dnsStep && dnsStep.action.kind === 'dns-a-record') {
      const behind = new Set(cas.map((s) => s.id));
      const probe = (ctx.plan.serversBySite.get(array.siteId) ?? []).find((s) => !behind.has(s.id) && ctx.hasEms(s)) ?? design.servers.find((s) => !behind.has(s.id) && !s.roles.includes('Edge') && s.nics.length > 0);
      if (probe) {
        const rules = casPortRules(array).filter((r) => r.startPort === r.endPort && r.startPort !== 80 && r.startPort !== 443);
        const ports = rules.map((r) => r.startPort);
        ctx.add({
          id: stepIds.verifyArrayAddress(array.id),
          phase: 'verification',
          target: ctx.hostTarget(probe),
          title: `Verify that ${array.fqdn} resolves to ${dnsStep.action.ipv4} and answers on TCP ${ports.join(', ')} (from ${probe.name})`,
          action: {
            kind: 'verify-vip-reachable',
            vip: dnsStep.action.ipv4,
            ports,
            fqdn: array.fqdn,
            dnsServer: dnsServerFor(ctx).name,
            hint: 'check the DNS record, the load balancer and the static RPC ports of the Client Access servers',
          },
          restarts: false,
          supportsWhatIf: true,
          dependsOn: [stepIds.verifyCasArray(array.id), ctx.hostReady(probe), ctx.exchangeReady(probe)],
          expectedSeconds: VERIFY_SECONDS,
          notes: ['nslookup against the DNS server (Resolve-DnsName is Windows Server 2012 and later); TCP connections to the VIP.'],
          entityIds: [array.id, probe.id],
        });
      }
    }
  }

  // Every Exchange server of the design, new or existing: Exchange 2010 SP3 as the organization reports it.
  const exchangeServers = design.servers.filter((s) => ctx.hasEms(s));
  if (exchangeServers.length > 0) {
    const runner = exchangeServers.find((s) => s.existing) ?? exchangeServers[0];
    ctx.add({
      id: stepIds.verifyVersion(),
      phase: 'verification',
      target: { kind: 'ems', serverId: runner.id, serverName: runner.name },
      title: `Verify that every Exchange server runs Exchange 2010 SP3${design.organization.rollup > 0 ? ` (Update Rollup ${design.organization.rollup})` : ''}`,
      action: { kind: 'verify-exchange-version', servers: exchangeServers.map((s) => s.name), build: '', rollup: design.organization.rollup },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: exchangeServers.map((s) => ctx.exchangeReady(s)),
      expectedSeconds: VERIFY_SECONDS,
      notes: ['AdminDisplayVersion must read "Version 14.3 …" (SP3) on every server; the update rollup of each server is checked by its update rollup step (ExSetup.exe file version).'],
      entityIds: exchangeServers.map((s) => s.id),
    });
  }

  // Database copy health: one step per DAG, and one per site for databases outside any DAG.
  const groups = new Map<string, { title: string; siteId: string; entityIds: string[]; databases: MailboxDatabase[]; extra: string[] }>();
  for (const db of design.databases) {
    const active = sortedCopies(db)[0];
    const server = active ? ctx.server(active.serverId) : undefined;
    if (!server) continue;
    const dag = databaseDag(ctx, db);
    const key = dag ? dag.id : `site.${server.siteId}`;
    let group = groups.get(key);
    if (!group) {
      group = dag
        ? { title: `Verify database copy health in DAG ${dag.name}`, siteId: dag.siteId, entityIds: [dag.id], databases: [], extra: [stepIds.dagNetworks(dag.id)] }
        : { title: `Verify the databases outside DAGs in site ${ctx.siteName(server.siteId)}`, siteId: server.siteId, entityIds: [], databases: [], extra: [] };
      groups.set(key, group);
    }
    group.databases.push(db);
  }
  for (const [key, group] of groups) {
    const ems = ctx.ems(group.siteId);
    ctx.add({
      id: stepIds.verifyCopies(key),
      phase: 'verification',
      target: ems.target,
      title: group.title,
      action: { kind: 'verify-database-copies', databases: group.databases.map((d) => d.name) },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [...group.extra, ...group.databases.flatMap(databaseWork)],
      expectedSeconds: VERIFY_SECONDS,
      notes: ['Every copy Healthy or Mounted with a short copy queue (lagged copies keep a long replay queue by design).'],
      entityIds: [...group.entityIds, ...group.databases.map((d) => d.id)],
    });
  }

  for (const dag of design.dags) {
    const ems = ctx.ems(dag.siteId);
    for (const server of dagMembers(ctx, dag)) {
      ctx.add({
        id: stepIds.verifyReplication(server.id),
        phase: 'verification',
        target: ems.target,
        title: `Test replication health on ${server.name} (DAG ${dag.name})`,
        action: { kind: 'test-replication-health', server: server.name },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [
          stepIds.dagMember(dag.id, server.id),
          stepIds.dagNetworks(dag.id),
          ...design.databases.filter((db) => db.copies.some((c) => c.serverId === server.id)).flatMap(databaseWork),
        ],
        expectedSeconds: VERIFY_SECONDS,
        notes: [],
        entityIds: [server.id, dag.id],
      });
    }
  }

  for (const server of design.servers) {
    if (!server.roles.includes('MB')) continue;
    const ems = ctx.ems(server.siteId);
    const arrays = design.casArrays.filter((a) => a.siteId === server.siteId);
    const dbs = design.databases.filter((db) => db.copies.some((c) => c.serverId === server.id));
    // Test-MAPIConnectivity -Server tests the databases mounted on the server: a server that holds only passive copies
    // answers with nothing, which is no failure (its copies are checked by the copy health step).
    if (!dbs.some((db) => sortedCopies(db)[0]?.serverId === server.id)) continue;
    ctx.add({
      id: stepIds.verifyMapi(server.id),
      phase: 'verification',
      target: ems.target,
      title: `Test MAPI connectivity to the databases on ${server.name}`,
      action: { kind: 'test-mapi-connectivity', server: server.name },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [ctx.exchangeReady(server), ...arrays.map((a) => stepIds.rpcClientAccess(a.id, server.id)), ...dbs.flatMap(databaseWork)],
      expectedSeconds: VERIFY_SECONDS,
      notes: [],
      entityIds: [server.id, ...dbs.map((d) => d.id)],
    });
  }
}
