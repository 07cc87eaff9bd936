// The content of a runbook document, independent of its format: cover facts, planner findings and HA verdict,
// bill of materials, sizing and the steps grouped by phase. The PDF and Markdown exporters render this same
// structure, so both documents say the same thing.
import type { Design, DesignDocument, Server } from '../../shared/model/types';
import { RULES } from '../../shared/planner/catalogue';
import type { Finding, HaRole, PlanResult, Severity, SizingReport } from '../../shared/planner/types';
import { PHASES } from '../../shared/runbook/types';
import type { Phase, Runbook, RunbookStep, StepActionKind, StepTarget } from '../../shared/runbook/types';
import { ROLE_ORDER, SUBNET_COLORS } from '../../shared/diagram';
import { ROLE_LABELS, WINDOWS_VERSION_LABELS, objectLabels, plural } from '../../shared/planner/text';
import { HA_ROLES } from '../../shared/planner/verdict';
import { buildContext } from '../../shared/planner/context';
import { stretchedDags } from '../../shared/planner/resilience';
import type { FailureCase } from '../../shared/planner/resilience';
import { namespaceChapter } from './namespaceReport';
import type { NamespaceChapter } from './namespaceReport';
import type { ReportTable } from './reportTable';

export interface ReportMeta {
  /** Base name of the design file (e.g. "seed-lab.extopo.json"), when the design came from a file. */
  readonly designFile?: string;
  /** Who prepared the document (the cover's author; absent: a line to fill in). */
  readonly author?: string;
  /** When the document is produced. */
  readonly generatedAt: Date;
}

export interface Fact {
  readonly label: string;
  readonly value: string;
  /** Shown in the monospace font (hashes, file names). */
  readonly mono?: boolean;
}

/** A table of plain strings; "\n" inside a cell separates lines. */
export type { ReportTable } from './reportTable';

export interface ReportFinding {
  readonly severity: Severity;
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly message: string;
  readonly hint: string;
  readonly source: string;
  readonly objects: string;
}

export interface ReportVerdict {
  readonly role: HaRole;
  readonly roleTitle: string;
  readonly highlyAvailable: boolean;
  readonly reasons: readonly string[];
}

export interface ReportStep {
  /** 1-based position in the runbook (the order to run the steps in). */
  readonly number: number;
  readonly step: RunbookStep;
  readonly targetLabel: string;
  readonly durationLabel: string;
  /** Numbers of the steps this one depends on, e.g. "3, 4". */
  readonly dependsOnLabel: string;
}

export interface ReportPhase {
  readonly id: Phase;
  readonly title: string;
  readonly steps: readonly ReportStep[];
}

/** A finding named on the cover (errors first, then warnings). */
export interface SummaryFinding {
  readonly severity: Severity;
  readonly ruleTitle: string;
  /** The finding's first sentence. */
  readonly message: string;
}

/** The cover's executive summary: what will be deployed, the HA verdict, the open findings. */
export interface ExecutiveSummary {
  /** What the deployment builds, in one paragraph: servers per role, AD sites, CAS arrays, DAGs, databases. */
  readonly deployed: string;
  /** Per HA role: the verdict and, when it is not highly available, why (first reasons). */
  readonly ha: readonly { readonly roleTitle: string; readonly highlyAvailable: boolean; readonly why: readonly string[] }[];
  /** Site resilience of DAGs stretched over AD sites: what a datacenter loss means. */
  readonly siteResilience: readonly string[];
  /** The first errors and warnings, most severe first. */
  readonly topFindings: readonly SummaryFinding[];
  /** Errors and warnings not named in topFindings. */
  readonly moreFindings: number;
}

export interface Report {
  readonly title: string;
  readonly subtitle: string;
  readonly organization: string;
  readonly facts: readonly Fact[];
  readonly counts: Readonly<Record<Severity, number>>;
  readonly verdict: readonly ReportVerdict[];
  readonly summary: ExecutiveSummary;
  /** Who prepared the document (empty: not known). */
  readonly author: string;
  readonly findings: readonly ReportFinding[];
  readonly bom: readonly ReportTable[];
  readonly sizing: readonly ReportTable[];
  /** The "Namespace and certificates" chapter (null: no Client Access namespace in the design). */
  readonly namespace: NamespaceChapter | null;
  readonly phases: readonly ReportPhase[];
  readonly stepCount: number;
  readonly contentHash: string;
  readonly revision: number;
}

/** Up to this many servers, the DNS table lists each server's host record; beyond, one line stands for them all. */
const SERVER_DNS_ROWS_MAX = 24;

/** What each kind of step does, in a few words (headings of compact runbooks). */
export const KIND_LABELS: Readonly<Record<StepActionKind, string>> = {
  preflight: 'Preflight checks',
  'install-features': 'Install Windows features',
  'winrm-memory-quota': "Raise WinRM's memory quota",
  'restart-if-pending': 'Restart when a restart is pending',
  'update-rollup': 'Install the Exchange update rollup',
  'exchange-product-key': 'Enter the Exchange product key',
  'default-database': "Place setup's database in the plan",
  'verify-nic-unbound': 'Check the NLB connection bindings',
  'verify-vip-reachable': 'Check the address answers',
  'verify-exchange-version': 'Verify the Exchange version',
  'block-lagged-activation': 'Block activation of a lagged copy',
  'set-service-startup': 'Set a service to start automatically',
  'install-filter-pack': 'Install the Office 2010 Filter Pack',
  'prepare-ad': 'Prepare Active Directory',
  'exchange-setup': 'Install Exchange',
  'static-rpc-ports': 'Set static RPC ports',
  'nlb-nic-config': 'Prepare the NLB network connection',
  'new-nlb-cluster': 'Create the NLB cluster',
  'nlb-port-rules': 'Set the NLB port rules',
  'add-nlb-node': 'Add a node to the NLB cluster',
  'wait-nlb-converged': 'Wait for NLB convergence',
  'dns-a-record': 'Create the DNS host record',
  'new-cas-array': 'Create the CAS array',
  'set-rpc-client-access': 'Point databases at the CAS array',
  'witness-trusted-subsystem': 'Prepare the witness server',
  'new-dag': 'Create the DAG',
  'add-dag-member': 'Add a DAG member',
  'dag-networks': 'Configure the DAG networks',
  'dag-datacenter-activation': 'Turn on DAC mode and set the alternate witness',
  'new-mailbox-database': 'Create a mailbox database',
  'add-database-copy': 'Add a database copy',
  'verify-nlb': 'Verify the NLB cluster',
  'verify-cas-array': 'Verify the CAS array',
  'verify-database-copies': 'Verify the database copies',
  'test-replication-health': 'Test replication health',
  'test-mapi-connectivity': 'Test MAPI connectivity',
  operator: 'Operator checklist',
  'namespace-urls': 'Set the virtual directory URLs',
  'autodiscover-scp': 'Point the Autodiscover SCP',
  'enable-outlook-anywhere': 'Enable Outlook Anywhere',
  'certificate-request': 'Request the certificate',
  'certificate-complete': 'Complete the certificate',
  'certificate-copy': 'Copy the certificate to a server',
  'verify-namespace': 'Verify the client access names',
  'accepted-domain': 'Create the accepted domain',
  'email-address-policy': 'Set the e-mail address policy',
  'internet-send-connector': 'Create the Internet send connector',
  'receive-connector-anonymous': 'Accept Internet mail on the receive connector',
  'edge-subscription-export': 'Export the Edge Subscription',
  'edge-subscription-import': 'Import the Edge Subscription',
  'edge-synchronization': 'Start EdgeSync',
  'protocol-certificate': 'Assign the certificate to POP3 / IMAP4',
  'protocol-service': 'Start the POP3 / IMAP4 service',
  'verify-mail-flow': 'Verify the mail flow',
};
const SECONDS_PER_MINUTE = 60;

/** "1 step", "3 steps" (the planner's helper: the documents and the findings count alike). */
export { plural } from '../../shared/planner/text';

/** "Exchange Management Shell on EX3", "EX3 (PowerShell remoting)", ... */
export function targetLabel(target: StepTarget): string {
  switch (target.kind) {
    case 'host':
      return `${target.serverName} (PowerShell remoting)`;
    case 'ems':
      return `Exchange Management Shell on ${target.serverName}`;
    case 'dns':
      return `DNS server ${target.dnsServer || '(first domain controller)'}, from ${target.serverName}`;
    case 'operator':
      return 'Operator (manual checklist)';
  }
}

/**
 * The shape of a step's PowerShell: its action kind and code with every quoted value, number and value list
 * replaced by a placeholder. Steps of one shape run the same script with different design values.
 */
export function scriptShape(step: RunbookStep): string {
  const cached = shapes.get(step);
  if (cached !== undefined) return cached;
  const shape = computeShape(step);
  shapes.set(step, shape);
  return shape;
}

/** Shapes by step (the PDF asks for each step's shape more than once). */
const shapes = new WeakMap<RunbookStep, string>();

function computeShape(step: RunbookStep): string {
  const code = `${step.script}\n${step.check}`
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/'…'(\s*[,;]\s*'…')+/g, "'…'")
    .replace(/\b\d+(\.\d+)?\b/g, '0')
    .replace(/@\{[^{}]*\}(\s*;\s*@\{[^{}]*\})+/g, '@{…}');
  return `${step.action.kind}\n${code}`;
}

/** "EX3", "EMS on EX3", "DNS from EX3", "Operator": targets in checklists. */
export function shortTargetLabel(target: StepTarget): string {
  switch (target.kind) {
    case 'host':
      return target.serverName;
    case 'ems':
      return `EMS on ${target.serverName}`;
    case 'dns':
      return `DNS from ${target.serverName}`;
    case 'operator':
      return 'Operator';
  }
}

export function durationLabel(seconds: number): string {
  if (seconds < SECONDS_PER_MINUTE) return `~${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / SECONDS_PER_MINUTE);
  if (minutes < 60) return `~${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `~${h} h${m > 0 ? ` ${m} min` : ''}`;
}

/** "180 GB", "4.9 GB". */
function formatGB(gb: number): string {
  return `${gb >= 10 ? Math.round(gb) : Math.round(gb * 10) / 10} GB`;
}

/** "2026-11-25 13:20 UTC". */
export function dateTimeLabel(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2010 SP3 RU5 Standard". */
function exchangeLabel(design: Design): string {
  const o = design.organization;
  return `Exchange Server ${o.exchangeVersion} ${o.servicePack}${o.rollup > 0 ? ` RU${o.rollup}` : ''}, ${o.edition} edition`;
}

/** "2008 R2 Enterprise SP1". */
function osLabel(server: Server): string {
  return `${WINDOWS_VERSION_LABELS[server.os.version]} ${server.os.edition}${server.os.servicePack > 0 ? ` SP${server.os.servicePack}` : ''}`;
}

function roleList(server: Server): string {
  return ROLE_ORDER.filter((r) => server.roles.includes(r)).join(', ') || '(none)';
}

function bomTables(design: Design, runbook: Runbook, sizing: SizingReport): ReportTable[] {
  const serverSizing = new Map(sizing.servers.map((x) => [x.serverId, x]));
  const databaseSizing = new Map(sizing.databases.map((x) => [x.databaseId, x]));
  const recommendedRam = (id: string) => {
    const x = serverSizing.get(id);
    return x && x.recommendedRamGB > x.ramGB ? `\n(${formatGB(x.recommendedRamGB)} recommended)` : '';
  };
  const sites = new Map(design.sites.map((s) => [s.id, s.name]));
  const subnets = new Map(design.subnets.map((s) => [s.id, s]));
  const servers = new Map(design.servers.map((s) => [s.id, s]));
  const nics = new Map(design.servers.flatMap((s) => s.nics.map((n) => [n.id, { nic: n, server: s }] as const)));
  const serverName = (id: string) => servers.get(id)?.name ?? id;
  const nlbs = new Map(design.nlbClusters.map((c) => [c.id, c]));
  const hlbs = new Map(design.hardwareLoadBalancers.map((h) => [h.id, h]));
  const subnetLabel = (id: string) => subnets.get(id)?.cidr ?? id;

  const siteRows = design.subnets.map((s) => [
    sites.get(s.siteId) ?? s.siteId,
    s.cidr,
    SUBNET_COLORS[s.purpose].label,
    s.gateway ?? '—',
    String(design.servers.filter((x) => x.nics.some((n) => n.subnetId === s.id)).length),
  ]);
  for (const site of design.sites) {
    if (!design.subnets.some((s) => s.siteId === site.id)) siteRows.push([site.name, '(no subnet)', '', '', '']);
  }

  const serverRows = design.servers.map((s) => [
    `${s.name}\n${s.fqdn}`,
    sites.get(s.siteId) ?? s.siteId,
    roleList(s),
    osLabel(s),
    `${plural(s.cores, 'core')}\n${s.ramGB} GB RAM${recommendedRam(s.id)}`,
    s.nics.map((n) => `${n.name}: ${n.ipv4} (${n.purpose}, ${subnetLabel(n.subnetId)})`).join('\n') || '(no NIC)',
    [s.existing ? 'existing' : 'new', s.domainController ? 'domain controller' : '', s.virtualized ? 'virtual machine' : ''].filter(Boolean).join('\n'),
  ]);

  const vipRows: string[][] = [];
  for (const c of design.nlbClusters) {
    const members = c.members.map((m) => `${serverName(m.serverId)} (priority ${m.hostPriority}, NIC ${nics.get(m.nicId)?.nic.name ?? m.nicId})`).join('\n');
    vipRows.push([c.vip, c.fqdn, `Windows NLB, ${c.mode === 'igmpMulticast' ? 'IGMP multicast' : c.mode}`, subnetLabel(c.subnetId), members]);
  }
  for (const h of design.hardwareLoadBalancers) {
    vipRows.push([h.vip, h.name, 'Hardware load balancer', '—', h.memberIds.map(serverName).join('\n')]);
  }
  for (const d of design.dags) {
    for (const ip of d.ipAddresses) vipRows.push([ip.ipv4, `${d.name}.${design.organization.adDomain}`, 'DAG cluster IP', subnetLabel(ip.subnetId), d.memberIds.map(serverName).join('\n')]);
  }

  // The rules that will exist: what the runbook's port-rule step configures (it replaces the default all-ports rule
  // with the Client Access ports), else the design's (a cluster the runbook does not touch).
  const nlbRows = design.nlbClusters.map((c) => {
    const step = runbook.steps.find((s) => s.action.kind === 'nlb-port-rules' && s.action.vip === c.vip);
    const rules = step && step.action.kind === 'nlb-port-rules' ? step.action.rules : c.portRules;
    return [
      c.fqdn,
      rules.map((r) => `${r.startPort === r.endPort ? r.startPort : `${r.startPort}–${r.endPort}`} ${r.protocol}, affinity ${r.affinity}`).join('\n') || '(none)',
      c.clientsOnOtherSubnets ? 'yes (IP forwarding on the NLB NIC)' : 'no',
    ];
  });

  const dnsSteps = runbook.steps.filter((s) => s.action.kind === 'dns-a-record');
  const dnsRows: string[][] = [];
  const stepFor = (fqdn: string) => {
    const step = dnsSteps.find((s) => s.action.kind === 'dns-a-record' && s.action.fqdn.toLowerCase() === fqdn.toLowerCase());
    return step ? `runbook step ${runbook.steps.indexOf(step) + 1}` : 'create by hand';
  };
  const recorded = new Set<string>();
  for (const a of design.casArrays) {
    const vip = a.nlbClusterId ? nlbs.get(a.nlbClusterId)?.vip : a.hardwareLoadBalancerId ? hlbs.get(a.hardwareLoadBalancerId)?.vip : undefined;
    const value = vip ?? design.servers.find((s) => s.siteId === a.siteId && s.roles.includes('CAS'))?.nics[0]?.ipv4 ?? '—';
    dnsRows.push([a.fqdn, 'A', value, `CAS array ${a.name}`, stepFor(a.fqdn)]);
    recorded.add(a.fqdn.toLowerCase());
  }
  for (const c of design.nlbClusters) {
    if (!recorded.has(c.fqdn.toLowerCase())) dnsRows.push([c.fqdn, 'A', c.vip, 'Windows NLB cluster name', stepFor(c.fqdn)]);
  }
  for (const d of design.dags) {
    if (d.ipAddresses.length > 0) dnsRows.push([`${d.name}.${design.organization.adDomain}`, 'A', d.ipAddresses.map((i) => i.ipv4).join('\n'), `DAG ${d.name} (cluster name)`, 'failover clustering (automatic)']);
  }
  if (design.servers.length <= SERVER_DNS_ROWS_MAX) {
    for (const s of design.servers) {
      const mapi = s.nics.filter((n) => n.purpose === 'mapi');
      if (mapi.length > 0) dnsRows.push([s.fqdn, 'A', mapi.map((n) => n.ipv4).join('\n'), `server ${s.name}`, s.existing ? 'exists' : 'Windows dynamic registration']);
    }
  } else {
    dnsRows.push([`the FQDN of each of the ${design.servers.length} servers`, 'A', 'its MAPI address (Servers table)', 'each server', 'Windows dynamic registration']);
  }
  for (const h of design.organization.externalHostnames) dnsRows.push([h, 'A', '(external address)', 'OWA / Outlook Anywhere / Autodiscover', 'external DNS, not in this runbook']);

  const arrayRows = design.casArrays.map((a) => {
    const nlb = a.nlbClusterId ? nlbs.get(a.nlbClusterId) : undefined;
    const hlb = a.hardwareLoadBalancerId ? hlbs.get(a.hardwareLoadBalancerId) : undefined;
    const nlbName = nlb && nlb.fqdn.toLowerCase() !== a.fqdn.toLowerCase() ? ` ${nlb.fqdn}` : '';
    const lb = nlb ? `Windows NLB${nlbName}\nVIP ${nlb.vip}` : hlb ? `Hardware LB ${hlb.name}\nVIP ${hlb.vip}` : 'none (single CAS)';
    const members = nlb ? nlb.members.map((m) => serverName(m.serverId)) : hlb ? hlb.memberIds.map(serverName) : design.servers.filter((s) => s.siteId === a.siteId && s.roles.includes('CAS')).map((s) => s.name);
    const ports = a.staticPorts ? `RPC Client Access ${a.staticPorts.rpcClientAccess}\nAddress Book ${a.staticPorts.addressBook}` : 'dynamic (6005–59530)';
    return [`${a.name}\n${a.fqdn}`, sites.get(a.siteId) ?? a.siteId, lb, members.join('\n'), ports];
  });

  const dagRows = design.dags.map((d) => {
    const witness = d.witnessServerId ? serverName(d.witnessServerId) : d.witnessHost || '(none)';
    return [
      d.name,
      sites.get(d.siteId) ?? d.siteId,
      d.memberIds.map(serverName).join('\n'),
      d.ipAddresses.map((ip) => `${ip.ipv4} (${subnetLabel(ip.subnetId)})`).join('\n') || '(none)',
      `${witness}\n${d.witnessDirectory}`,
      d.replicationSubnetIds.map(subnetLabel).join('\n') || '(shared with MAPI)',
    ];
  });

  const databaseSize = (id: string, declared: number | undefined) => {
    const x = databaseSizing.get(id);
    if (x) return `${plural(x.mailboxes, 'mailbox', 'mailboxes')}, ~${formatGB(x.sizeGB)} (limit ${formatGB(x.limitGB)})`;
    return declared !== undefined ? plural(declared, 'mailbox', 'mailboxes') : '';
  };
  // One row per database, one line per copy (by activation preference) in the copy columns.
  const dbRows = design.databases.map((db) => {
    const copies = [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference);
    const lines = (f: (c: (typeof copies)[number], i: number) => string) => copies.map(f).join('\n');
    return [
      [db.name, db.existing ? 'existing' : 'new', databaseSize(db.id, db.mailboxCount)].filter(Boolean).join('\n'),
      lines((c) => serverName(c.serverId)) || '(no copy)',
      lines((c) => String(c.activationPreference)),
      lines((c) => (c.replayLagDays > 0 ? `${c.replayLagDays} d` : '—')),
      lines((c) => (c.truncationLagDays > 0 ? `${c.truncationLagDays} d` : '—')),
      lines((c, i) => (i === 0 ? 'active' : c.replayLagDays > 0 || c.truncationLagDays > 0 ? 'passive, lagged' : 'passive')),
    ];
  });

  return [
    { id: 'sites', title: 'AD sites and subnets', caption: 'The networks of each Active Directory site.', columns: ['AD site', 'Subnet', 'Purpose', 'Gateway', 'Servers'], widths: [3, 3, 2.2, 2.4, 1.4], rows: siteRows, empty: 'The design has no subnets.' },
    { id: 'servers', title: 'Servers', caption: 'Every server with its roles, Windows version, processor and memory (and the recommended memory when it has less), network adapters and addresses.', columns: ['Server', 'AD site', 'Roles', 'Windows', 'CPU / RAM', 'Network adapters', 'Status'], widths: [3.9, 2.1, 1.5, 2.1, 1.6, 5, 1.6], rows: serverRows, empty: 'The design has no servers.', namedRows: true },
    { id: 'vips', title: 'Virtual IP addresses', caption: 'Addresses that do not belong to one server: load balancer VIPs and DAG cluster IPs.', columns: ['VIP', 'Name', 'Kind', 'Subnet', 'Members'], widths: [2.2, 3.8, 2.6, 2.2, 3.8], rows: vipRows, empty: 'The design has no virtual IP addresses.' },
    { id: 'nlb', title: 'Windows NLB port rules', caption: 'The port rules each Windows NLB cluster will have: those the runbook configures (the default all-ports rule replaced by the Client Access ports).', columns: ['NLB cluster', 'Port rules', 'Clients on other subnets'], widths: [4, 6, 3], rows: nlbRows, empty: 'The design has no Windows NLB cluster.' },
    { id: 'dns', title: 'DNS records', caption: 'The host records the deployment relies on, and who creates them.', columns: ['Name', 'Type', 'Address', 'For', 'Created by'], widths: [4.4, 0.9, 2.2, 3.4, 3.2], rows: dnsRows, empty: 'The design needs no DNS records.' },
    { id: 'cas-arrays', title: 'CAS arrays', caption: 'Client Access arrays: the RPC endpoint Outlook connects to in each site.', columns: ['CAS array', 'AD site', 'Load balancer', 'Members', 'RPC ports'], widths: [3.8, 2.2, 3.8, 2, 2.8], rows: arrayRows, empty: 'The design has no CAS array.', namedRows: true },
    { id: 'dags', title: 'Database availability groups', caption: 'DAGs with their members, cluster IP addresses, witness and replication networks.', columns: ['DAG', 'AD site', 'Members', 'IP addresses', 'Witness', 'Replication'], widths: [1.8, 2, 2.2, 3.2, 3, 2.6], rows: dagRows, empty: 'The design has no DAG.', namedRows: true },
    { id: 'databases', title: 'Mailbox databases and copies', caption: 'Each database (with its projected size when the design has sizing inputs) and its copies, by activation preference (1 = active).', columns: ['Database', 'Server', 'Preference', 'Replay lag', 'Truncation lag', 'Copy'], widths: [4, 2.4, 1.6, 1.6, 1.8, 2.2], rows: dbRows, empty: 'The design has no mailbox databases.', namedRows: true },
  ];
}

/** Mailbox servers listed one by one in the sizing chapter; a larger design lists its most loaded ones. */
export const SIZING_SERVERS_MAX = 60;
/** Databases listed one by one; beyond, databases with the same figures share a row. */
const SIZING_DATABASE_GROUP_LIST = 6;

/** "MB1 CPU: 2,200 megacycles …" → ["CPU", "2,200 megacycles …"]: a figure line split after its subject. */
function splitFigure(subject: string, line: string): [string, string] {
  const rest = line.startsWith(`${subject} `) ? line.slice(subject.length + 1) : line.startsWith(`${subject}:`) ? line.slice(subject.length) : line;
  const colon = rest.indexOf(': ');
  if (colon < 0 || rest.startsWith(':')) return ['', rest.replace(/^:\s*/, '')];
  return [rest.slice(0, colon), rest.slice(colon + 2)];
}

function onOff(on: boolean): string {
  return on ? 'on' : 'off';
}

/** The sizing chapter: inputs, recommendation, and every figure with its one-line arithmetic (sizing.md). */
function sizingTables(plan: PlanResult): ReportTable[] {
  const s = plan.sizing;
  const tables: ReportTable[] = [];
  const i = s.inputs;
  if (i) {
    const rows: string[][] = i.tiers.map((t) => [`Mailboxes: ${t.name}`, `${t.mailboxCount.toLocaleString('en-US')} × ${t.mailboxQuotaGB} GB quota, ${t.messagesPerDay} messages a day`]);
    rows.push(
      ['Average message size', `${i.averageMessageSizeKB} KB`],
      ['Deleted item retention', plural(i.deletedItemRetentionDays, 'day')],
      ['Single item recovery', onOff(i.singleItemRecovery)],
      ['Calendar version logging', onOff(i.calendarVersionLogging)],
      ['Server failures to survive', i.failuresToSurvive === null ? 'HA copies − 1 per DAG (default), within quorum' : `${i.failuresToSurvive} per DAG, within quorum`],
      ['Mailbox CPU at worst', `${i.targetMailboxCpuPercent} % (40 % on a multi-role server)`],
      ['Log truncation failure tolerance', plural(i.logTruncationFailureDays, 'day')],
      ['Mailbox moves a week', `${i.mailboxMovesPerWeekPercent} % of the mailboxes`],
      ['Annual growth', `${i.annualGrowthPercent} % over ${plural(i.growthYears, 'year')}`],
      ['Antivirus on Hub Transport', i.hubAntivirus ? 'yes' : 'no'],
      ['Storage layout', s.storage.kind === 'mountPoints' ? `mount points under ${s.storage.databaseRoot} and ${s.storage.logRoot}` : 'drive letters (E: onwards, per DAG)'],
    );
    tables.push({ id: 'sizing-inputs', title: 'Sizing inputs', caption: 'What the design is sized for (Exchange 2010 capacity planning, the Mailbox Server Role Requirements Calculator\'s method).', columns: ['Input', 'Value'], widths: [4, 8], rows, empty: '' });
    tables.push({ id: 'sizing-per-mailbox', title: 'Per mailbox', caption: 'The message profile and the size of one mailbox on disk.', columns: ['Figure', 'Arithmetic'], widths: [2.4, 9.6], rows: i.lines.filter((l) => !l.startsWith('Mailboxes, ') && !l.startsWith('Failures to survive')).map((l) => splitFigure('', l)), empty: '' });
  }
  const rec = s.recommendation;
  if (rec || s.notes.length > 0) {
    tables.push({
      id: 'sizing-recommendation',
      title: 'Recommendation',
      caption: 'One recommendation, from the per-server figures below (it never asks for less than a server needs).',
      columns: ['Recommendation'],
      widths: [12],
      rows: [...(rec?.lines ?? []), ...s.notes.map((n) => `Note: ${n}`)].map((l) => [l]),
      empty: '',
    });
  }
  if (s.dags.length > 0) {
    tables.push({
      id: 'sizing-dags',
      title: 'Failure cases per DAG',
      caption: 'The server failures each DAG is sized to survive and the worst active load a member gets.',
      columns: ['DAG', 'Failure case and worst load'],
      widths: [2, 10],
      rows: s.dags.map((d) => [d.dagName, d.lines.map((l) => l.replace(`DAG ${d.dagName}: `, '')).join('\n')]),
      empty: '',
      namedRows: true,
    });
  }
  const mailbox = s.servers.filter((x) => x.mailbox);
  if (mailbox.length > 0) {
    const load = (x: (typeof mailbox)[number]) => (x.mailbox ? x.mailbox.utilisation + x.mailbox.cacheGB / 1000 : 0);
    const shown = mailbox.length <= SIZING_SERVERS_MAX ? mailbox : [...mailbox].sort((a, b) => load(b) - load(a)).slice(0, SIZING_SERVERS_MAX);
    const rows: string[][] = [];
    for (const x of shown) x.lines.forEach((l, k) => rows.push([k === 0 ? x.serverName : '', ...splitFigure(x.serverName, l)]));
    tables.push({
      id: 'sizing-mailbox-servers',
      title: 'Mailbox servers in their worst failure case',
      caption:
        mailbox.length === shown.length
          ? 'Per Mailbox server: the failure case that loads it most, its megacycles and cores, database cache and RAM, IOPS and volumes.'
          : `The ${shown.length} most loaded of ${mailbox.length} Mailbox servers (every server's figures: extopo validate --format json).`,
      columns: ['Server', 'Figure', 'Arithmetic'],
      widths: [1.6, 1.8, 8.6],
      rows,
      empty: '',
      namedRows: true,
    });
  }
  const other = s.servers.filter((x) => !x.mailbox);
  if (other.length > 0 && other.length <= SIZING_SERVERS_MAX) {
    tables.push({
      id: 'sizing-other-servers',
      title: 'Other servers',
      caption: 'Role minimum cores, megacycles and memory per role.',
      columns: ['Server', 'Arithmetic'],
      widths: [2, 10],
      rows: other.map((x) => [x.serverName, x.lines.map((l) => l.replace(`${x.serverName}: `, '')).join('\n')]),
      empty: '',
      namedRows: true,
    });
  }
  if (s.sites.length > 0) {
    const rows: string[][] = [];
    for (const site of s.sites) {
      rows.push([site.siteName, 'Client Access', site.clientAccess.line.replace(/^AD site [^,]+, Client Access /, '')]);
      rows.push(['', 'Hub Transport', site.hubTransport.line.replace(/^AD site [^,]+, Hub Transport /, '')]);
    }
    tables.push({
      id: 'sizing-sites',
      title: 'Client Access and Hub Transport per AD site',
      caption: 'Mailbox:CAS 4:3, Mailbox:Hub 5:1 (7:1 without antivirus), a combined CAS+HT server 1:1 (its cores count once); megacycles when the CPUs differ.',
      columns: ['AD site', 'Role', 'Arithmetic'],
      widths: [1.8, 1.8, 8.4],
      rows,
      empty: '',
      namedRows: true,
    });
  }
  if (s.databases.length > 0) {
    // Databases with the same mailboxes, copies and lag have the same figures: one row group for them.
    const groups = new Map<string, (typeof s.databases)[number][]>();
    for (const d of s.databases) {
      const key = `${d.mailboxes}|${d.copies}|${d.haCopies}|${d.lagDays}`;
      const g = groups.get(key);
      if (g) g.push(d);
      else groups.set(key, [d]);
    }
    const rows: string[][] = [];
    for (const g of groups.values()) {
      const first = g[0];
      const label = g.length === 1 ? first.databaseName : `${g.slice(0, SIZING_DATABASE_GROUP_LIST).map((d) => d.databaseName).join(', ')}${g.length > SIZING_DATABASE_GROUP_LIST ? ` and ${g.length - SIZING_DATABASE_GROUP_LIST} more` : ''}\n(${g.length} alike)`;
      first.lines.forEach((l, k) => {
        const [figure, text] = splitFigure(first.databaseName, l);
        const general = g.length === 1 ? text : text.split(first.databaseName).join('<database>');
        rows.push([k === 0 ? label : '', figure === '' ? 'size' : figure, general]);
      });
    }
    tables.push({
      id: 'sizing-databases',
      title: 'Databases',
      caption: 'Size with the dumpster, content index and free space; logs with the truncation-failure tolerance, mailbox moves and lag; IOPS per copy; the files\' paths.',
      columns: ['Database', 'Figure', 'Arithmetic'],
      widths: [2, 1.4, 8.6],
      rows,
      empty: '',
      namedRows: true,
    });
  }
  tables.push({ id: 'sizing-storage', title: 'Storage layout', caption: 'Where the runbook creates each database and its logs.', columns: ['Layout'], widths: [12], rows: s.storage.lines.map((l) => [l]), empty: '' });
  return tables;
}

/** Info findings of one rule beyond this count are folded into one entry (large designs repeat them per server). */
const INFO_FOLD_MIN = 4;
/** Objects named in a folded entry before "and N more". */
const FOLDED_OBJECTS_SHOWN = 12;

/** Errors and warnings one by one; repeated infos of one rule folded into one entry with the first as example. */
function foldFindings(findings: readonly Finding[]): { finding: Finding; count: number; entityIds: readonly string[] }[] {
  const infoCount = new Map<string, number>();
  for (const f of findings) if (f.severity === 'info') infoCount.set(f.ruleId, (infoCount.get(f.ruleId) ?? 0) + 1);
  const out: { finding: Finding; count: number; entityIds: string[] }[] = [];
  const folded = new Map<string, { finding: Finding; count: number; entityIds: string[] }>();
  for (const f of findings) {
    if (f.severity !== 'info' || (infoCount.get(f.ruleId) ?? 0) < INFO_FOLD_MIN) {
      out.push({ finding: f, count: 1, entityIds: [...f.entityIds] });
      continue;
    }
    const entry = folded.get(f.ruleId);
    if (entry) {
      entry.count++;
      entry.entityIds.push(...f.entityIds);
    } else {
      const created = { finding: f, count: 1, entityIds: [...f.entityIds] };
      folded.set(f.ruleId, created);
      out.push(created);
    }
  }
  return out;
}

function reportFindings(design: Design, findings: readonly Finding[]): ReportFinding[] {
  const labels = objectLabels(design);
  return foldFindings(findings).map(({ finding: f, count, entityIds }) => {
    const objects = [...new Set(entityIds.map((id) => labels.get(id) ?? id))];
    const shown = count > 1 && objects.length > FOLDED_OBJECTS_SHOWN ? [...objects.slice(0, FOLDED_OBJECTS_SHOWN), `and ${objects.length - FOLDED_OBJECTS_SHOWN} more`] : objects;
    return {
      severity: f.severity,
      ruleId: f.ruleId,
      ruleTitle: RULES[f.ruleId]?.title ?? f.ruleId,
      message: count > 1 ? `${f.message} (${count} findings of this rule; this is the first, the others name other objects.)` : f.message,
      hint: f.hint,
      source: f.source,
      objects: shown.join(', '),
    };
  });
}


function phases(runbook: Runbook): ReportPhase[] {
  const numberOf = new Map(runbook.steps.map((s, i) => [s.id, i + 1]));
  const byPhase = new Map<Phase, ReportStep[]>();
  runbook.steps.forEach((step, i) => {
    const list = byPhase.get(step.phase) ?? [];
    list.push({
      number: i + 1,
      step,
      targetLabel: targetLabel(step.target),
      durationLabel: durationLabel(step.expectedSeconds),
      dependsOnLabel: step.dependsOn.map((id) => String(numberOf.get(id) ?? id)).join(', '),
    });
    byPhase.set(step.phase, list);
  });
  return PHASES.filter((p) => byPhase.has(p.id)).map((p) => ({ id: p.id, title: p.title, steps: byPhase.get(p.id) ?? [] }));
}

/** Errors and warnings named on the cover. */
const SUMMARY_FINDINGS = 3;
/** Reasons given on the cover for a role that is not highly available. */
const SUMMARY_REASONS = 2;
/** Longest finding message on the cover (its first sentence, cut at a word). */
const SUMMARY_MESSAGE_CHARS = 150;

/** A finding's first sentence, no longer than SUMMARY_MESSAGE_CHARS (cut at a word, with "…"). */
export function firstSentence(text: string, max = SUMMARY_MESSAGE_CHARS): string {
  const m = /^.*?[.!?](?=\s|$)/s.exec(text);
  const sentence = (m ? m[0] : text).replace(/\s+/g, ' ').trim();
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), Math.floor(max / 2))).replace(/[,;:]$/, '')}…`;
}

/** "1 DAG", "1,240 copies". */
function count(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : pluralNoun}`;
}

/** "a, b and c". */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function executiveSummary(design: Design, plan: PlanResult): ExecutiveSummary {
  const servers = design.servers;
  const fresh = servers.filter((s) => !s.existing).length;
  const perRole = ROLE_ORDER.map((r) => [r, servers.filter((s) => s.roles.includes(r)).length] as const).filter(([, n]) => n > 0);
  const serversText = servers.length === 0 ? 'No Exchange server yet' : `${count(servers.length, 'Exchange server')}${fresh < servers.length ? ` (${fresh} new, ${servers.length - fresh} existing)` : ''}: ${perRole.map(([r, n]) => `${ROLE_LABELS[r]} ${n}`).join(', ')}`;
  const balanced = design.casArrays.filter((a) => a.nlbClusterId || a.hardwareLoadBalancerId).length;
  const arrays = design.casArrays.length === 0 ? '' : `${count(design.casArrays.length, 'CAS array')}${balanced > 0 ? ` (${balanced === design.casArrays.length ? (balanced === 1 ? 'load balanced' : 'all load balanced') : `${balanced} load balanced`}: ${[design.nlbClusters.length > 0 ? plural(design.nlbClusters.length, 'Windows NLB cluster') : '', design.hardwareLoadBalancers.length > 0 ? plural(design.hardwareLoadBalancers.length, 'hardware load balancer') : ''].filter(Boolean).join(', ')})` : ''}`;
  const members = design.dags.reduce((n, d) => n + d.memberIds.length, 0);
  const dags = design.dags.length === 0 ? '' : `${count(design.dags.length, 'DAG')} with ${count(members, 'member')}`;
  const copies = design.databases.reduce((n, d) => n + d.copies.length, 0);
  const databases = design.databases.length === 0 ? '' : `${count(design.databases.length, 'mailbox database')} with ${count(copies, 'copy', 'copies')}`;
  const deployed = `${serversText} in ${count(design.sites.length, 'AD site')}${[arrays, dags, databases].some(Boolean) ? `; ${andList([arrays, dags, databases].filter(Boolean))}` : ''}.`;

  const stripRole = (reason: string) => reason.replace(/^(CAS|HT|MB): (no — )?/, '');
  const ha = HA_ROLES.map((role) => {
    const v = plan.verdict[role];
    return { roleTitle: ROLE_LABELS[role], highlyAvailable: v.highlyAvailable, why: v.highlyAvailable ? [] : v.reasons.filter((r) => / no\b/.test(r)).slice(0, SUMMARY_REASONS).map(stripRole) };
  });
  // DAGs stretched over AD sites: what each failure case means (the planner's resilience analysis, as its verdict).
  const stretched = design.dags.some((d) => new Set(d.memberIds.map((id) => servers.find((x) => x.id === id)?.siteId)).size > 1) ? stretchedDags(buildContext(design)) : [];
  const outcome = (c: FailureCase) => (c.automatic ? 'automatic failover' : c.recoverable ? 'service back after a datacenter switchover' : 'service lost until the site is back');
  const siteResilience = stretched.map((x) => `DAG ${x.dag.name} spans ${andList([...x.bySite.keys()].map((id) => design.sites.find((site) => site.id === id)?.name ?? id))}: ${x.cases.map((c) => `${c.label}, ${outcome(c)}`).join('; ')}.`);

  const open = plan.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const topFindings = open.slice(0, SUMMARY_FINDINGS).map((f) => ({ severity: f.severity, ruleTitle: RULES[f.ruleId]?.title ?? f.ruleId, message: firstSentence(f.message) }));
  return { deployed, ha, siteResilience, topFindings, moreFindings: open.length - topFindings.length };
}

/** Everything a runbook document shows, from the design, its runbook and its plan. */
export function buildReport(document: DesignDocument, runbook: Runbook, plan: PlanResult, meta: ReportMeta): Report {
  const { design } = document;
  const o = design.organization;
  const totalSeconds = runbook.steps.reduce((sum, s) => sum + s.expectedSeconds, 0);
  const facts: Fact[] = [
    { label: 'Organization', value: o.name },
    { label: 'AD domain', value: o.adDomain },
    { label: 'Exchange', value: exchangeLabel(design) },
    { label: 'Design file', value: meta.designFile ?? '(unsaved design)', mono: meta.designFile !== undefined },
    { label: 'Design revision', value: String(document.revision) },
    { label: 'Date', value: dateTimeLabel(meta.generatedAt) },
    { label: 'Runbook', value: runbook.steps.length === 0 ? 'no steps: nothing to deploy' : `${count(runbook.steps.length, 'step')} in ${plural(phases(runbook).length, 'phase')}, about ${durationLabel(totalSeconds).slice(1)} of run time` },
    { label: 'Scope', value: `${plural(design.servers.length, 'server')}, ${plural(design.casArrays.length, 'CAS array')}, ${plural(design.dags.length, 'DAG')}, ${plural(design.databases.length, 'database')}` },
    { label: 'Planner', value: `${plural(plan.counts.error, 'error')}, ${plural(plan.counts.warning, 'warning')}, ${plural(plan.counts.info, 'note')}` },
    { label: 'Content hash (SHA-256)', value: runbook.contentHash, mono: true },
  ];
  return {
    title: document.title || runbook.title || `${o.name} Exchange 2010 deployment`,
    subtitle: 'Exchange Server 2010 deployment runbook',
    organization: o.name,
    facts,
    counts: plan.counts,
    verdict: HA_ROLES.map((role) => ({ role, roleTitle: ROLE_LABELS[role], highlyAvailable: plan.verdict[role].highlyAvailable, reasons: plan.verdict[role].reasons })),
    summary: executiveSummary(design, plan),
    author: meta.author ?? '',
    findings: reportFindings(design, plan.findings),
    bom: bomTables(design, runbook, plan.sizing),
    sizing: sizingTables(plan),
    namespace: namespaceChapter(design, runbook),
    phases: phases(runbook),
    stepCount: runbook.steps.length,
    contentHash: runbook.contentHash,
    revision: document.revision,
  };
}
