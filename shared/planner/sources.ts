// Where the planner's facts come from: the source keys of the rule catalogue (catalogue.ts, `source: 'ODP-DAG, seed'`)
// with their titles, from the source list of ../shared/domain/rules.md. `reference` says where to read it (a
// repository path, a document section) and `url` is given only where the source list fixes one.

export interface RuleSource {
  readonly key: string;
  readonly title: string;
  /** Where the text is: a repository and path, a document and section. */
  readonly reference?: string;
  readonly url?: string;
}

const ODP = 'MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/exchange/';

export const RULE_SOURCES: readonly RuleSource[] = [
  { key: 'seed', title: 'Tutorial on a CAS array with Windows NLB, and its comment thread', reference: "The product's seed documents (000_4c647433dcb25526.txt); the facts it states are summarised in the rule catalogue" },
  { key: 'ODP-NEWCAA', title: 'Microsoft cmdlet reference: New-ClientAccessArray (Exchange 2010)', reference: `${ODP}New-ClientAccessArray.md` },
  { key: 'ODP-SETMDB', title: 'Microsoft cmdlet reference: Set-MailboxDatabase (Exchange 2010)', reference: `${ODP}Set-MailboxDatabase.md` },
  { key: 'ODP-DAG', title: 'Microsoft cmdlet reference: New-DatabaseAvailabilityGroup (Exchange 2010)', reference: `${ODP}New-DatabaseAvailabilityGroup.md` },
  { key: 'ODP-ADDDAG', title: 'Microsoft cmdlet reference: Add-DatabaseAvailabilityGroupServer (Exchange 2010)', reference: `${ODP}Add-DatabaseAvailabilityGroupServer.md` },
  { key: 'ODP-ADDCOPY', title: 'Microsoft cmdlet reference: Add-MailboxDatabaseCopy (Exchange 2010)', reference: `${ODP}Add-MailboxDatabaseCopy.md` },
  { key: 'LB-DOC', title: 'Microsoft Exchange docs: client access load balancing', reference: 'Windows NLB cannot coexist with failover clustering (a DAG member)' },
  { key: 'OMERS', title: 'Microsoft TechNet blog: Exchange 2010 CAS array steps and recommendations (2010-10-11)' },
  { key: 'QUIS', title: 'Exchange 2010 load balancing guidance (TechEd 2010)', reference: 'Hardware load balancers recommended; Windows NLB issues past 8 nodes' },
  { key: 'WIKI', title: 'TechNet wiki 864: static RPC ports on an Exchange 2010 CAS' },
  { key: 'BPA', title: 'Exchange Best Practices Analyzer (static ports 59531–60554)' },
  { key: 'NLB-LIMIT', title: 'Windows Server NLB documentation: 32 hosts' },
  { key: 'NLB-FAQ', title: 'Windows Server NLB FAQ: about 8 hosts ideal' },
  { key: 'NLB-MODE', title: 'Windows Server NLB documentation: unicast and multicast' },
  { key: 'NLB-DOC', title: 'Windows Server NLB documentation: port rules, affinity, host priority', reference: 'Including the NetworkLoadBalancingClusters cmdlets' },
  { key: 'DAG-LIMIT', title: 'Exchange 2010 limits: 16 DAG members, 16 copies per database' },
  { key: 'DAGNET', title: 'Exchange 2010 DAG network guidance', reference: 'One MAPI network, optional replication networks on their own subnets' },
  { key: 'OS', title: 'Exchange 2010 system requirements' },
  { key: 'SP3', title: 'Exchange 2010 SP3 release notes', reference: 'Windows Server 2012 support' },
  { key: 'ROLES', title: 'Exchange 2010 role planning', reference: 'Edge Transport dedicated; a Mailbox server needs Hub Transport and Client Access in its site' },
  { key: 'EDITION', title: 'Exchange 2010 Standard vs Enterprise database limits', reference: '5 databases per server (Standard), 100 (Enterprise)' },
  { key: 'DBSIZE', title: 'Exchange 2010 mailbox storage guidance', reference: '200 GB standalone, 2 TB with two or more highly available copies' },
  { key: 'RATIO', title: 'Exchange 2010 processor sizing guidance', reference: 'Mailbox:Client Access cores 4:3, Mailbox:Hub Transport 5:1 (7:1 without antivirus)' },
  { key: 'MEM', title: 'Exchange 2010 memory sizing guidance', reference: 'Memory per role; the database cache by message profile' },
  { key: 'PROFILE', title: 'Exchange 2010 storage sizing by message profile', reference: 'Database cache and IOPS per mailbox' },
  { key: 'CPU', title: 'Exchange 2010 Mailbox server processor capacity planning', reference: 'Megacycles, SPECint_rate2006, the worst failure case' },
  { key: 'STORE', title: 'Exchange 2010 mailbox database and log capacity factors' },
  { key: 'IP', title: 'IPv4 addressing' },
  { key: 'RFC1123', title: 'RFC 1123: Requirements for Internet Hosts, host name rules', url: 'https://www.rfc-editor.org/rfc/rfc1123' },
  { key: 'NETBIOS', title: 'NetBIOS computer name rules' },
];

const BY_KEY: ReadonlyMap<string, RuleSource> = new Map(RULE_SOURCES.map((s) => [s.key, s]));

/** The source a key names; a document reference such as "runbook.md (Real hosts)" or "KB2734782" stands for itself. */
export function sourceFor(key: string, fallbackTitles: Readonly<Record<string, string>> = {}): RuleSource {
  const known = BY_KEY.get(key);
  if (known) return known;
  if (Object.prototype.hasOwnProperty.call(fallbackTitles, key)) return { key, title: fallbackTitles[key] };
  const kb = /^KB(\d+)$/.exec(key);
  if (kb) return { key, title: `Microsoft Knowledge Base article ${kb[1]}` };
  const doc = /^([\w-]+\.md)(?: \((.+)\))?$/.exec(key);
  if (doc) return { key, title: `ExTopo domain notes: ${doc[1]}${doc[2] ? `, section "${doc[2]}"` : ''}` };
  return { key, title: key };
}

/** "ODP-DAG, seed" → ["ODP-DAG", "seed"]. */
export function sourceKeys(source: string): string[] {
  return source
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
