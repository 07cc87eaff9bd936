// Renders a step's action into its PowerShell `script` (does the work) and `check` (outputs $true when the work is
// already done, so a re-run skips the step). One module per phase or concern under scripts/, in runbook order;
// the conventions they all follow (Windows PowerShell 2.0, values through the `ps` template, the dry run and the
// error mode passed explicitly) are in scripts/conventions.ts. The client access namespace's actions render in
// namespaceScripts.ts, the mail flow's in scripts/mailFlow.ts.
import { PS_EMPTY } from '../powershell/template';
import type { StepAction } from './actions';
import { renderNamespaceAction } from './namespaceScripts';
import { renderMailFlowAction } from './scripts/mailFlow';
import type { RenderedCode } from './scripts/conventions';
import { preflight } from './scripts/preflight';
import { installFeatures, installFilterPack, restartIfPending, setServiceStartup, winrmMemoryQuota } from './scripts/prerequisites';
import { exchangeProductKey, exchangeSetup, prepareAd, updateRollup } from './scripts/setup';
import { addNlbNode, newNlbCluster, nlbNicConfig, nlbPortRules, verifyNicUnbound, waitNlbConverged } from './scripts/nlb';
import { dnsARecord } from './scripts/dns';
import { newCasArray, setRpcClientAccess, staticRpcPorts } from './scripts/casArray';
import { addDagMember, dagDatacenterActivation, dagNetworks, newDag, witnessTrustedSubsystem } from './scripts/dag';
import { addDatabaseCopy, blockLaggedActivation, defaultDatabase, newMailboxDatabase } from './scripts/databases';
import {
  testMapiConnectivity,
  testReplicationHealth,
  verifyCasArray,
  verifyDatabaseCopies,
  verifyExchangeVersion,
  verifyNlb,
  verifyVipReachable,
} from './scripts/verification';

export type { RenderedCode } from './scripts/conventions';
export { setupRoleList } from './scripts/setup';
export { NLB_POLL_SECONDS } from './scripts/nlb';
export { MOUNT_ATTEMPTS, MOUNT_RETRY_SECONDS, formatLagTime } from './scripts/databases';
export { MAX_HEALTHY_COPY_QUEUE, MAX_HEALTHY_REPLAY_QUEUE } from './scripts/verification';

export interface RenderedAction {
  readonly script: string;
  readonly check: string;
}

/**
 * The script and check of an action. `restarts` chooses `Add-WindowsFeature -Restart` for feature installs that
 * need a restart (the step's `restarts` flag).
 */
export function renderActionCode(action: StepAction, options: { readonly restarts?: boolean } = {}): RenderedCode {
  switch (action.kind) {
    case 'preflight':
      return preflight(action);
    case 'install-features':
      return installFeatures(action, options.restarts ?? false);
    case 'winrm-memory-quota':
      return winrmMemoryQuota(action);
    case 'restart-if-pending':
      return restartIfPending();
    case 'update-rollup':
      return updateRollup(action);
    case 'exchange-product-key':
      return exchangeProductKey(action);
    case 'default-database':
      return defaultDatabase(action);
    case 'verify-nic-unbound':
      return verifyNicUnbound(action);
    case 'verify-vip-reachable':
      return verifyVipReachable(action);
    case 'verify-exchange-version':
      return verifyExchangeVersion(action);
    case 'block-lagged-activation':
      return blockLaggedActivation(action);
    case 'set-service-startup':
      return setServiceStartup(action);
    case 'install-filter-pack':
      return installFilterPack(action);
    case 'prepare-ad':
      return prepareAd(action);
    case 'exchange-setup':
      return exchangeSetup(action);
    case 'static-rpc-ports':
      return staticRpcPorts(action);
    case 'nlb-nic-config':
      return nlbNicConfig(action);
    case 'new-nlb-cluster':
      return newNlbCluster(action);
    case 'nlb-port-rules':
      return nlbPortRules(action);
    case 'add-nlb-node':
      return addNlbNode(action);
    case 'wait-nlb-converged':
      return waitNlbConverged(action);
    case 'dns-a-record':
      return dnsARecord(action);
    case 'new-cas-array':
      return newCasArray(action);
    case 'set-rpc-client-access':
      return setRpcClientAccess(action);
    case 'witness-trusted-subsystem':
      return witnessTrustedSubsystem();
    case 'new-dag':
      return newDag(action);
    case 'add-dag-member':
      return addDagMember(action);
    case 'dag-datacenter-activation':
      return dagDatacenterActivation(action);
    case 'dag-networks':
      return dagNetworks(action);
    case 'new-mailbox-database':
      return newMailboxDatabase(action);
    case 'add-database-copy':
      return addDatabaseCopy(action);
    case 'verify-nlb':
      return verifyNlb(action);
    case 'verify-cas-array':
      return verifyCasArray(action);
    case 'verify-database-copies':
      return verifyDatabaseCopies(action);
    case 'test-replication-health':
      return testReplicationHealth(action);
    case 'test-mapi-connectivity':
      return testMapiConnectivity(action);
    case 'operator':
      return { script: PS_EMPTY, check: PS_EMPTY };
    case 'namespace-urls':
    case 'autodiscover-scp':
    case 'enable-outlook-anywhere':
    case 'certificate-request':
    case 'certificate-complete':
    case 'certificate-copy':
    case 'verify-namespace':
      return renderNamespaceAction(action);
    case 'accepted-domain':
    case 'email-address-policy':
    case 'internet-send-connector':
    case 'receive-connector-anonymous':
    case 'edge-subscription-export':
    case 'edge-subscription-import':
    case 'edge-synchronization':
    case 'protocol-certificate':
    case 'protocol-service':
    case 'verify-mail-flow':
      return renderMailFlowAction(action);
    default: {
      const unknown: never = action;
      throw new Error(`No PowerShell rendering for step action ${JSON.stringify(unknown)}`);
    }
  }
}

/** The script and check of an action as text (what a RunbookStep holds). */
export function renderAction(action: StepAction, options: { readonly restarts?: boolean } = {}): RenderedAction {
  const code = renderActionCode(action, options);
  return { script: code.script.text, check: code.check.text };
}
