// Phase 5, the database availability group: Exchange Trusted Subsystem on the witness server, New-DatabaseAvailabilityGroup,
// datacenter activation, Add-DatabaseAvailabilityGroupServer (Failover Clustering's edition, the witness share
// and quorum model) and the DAG networks' replication.
import { dagByName, dagNetworkProblems, dagOf, nlbClusterOn } from './checks';
import { CLUSTERING_NEEDS_ENTERPRISE } from '../../shared/planner/limits';
import { EXCHANGE_TRUSTED_SUBSYSTEM, windowsName } from './knowledge';
import { addDagMemberState, findHost } from './state';
import { OK, fail, notFound, rpcUnavailable } from './actionEffect';
import type { Action, ActionCall, EffectResult } from './actionEffect';

export function witnessTrustedSubsystem(call: ActionCall): EffectResult {
  const { host, world } = call;
  if (world.state.org.name === null) {
    const domain = world.state.org.adDomain.split('.')[0].toUpperCase();
    return fail('net.exe', `There is no such global user or group: ${domain}\\${EXCHANGE_TRUSTED_SUBSYSTEM} (the group is created by setup /PrepareAD). net localgroup Administrators /add failed with exit code 2`);
  }
  if (!host.localAdministrators.includes(EXCHANGE_TRUSTED_SUBSYSTEM)) host.localAdministrators.push(EXCHANGE_TRUSTED_SUBSYSTEM);
  call.out('output', 'The command completed successfully.');
  return OK;
}

export function newDag(call: ActionCall, a: Action<'new-dag'>): EffectResult {
  const { world } = call;
  const state = world.state;
  const cmd = 'New-DatabaseAvailabilityGroup';
  if (dagByName(state, a.name)) return fail(cmd, `${cmd} : A database availability group named '${a.name}' already exists.`);
  if (a.witnessServer !== '' && !findHost(state, a.witnessServer)) {
    return fail(cmd, `${cmd} : The witness server '${a.witnessServer}' couldn't be found. Check its name and that it is registered in DNS.`);
  }
  for (const ip of a.ipAddresses) {
    const user = state.hosts.find((h) => h.nics.some((n) => n.ipv4 === ip)) ?? state.nlbClusters.find((c) => c.vip === ip);
    if (user) return fail(cmd, `${cmd} : The IP address ${ip} is already in use by ${'name' in user ? user.name : `NLB cluster ${user.fqdn}`}.`);
  }
  state.dags.push({ name: a.name, witnessServer: a.witnessServer, witnessDirectory: a.witnessDirectory, ipAddresses: [...a.ipAddresses], members: [], networks: [] });
  return OK;
}

export function dagDatacenterActivation(call: ActionCall, a: Action<'dag-datacenter-activation'>): EffectResult {
  const state = call.world.state;
  const cmd = 'Set-DatabaseAvailabilityGroup';
  const dag = dagByName(state, a.dag);
  if (!dag) return notFound(cmd, state, a.dag);
  if (a.alternateWitnessServer !== '' && !findHost(state, a.alternateWitnessServer)) {
    return fail(cmd, `${cmd} : The witness server '${a.alternateWitnessServer}' couldn't be found. Check its name and that it is registered in DNS.`);
  }
  dag.datacenterActivationMode = a.mode;
  if (a.alternateWitnessServer !== '') {
    dag.alternateWitnessServer = a.alternateWitnessServer;
    dag.alternateWitnessDirectory = a.alternateWitnessDirectory;
  }
  return OK;
}

export function addDagMember(call: ActionCall, a: Action<'add-dag-member'>): EffectResult {
  const { world, out } = call;
  const state = world.state;
  const cmd = 'Add-DatabaseAvailabilityGroupServer';
  const failed = (why: string) => fail(cmd, `${cmd} : A server-side database availability group administrative operation failed. Error: ${why}`);
  const dag = dagByName(state, a.dag);
  if (!dag) return notFound(cmd, state, a.dag);
  const server = findHost(state, a.mailboxServer);
  if (!server) return notFound(cmd, state, a.mailboxServer);
  if (!server.exchangeRoles.includes('mb')) return fail(cmd, `${cmd} : ${server.name} isn't a Mailbox server; only Mailbox servers can be members of a database availability group.`);
  if (dag.members.includes(server.name)) return OK;
  const other = dagOf(state, server);
  if (other) return fail(cmd, `${cmd} : ${server.name} is already a member of database availability group ${other.name}.`);
  if (!world.reachable(server) || world.hostFault(server, 'unreachable')) return rpcUnavailable(cmd, server.name);
  if (server.domainController) return fail(cmd, `${cmd} : ${server.name} is a domain controller; a domain controller can't be a member of a database availability group.`);
  if (CLUSTERING_NEEDS_ENTERPRISE.has(server.os.version) && server.os.edition === 'Standard') {
    return failed(
      `The Windows Failover Clustering feature is not available on ${server.name}: ${windowsName(server.os.version, server.os.edition)} does not include failover clustering. DAG members need Enterprise or Datacenter edition.`,
    );
  }
  const nlb = nlbClusterOn(state, server);
  if (nlb) {
    return failed(`${server.name} is a node of Windows NLB cluster ${nlb.fqdn} (${nlb.vip}); Windows Network Load Balancing and Failover Clustering cannot run on the same server.`);
  }
  const witness = dag.witnessServer === '' ? undefined : findHost(state, dag.witnessServer);
  if (witness === server) return fail(cmd, `${cmd} : ${server.name} is the witness server of ${dag.name}; the witness can't be a member of the database availability group.`);
  if (server.pendingRestart) return failed(`${server.name} has a restart pending. Restart it and run the command again.`);
  const even = (dag.members.length + 1) % 2 === 0;
  if (even && witness) {
    // An even number of members: the cluster switches to Node and File Share Majority and creates the witness share.
    if (!world.reachable(witness) || world.hostFault(witness, 'unreachable')) {
      return failed(`Unable to access file shares on witness server '${dag.witnessServer}': The network path was not found.`);
    }
    if (!witness.localAdministrators.includes(EXCHANGE_TRUSTED_SUBSYSTEM)) {
      return failed(
        `Unable to create the witness directory '${dag.witnessDirectory}' on witness server '${dag.witnessServer}': Access is denied. ${EXCHANGE_TRUSTED_SUBSYSTEM} must be a member of the local Administrators group on the witness server.`,
      );
    }
  }
  addDagMemberState(dag, server);
  if (even && witness) out('output', `Witness share ${dag.witnessDirectory} created on ${witness.name}; quorum model Node and File Share Majority.`);
  out('output', `${server.name} joined the failover cluster of ${dag.name} (${dag.members.length} member${dag.members.length === 1 ? '' : 's'}).`);
  return OK;
}

export function dagNetworks(call: ActionCall, a: Action<'dag-networks'>): EffectResult {
  const dag = dagByName(call.world.state, a.dag);
  if (!dag) return notFound('Get-DatabaseAvailabilityGroupNetwork', call.world.state, a.dag);
  const { uncovered, wrong } = dagNetworkProblems(dag, a.mapiSubnets, a.replicationSubnets);
  if (uncovered.length > 0) {
    return fail('throw', `No network of DAG ${a.dag} covers the replication subnet(s) ${uncovered.join(', ')}: check that every member has its replication NIC connected.`);
  }
  for (const w of wrong) {
    const network = dag.networks.find((n) => n.name === w.network);
    if (network) network.replicationEnabled = w.replication;
  }
  return OK;
}
