// What a runbook step does, as data. The generator derives each step's PowerShell (script and check) from its
// action; the rehearsal lab applies the action to its simulated hosts and evaluates the check against that state.
// One action kind per kind of step in ../shared/domain/runbook.md.
import type { NlbAffinity, NlbMode, PortRule, WindowsEdition, WindowsVersion } from '../model/types';
import type { MailFlowAction, MailFlowOperatorWork } from './mailFlowActions';
import type { NamespaceAction, NamespaceOperatorWork } from './namespaceActions';

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
      /**
       * Steps on this host reach a second machine (AD, a share, a DNS server, another NLB node): WinRM must accept
       * CredSSP on it (WSMan:\localhost\Service\Auth\CredSSP), and the runbook runs with -Authentication Credssp.
       */
      readonly credSsp: boolean;
    }
  // Phase 1: prerequisites.
  | {
      readonly kind: 'install-features';
      readonly features: readonly string[];
      /** Add-WindowsFeature (2008 / 2008 R2, ServerManager module) or Install-WindowsFeature (2012 and later). */
      readonly cmdlet: 'Add-WindowsFeature' | 'Install-WindowsFeature';
      /** Install-WindowsFeature -Source (the Windows media's sources\sxs, for NET-Framework-Core); '' for none. */
      readonly source: string;
    }
  /** Raises WinRM's memory quota so Exchange setup and /PrepareAD are not killed in a remote shell. */
  | { readonly kind: 'winrm-memory-quota'; readonly memoryMb: number; readonly pluginQuota: boolean }
  /** Restarts the host when any pending-restart source says so (CBS, Windows Update, file renames, update.exe). */
  | { readonly kind: 'restart-if-pending'; readonly reason: string }
  | { readonly kind: 'set-service-startup'; readonly service: string; readonly startupType: 'Automatic' }
  | { readonly kind: 'install-filter-pack'; readonly installerPath: string }
  // Phase 2: Exchange setup.
  | {
      readonly kind: 'prepare-ad';
      readonly organizationName: string;
      readonly setupMediaPath: string;
      /** rangeUpper of ms-Exch-Schema-Version-Pt after the media's /PrepareSchema. */
      readonly schemaVersion: number;
      /** objectVersion of the organization container after /PrepareAD. */
      readonly organizationVersion: number;
      /** objectVersion of the domain's Microsoft Exchange System Objects container after /PrepareDomain. */
      readonly domainVersion: number;
    }
  | { readonly kind: 'exchange-setup'; readonly roles: readonly SetupRole[]; readonly setupMediaPath: string }
  | { readonly kind: 'static-rpc-ports'; readonly rpcClientAccessPort: number; readonly addressBookPort: number }
  /** Installs an Exchange 2010 SP3 update rollup (.msp) and leaves the restart it needs to the next step. */
  | { readonly kind: 'update-rollup'; readonly installerPath: string; readonly rollup: number; readonly build: string }
  | { readonly kind: 'exchange-product-key'; readonly server: string; readonly productKey: string; readonly edition: 'Standard' | 'Enterprise' }
  /** Setup's own database on a new Mailbox server: renamed and moved to the first planned database, or removed. */
  | {
      readonly kind: 'default-database';
      readonly server: string;
      readonly adopt: { readonly name: string; readonly edbFilePath: string; readonly logFolderPath: string } | null;
    }
  // Phase 3: Windows NLB.
  /** DNS registration off on the NLB connection (unicast with two NICs) and IP forwarding where needed. */
  | { readonly kind: 'nlb-nic-config'; readonly nicName: string; readonly ipForwarding: boolean; readonly dnsRegistration: boolean }
  /** Check-only: File and Printer Sharing is not bound to the NLB connection (the operator unbinds it). */
  | { readonly kind: 'verify-nic-unbound'; readonly nicName: string }
  /**
   * Check-only, from a host outside the load-balanced servers: the name (when given) resolves to exactly the address
   * on the named DNS server, and the address answers on the ports (static ARP / IGMP after multicast NLB; the CAS
   * array's VIP with 135 and the static RPC ports).
   */
  | { readonly kind: 'verify-vip-reachable'; readonly vip: string; readonly ports: readonly number[]; readonly fqdn: string; readonly dnsServer: string; readonly hint: string }
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
  /**
   * RpcClientAccessServer of the databases with a copy on a Mailbox server, except the design's databases that belong
   * to another array (active in another site: a DR member holds their passive copies) or have their own value.
   */
  | { readonly kind: 'set-rpc-client-access'; readonly mailboxServer: string; readonly fqdn: string; readonly exceptDatabases: readonly string[] }
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
      /** Set-DatabaseAvailabilityGroup: Datacenter Activation Coordination mode and the alternate witness (site resilience). */
      readonly kind: 'dag-datacenter-activation';
      readonly dag: string;
      readonly mode: 'Off' | 'DagOnly';
      /** '' = leave the alternate witness as it is. */
      readonly alternateWitnessServer: string;
      readonly alternateWitnessDirectory: string;
    }
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
  | {
      readonly kind: 'verify-cas-array';
      readonly site: string;
      readonly fqdn: string;
      readonly members: readonly string[];
    }
  /** Check-only: every Exchange server runs SP3 (AdminDisplayVersion) with the design's update rollup (ExSetup.exe). */
  | { readonly kind: 'verify-exchange-version'; readonly servers: readonly string[]; readonly build: string; readonly rollup: number }
  /** Lagged copy: activation blocked (Suspend-MailboxDatabaseCopy -ActivationOnly). */
  | { readonly kind: 'block-lagged-activation'; readonly database: string; readonly server: string }
  | { readonly kind: 'verify-database-copies'; readonly databases: readonly string[] }
  | { readonly kind: 'test-replication-health'; readonly server: string }
  | { readonly kind: 'test-mapi-connectivity'; readonly server: string }
  // Operator checklist items (hardware load balancers, Outlook profiles): no script.
  | { readonly kind: 'operator'; readonly checklist: readonly string[]; readonly does?: OperatorWork }
  // The client access namespace (namespaceActions.ts).
  | NamespaceAction
  // Mail flow: accepted domains, connectors, the Edge Subscription, POP3 / IMAP4 (mailFlowActions.ts).
  | MailFlowAction;

/** What a person does in an operator step, as data (a rehearsal applies it once the step is confirmed). */
export type OperatorWork =
  | { readonly kind: 'unbind-file-sharing'; readonly server: string; readonly nicName: string }
  | { readonly kind: 'router-arp'; readonly vip: string }
  | { readonly kind: 'load-balancer-vip'; readonly vip: string; readonly servers: readonly string[] }
  | NamespaceOperatorWork
  | MailFlowOperatorWork;

export type StepActionKind = StepAction['kind'];
