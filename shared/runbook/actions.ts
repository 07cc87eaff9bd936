// What a runbook step does, as data. The generator derives each step's PowerShell (script and check) from its
// action; the rehearsal lab applies the action to its simulated hosts and evaluates the check against that state.
// One action kind per kind of step in ../shared/domain/runbook.md.
import type { NlbAffinity, NlbMode, PortRule, WindowsEdition, WindowsVersion } from '../model/types';

/** Exchange setup role codes (setup.com /roles:). */
export type SetupRole = 'ca' | 'ht' | 'mb' | 'um' | 'et' | 'mt';

export type StepAction =
  // Phase 0: preflight (check-only).
  | {
      readonly kind: 'preflight';
      readonly serverName: string;
      readonly fqdn: string;
      readonly os: { readonly version: WindowsVersion; readonly edition: WindowsEdition; readonly servicePack: number };
      readonly nics: readonly { readonly name: string; readonly ipv4: string }[];
      readonly domain: string;
    }
  // Phase 1: prerequisites.
  | { readonly kind: 'install-features'; readonly features: readonly string[] }
  | { readonly kind: 'set-service-startup'; readonly service: string; readonly startupType: 'Automatic' }
  | { readonly kind: 'install-filter-pack'; readonly installerPath: string }
  // Phase 2: Exchange setup.
  | { readonly kind: 'prepare-ad'; readonly organizationName: string; readonly setupMediaPath: string }
  | { readonly kind: 'exchange-setup'; readonly roles: readonly SetupRole[]; readonly setupMediaPath: string }
  | { readonly kind: 'static-rpc-ports'; readonly rpcClientAccessPort: number; readonly addressBookPort: number }
  // Phase 3: Windows NLB.
  | { readonly kind: 'nlb-nic-config'; readonly nicName: string; readonly ipForwarding: boolean }
  | {
      readonly kind: 'new-nlb-cluster';
      readonly interfaceName: string;
      readonly vip: string;
      readonly subnetMask: string;
      readonly clusterFqdn: string;
      readonly mode: NlbMode;
      readonly hostPriority: number;
    }
  | {
      readonly kind: 'nlb-port-rules';
      readonly interfaceName: string;
      readonly vip: string;
      readonly rules: readonly { readonly startPort: number; readonly endPort: number; readonly protocol: PortRule['protocol']; readonly affinity: NlbAffinity }[];
    }
  | {
      readonly kind: 'add-nlb-node';
      readonly clusterHost: string;
      readonly clusterInterface: string;
      readonly newNodeName: string;
      readonly newNodeInterface: string;
      readonly hostPriority: number;
      readonly loadWeight: number;
    }
  | { readonly kind: 'wait-nlb-converged'; readonly vip: string; readonly nodes: readonly string[]; readonly timeoutSeconds: number }
  // Phase 4: DNS and the CAS array.
  | {
      readonly kind: 'dns-a-record';
      readonly dnsServer: string;
      readonly zone: string;
      readonly hostLabel: string;
      readonly fqdn: string;
      readonly ipv4: string;
      /** 2008 / 2008 R2 use dnscmd; 2012+ use the DnsServer module. */
      readonly useDnscmd: boolean;
    }
  | { readonly kind: 'new-cas-array'; readonly name: string; readonly site: string; readonly fqdn: string }
  | { readonly kind: 'set-rpc-client-access'; readonly mailboxServer: string; readonly fqdn: string }
  // Phase 5: DAG.
  | { readonly kind: 'witness-trusted-subsystem'; readonly witnessHost: string }
  | {
      readonly kind: 'new-dag';
      readonly name: string;
      readonly witnessServer: string;
      readonly witnessDirectory: string;
      readonly ipAddresses: readonly string[];
    }
  | { readonly kind: 'add-dag-member'; readonly dag: string; readonly mailboxServer: string }
  | {
      readonly kind: 'dag-networks';
      readonly dag: string;
      readonly mapiSubnets: readonly string[];
      readonly replicationSubnets: readonly string[];
    }
  // Phase 6: databases.
  | { readonly kind: 'new-mailbox-database'; readonly name: string; readonly server: string; readonly edbFilePath: string; readonly logFolderPath: string }
  | {
      readonly kind: 'add-database-copy';
      readonly database: string;
      readonly server: string;
      readonly activationPreference: number;
      readonly replayLagDays: number;
      readonly truncationLagDays: number;
    }
  // Phase 7: verification (check-only).
  | { readonly kind: 'verify-nlb'; readonly vip: string; readonly nodes: readonly string[] }
  | { readonly kind: 'verify-cas-array'; readonly site: string; readonly fqdn: string; readonly members: readonly string[] }
  | { readonly kind: 'verify-database-copies'; readonly databases: readonly string[] }
  | { readonly kind: 'test-replication-health'; readonly server: string }
  | { readonly kind: 'test-mapi-connectivity'; readonly server: string }
  // Operator checklist items (hardware load balancers, Outlook profiles): no script.
  | { readonly kind: 'operator'; readonly checklist: readonly string[] };

export type StepActionKind = StepAction['kind'];
