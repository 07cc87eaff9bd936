// Phase 5: per DAG — the witness (Exchange Trusted Subsystem on a non-Exchange witness), the DAG, its members one
// at a time, and the MAPI / replication network split when the design has a replication subnet.
import type { Dag, Server } from '../../model/types';
import type { GenerationContext } from './context';
import { stepIds } from './context';

export const WITNESS_SECONDS = 30;
export const DAG_SECONDS = 120;
export const DAG_MEMBER_SECONDS = 600;
export const DAG_NETWORKS_SECONDS = 60;
export const DAG_SETTINGS_SECONDS = 30;

/** The witness as the design has it: a design server, an outside host name, or none (Exchange picks one). */
export function dagWitness(ctx: GenerationContext, dag: Dag): { name: string; server: Server | undefined; exchange: boolean } | null {
  if (dag.witnessServerId) {
    const server = ctx.server(dag.witnessServerId);
    if (server) return { name: server.fqdn || server.name, server, exchange: ctx.hasEms(server) };
  }
  if (dag.witnessHost !== '') return { name: dag.witnessHost, server: undefined, exchange: false };
  return null;
}

/** The alternate witness of a stretched DAG (a design server or an outside host), with its directory; null = none. */
export function dagAlternateWitness(ctx: GenerationContext, dag: Dag): { name: string; directory: string } | null {
  const server = dag.alternateWitnessServerId ? ctx.server(dag.alternateWitnessServerId) : undefined;
  const name = server ? server.fqdn || server.name : (dag.alternateWitnessHost ?? '');
  if (name === '') return null;
  const directory = dag.alternateWitnessDirectory !== undefined && dag.alternateWitnessDirectory !== '' ? dag.alternateWitnessDirectory : dag.witnessDirectory;
  return { name, directory };
}

/** The dag's members, in design order, that exist in the design. */
export function dagMembers(ctx: GenerationContext, dag: Dag): Server[] {
  return [...new Set(dag.memberIds)].map((id) => ctx.server(id)).filter((s): s is Server => !!s);
}

export function dagSteps(ctx: GenerationContext): void {
  const { design } = ctx;
  for (const dag of design.dags) {
    const ems = ctx.ems(dag.siteId);
    const witness = dagWitness(ctx, dag);
    const members = dagMembers(ctx, dag);
    let witnessStep: string | null = null;
    // The Exchange Trusted Subsystem group exists once setup /PrepareAD has run.
    const prepareAd = ctx.has(stepIds.prepareAd()) ? stepIds.prepareAd() : null;

    if (witness && !witness.exchange) {
      witnessStep = stepIds.witness(dag.id);
      if (witness.server) {
        ctx.add({
          id: witnessStep,
          phase: 'dag',
          target: ctx.hostTarget(witness.server),
          title: `Add Exchange Trusted Subsystem to the local Administrators of witness ${witness.server.name}`,
          action: { kind: 'witness-trusted-subsystem', witnessHost: witness.name },
          restarts: false,
          supportsWhatIf: false,
          dependsOn: [stepIds.preflight(witness.server.id), prepareAd],
          expectedSeconds: WITNESS_SECONDS,
          notes: [`${witness.server.name} is not an Exchange server: the DAG needs rights on it to create the witness share ${dag.witnessDirectory}.`],
          entityIds: [witness.server.id, dag.id],
        });
      } else {
        ctx.add({
          id: witnessStep,
          phase: 'dag',
          target: { kind: 'operator' },
          title: `Add Exchange Trusted Subsystem to the local Administrators of witness ${witness.name}`,
          action: {
            kind: 'operator',
            checklist: [
              `On ${witness.name}, add the domain group Exchange Trusted Subsystem to the local Administrators group:`,
              'net localgroup Administrators "<DOMAIN>\\Exchange Trusted Subsystem" /add',
              `${witness.name} is outside the design, so the runbook does not connect to it.`,
            ],
          },
          restarts: false,
          supportsWhatIf: false,
          dependsOn: [prepareAd],
          expectedSeconds: WITNESS_SECONDS,
          notes: ['Operator task on the non-Exchange witness server, once setup /PrepareAD has created the Exchange Trusted Subsystem group.'],
          entityIds: [dag.id],
        });
      }
    }

    const ips = dag.ipAddresses.map((ip) => ip.ipv4);
    ctx.add({
      id: stepIds.dag(dag.id),
      phase: 'dag',
      target: ems.target,
      title: `Create database availability group ${dag.name}`,
      action: {
        kind: 'new-dag',
        name: dag.name,
        witnessServer: witness?.name ?? '',
        witnessDirectory: witness ? dag.witnessDirectory : '',
        ipAddresses: ips,
      },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [witnessStep, witness?.exchange ? ctx.setupStep(witness.server) : null, ems.after],
      expectedSeconds: DAG_SECONDS,
      notes: [
        witness ? `Witness ${witness.name}, directory ${dag.witnessDirectory}.` : 'No witness in the design: Exchange picks a Hub Transport server of the site.',
        ips.length > 0 ? `DAG IP addresses: ${ips.join(', ')}.` : 'No DAG IP addresses: Exchange 2010 uses DHCP for the cluster address.',
      ],
      entityIds: [dag.id],
    });

    let previous: string | null = null;
    for (const server of members) {
      const id = stepIds.dagMember(dag.id, server.id);
      ctx.add({
        id,
        phase: 'dag',
        target: ems.target,
        title: `Add ${server.name} to DAG ${dag.name}`,
        action: { kind: 'add-dag-member', dag: dag.name, mailboxServer: server.name },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [
          stepIds.dag(dag.id),
          ctx.setupStep(server),
          ctx.has(stepIds.failoverClustering(server.id)) ? stepIds.failoverClustering(server.id) : null,
          previous,
          ems.after,
        ],
        expectedSeconds: DAG_MEMBER_SECONDS,
        notes: [previous ? 'Members are added one at a time (the cluster is reconfigured each time).' : 'The first member forms the failover cluster.'],
        entityIds: [dag.id, server.id],
      });
      previous = id;
    }

    // Site resilience (Set-DatabaseAvailabilityGroup): DAC mode and the alternate witness, once every member is in.
    const alternate = dagAlternateWitness(ctx, dag);
    const mode = dag.datacenterActivationMode ?? 'Off';
    if (mode === 'DagOnly' || alternate !== null) {
      ctx.add({
        id: stepIds.dagDatacenterActivation(dag.id),
        phase: 'dag',
        target: ems.target,
        title: mode === 'DagOnly' ? `Turn on Datacenter Activation Coordination for DAG ${dag.name}` : `Set the alternate witness of DAG ${dag.name}`,
        action: {
          kind: 'dag-datacenter-activation',
          dag: dag.name,
          mode,
          alternateWitnessServer: alternate?.name ?? '',
          alternateWitnessDirectory: alternate?.directory ?? '',
        },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [stepIds.dag(dag.id), previous, ems.after],
        expectedSeconds: DAG_SETTINGS_SECONDS,
        notes: [
          mode === 'DagOnly'
            ? 'DAC mode (DagOnly): a DAG member that starts without reaching a majority does not mount databases, which prevents split brain after a datacenter failure.'
            : 'DAC mode stays off.',
          alternate ? `Alternate witness ${alternate.name}, directory ${alternate.directory}: used after a datacenter switchover.` : 'No alternate witness in the design.',
        ],
        entityIds: [dag.id],
      });
    }

    if (dag.replicationSubnetIds.length > 0 && members.length > 0) {
      const replication = new Set(dag.replicationSubnetIds);
      const replicationCidrs = dag.replicationSubnetIds.map((id) => ctx.plan.subnets.get(id)?.cidr).filter((c): c is string => !!c);
      const mapiCidrs = [
        ...new Set(
          members.flatMap((s) =>
            s.nics
              .filter((n) => !replication.has(n.subnetId) && (n.purpose === 'mapi' || ctx.plan.subnets.get(n.subnetId)?.purpose === 'mapi'))
              .map((n) => ctx.plan.subnets.get(n.subnetId)?.cidr)
              .filter((c): c is string => !!c),
          ),
        ),
      ];
      ctx.add({
        id: stepIds.dagNetworks(dag.id),
        phase: 'dag',
        target: ems.target,
        title: `Separate the MAPI and replication networks of DAG ${dag.name}`,
        action: { kind: 'dag-networks', dag: dag.name, mapiSubnets: mapiCidrs, replicationSubnets: replicationCidrs },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: members.map((s) => stepIds.dagMember(dag.id, s.id)),
        expectedSeconds: DAG_NETWORKS_SECONDS,
        notes: [`Replication on ${replicationCidrs.join(', ')}; MAPI only on ${mapiCidrs.join(', ') || 'no subnet'}.`],
        entityIds: [dag.id, ...dag.replicationSubnetIds],
      });
    }
  }
}
