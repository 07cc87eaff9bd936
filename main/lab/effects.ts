// What each step's script does to the lab world. The lab enforces Windows' and Exchange's own rules by itself and
// fails the way the real commands fail (the error text an admin would see), so a runbook that would break on real
// hosts breaks in the rehearsal: NLB on a DAG node, a DAG member on 2008 R2 Standard, setup before its
// prerequisites or before /PrepareAD, a node added to an NLB cluster that does not exist yet, and so on.
//
// One module per concern, in the runbook's phases: prerequisiteActions.ts (Windows features, services, Filter
// Pack), setupActions.ts (/PrepareAD, setup, static RPC ports), nlbActions.ts (Windows NLB), casArrayActions.ts
// (DNS and the CAS array), dagActions.ts (the DAG), databaseActions.ts (databases and copies); hostActions.ts,
// namespaceActions.ts and mailFlowActions.ts for the real hosts', the client access namespace's and the mail flow's
// actions; checkOnlyActions.ts for the
// check-only steps; stepCommands.ts for a script's main command and -WhatIf lines. actionEffect.ts holds what
// they share. This file dispatches an action to its concern.
import type { StepAction } from '../../shared/runbook/actions';
import { isCheckOnlyKind } from '../executor/plan';
import { applyHostAction, isHostAction } from './hostActions';
import { applyNamespaceAction, isNamespaceAction } from './namespaceActions';
import { applyMailFlowAction, isMailFlowAction } from './mailFlowActions';
import { OK, fail } from './actionEffect';
import type { ActionCall, EffectCall, EffectResult } from './actionEffect';
import { installFeatures, installFilterPack, setServiceStartup } from './prerequisiteActions';
import { exchangeSetup, prepareAd, staticRpcPorts } from './setupActions';
import { addNlbNode, newNlbCluster, nlbNicConfig, nlbPortRules } from './nlbActions';
import { dnsARecord, newCasArray, setRpcClientAccess } from './casArrayActions';
import { addDagMember, dagDatacenterActivation, dagNetworks, newDag, witnessTrustedSubsystem } from './dagActions';
import { addDatabaseCopy, newMailboxDatabase } from './databaseActions';
import { checkOnly } from './checkOnlyActions';

export type { ActionCall, EffectCall, EffectResult } from './actionEffect';
export { SETUP_SHELL_MEMORY_MB, shellMemoryQuota } from './setupActions';
export { MAIN_COMMAND, whatIfLines } from './stepCommands';

/** Applies a step's script to the world (the caller saves the world). Never called for operator steps. */
export function applyEffect(call: EffectCall): EffectResult {
  return isCheckOnlyKind(call.step.action.kind) ? checkOnly(call) : applyActionEffect(call, call.step.action);
}

/**
 * Makes the change an action describes, with Windows' and Exchange's own rules (the caller saves the world). The
 * host double's cmdlets call this too, with the action their parameters describe: one model of what a change does.
 */
export function applyActionEffect(call: ActionCall, a: StepAction): EffectResult {
  if (isHostAction(a)) {
    const result = applyHostAction(call.world, call.host, a);
    return result.ok ? OK : fail(result.command, result.error);
  }
  if (isNamespaceAction(a)) {
    const result = applyNamespaceAction(call.world, call.host, a);
    return result.ok ? OK : fail(result.command, result.error);
  }
  if (isMailFlowAction(a)) {
    const result = applyMailFlowAction(call.world, call.host, a);
    return result.ok ? OK : fail(result.command, result.error);
  }
  switch (a.kind) {
    case 'preflight':
    case 'wait-nlb-converged':
    case 'verify-nlb':
    case 'verify-cas-array':
    case 'verify-database-copies':
    case 'test-replication-health':
    case 'test-mapi-connectivity':
      return fail('', `${a.kind} only checks: it changes nothing`);
    case 'install-features':
      return installFeatures(call, a);
    case 'set-service-startup':
      return setServiceStartup(call, a);
    case 'install-filter-pack':
      return installFilterPack(call, a);
    case 'prepare-ad':
      return prepareAd(call, a);
    case 'exchange-setup':
      return exchangeSetup(call, a);
    case 'static-rpc-ports':
      return staticRpcPorts(call, a);
    case 'nlb-nic-config':
      return nlbNicConfig(call, a);
    case 'new-nlb-cluster':
      return newNlbCluster(call, a);
    case 'nlb-port-rules':
      return nlbPortRules(call, a);
    case 'add-nlb-node':
      return addNlbNode(call, a);
    case 'dns-a-record':
      return dnsARecord(call, a);
    case 'new-cas-array':
      return newCasArray(call, a);
    case 'set-rpc-client-access':
      return setRpcClientAccess(call, a);
    case 'witness-trusted-subsystem':
      return witnessTrustedSubsystem(call);
    case 'new-dag':
      return newDag(call, a);
    case 'add-dag-member':
      return addDagMember(call, a);
    case 'dag-datacenter-activation':
      return dagDatacenterActivation(call, a);
    case 'dag-networks':
      return dagNetworks(call, a);
    case 'new-mailbox-database':
      return newMailboxDatabase(call, a);
    case 'add-database-copy':
      return addDatabaseCopy(call, a);
    case 'operator':
      return fail('', 'operator checklist steps have no script: a person does them');
    default: {
      const unknown: never = a;
      return fail('', `the lab does not know the step action ${JSON.stringify(unknown)}`);
    }
  }
}
