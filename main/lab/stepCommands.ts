// A step's script as the admin reads it: the command that does its main work (where an injected failure points)
// and the "What if:" lines it prints in -WhatIf mode.
import type { StepAction } from '../../shared/runbook/actions';
import type { RunbookStep } from '../../shared/runbook/types';
import type { LabHost } from './state';

/** The command that does a step's main work (where an injected failure points in the script). */
export const MAIN_COMMAND: Readonly<Record<StepAction['kind'], string>> = {
  preflight: 'throw',
  'install-features': 'Add-WindowsFeature',
  'winrm-memory-quota': 'Set-Item',
  'restart-if-pending': 'Restart-Computer',
  'update-rollup': 'msiexec.exe',
  'exchange-product-key': 'Set-ExchangeServer',
  'default-database': 'MailboxDatabase',
  'verify-nic-unbound': 'throw',
  'verify-vip-reachable': 'throw',
  'verify-exchange-version': 'throw',
  'block-lagged-activation': 'Suspend-MailboxDatabaseCopy',
  'set-service-startup': 'Set-Service',
  'install-filter-pack': 'Start-Process',
  'prepare-ad': '/PrepareAD',
  'exchange-setup': '/m:install',
  'static-rpc-ports': 'New-ItemProperty',
  'nlb-nic-config': 'SetDynamicDNSRegistration',
  'new-nlb-cluster': 'New-NlbCluster',
  'nlb-port-rules': 'Add-NlbClusterPortRule',
  'add-nlb-node': 'Add-NlbClusterNode',
  'wait-nlb-converged': 'throw',
  'dns-a-record': 'RecordA',
  'new-cas-array': 'New-ClientAccessArray',
  'set-rpc-client-access': 'Set-MailboxDatabase',
  'witness-trusted-subsystem': 'localgroup',
  'new-dag': 'New-DatabaseAvailabilityGroup',
  'add-dag-member': 'Add-DatabaseAvailabilityGroupServer',
  'dag-datacenter-activation': 'Set-DatabaseAvailabilityGroup',
  'dag-networks': 'Set-DatabaseAvailabilityGroupNetwork',
  'new-mailbox-database': 'New-MailboxDatabase',
  'add-database-copy': 'Add-MailboxDatabaseCopy',
  'verify-nlb': 'throw',
  'verify-cas-array': 'throw',
  'verify-database-copies': 'throw',
  'test-replication-health': 'throw',
  'test-mapi-connectivity': 'throw',
  operator: '',
  'namespace-urls': 'VirtualDirectory',
  'autodiscover-scp': 'Set-ClientAccessServer',
  'enable-outlook-anywhere': 'OutlookAnywhere',
  'certificate-request': 'New-ExchangeCertificate',
  'certificate-complete': 'Import-ExchangeCertificate',
  'certificate-copy': 'Export-ExchangeCertificate',
  'verify-namespace': 'throw',
  'accepted-domain': 'New-AcceptedDomain',
  'email-address-policy': 'Set-EmailAddressPolicy',
  'internet-send-connector': 'New-SendConnector',
  'receive-connector-anonymous': 'Set-ReceiveConnector',
  'edge-subscription-export': 'New-EdgeSubscription',
  'edge-subscription-import': 'New-EdgeSubscription',
  'edge-synchronization': 'Start-EdgeSynchronization',
  'protocol-certificate': '@certificate',
  'protocol-service': 'Set-Service',
  'verify-mail-flow': 'throw',
};

/** The "What if:" lines a script prints in -WhatIf mode (nothing changes). */
export function whatIfLines(step: RunbookStep, host: LabHost): string[] {
  const a = step.action;
  const line = (operation: string, target: string) => `What if: Performing the operation "${operation}" on target "${target}".`;
  switch (a.kind) {
    case 'install-features':
      return [line('Add-WindowsFeature', `${a.features.join(', ')} on ${host.name}`)];
    case 'set-service-startup':
      return [line('Set-Service', `${a.service} (StartupType ${a.startupType}) on ${host.name}`)];
    case 'new-cas-array':
      return [line('New-ClientAccessArray', `${a.name} (${a.fqdn}) in site ${a.site}`)];
    case 'set-rpc-client-access':
      return [line('Set-MailboxDatabase', `databases on ${a.mailboxServer}: RpcClientAccessServer ${a.fqdn}`)];
    case 'new-dag':
      return [line('New-DatabaseAvailabilityGroup', a.name)];
    case 'add-dag-member':
      return [line('Add-DatabaseAvailabilityGroupServer', `${a.mailboxServer} to ${a.dag}`)];
    case 'dag-datacenter-activation':
      return [line('Set-DatabaseAvailabilityGroup', `${a.dag} (DatacenterActivationMode ${a.mode}${a.alternateWitnessServer === '' ? '' : `, alternate witness ${a.alternateWitnessServer}`})`)];
    case 'dag-networks':
      return [line('Set-DatabaseAvailabilityGroupNetwork', `${a.dag} networks (replication on ${a.replicationSubnets.join(', ')})`)];
    case 'new-mailbox-database':
      return [line('New-MailboxDatabase', `${a.name} on ${a.server}`)];
    case 'add-database-copy':
      return [line('Add-MailboxDatabaseCopy', `${a.database} on ${a.server} (activation preference ${a.activationPreference})`)];
    case 'dns-a-record':
      return [line('Add-DnsServerResourceRecordA', `${a.hostLabel}.${a.zone} A ${a.ipv4} on ${a.dnsServer}`)];
    default:
      return [line(a.kind, host.name)];
  }
}
