// Phase 4: per CAS array — the hardware load balancer (operator checklist), the DNS A record, the array itself,
// RpcClientAccessServer on every Mailbox server of the site, and the Outlook profiles (operator).
import type { CasArray, Server } from '../../model/types';
import type { GenerationContext } from './context';
import { stepIds } from './context';
import { casPortRules, nlbReadyStep } from './nlb';
import { dnsToolsStep } from './prerequisites';
import { RunbookGenerationError } from './context';
import { isLegacyWindows } from '../windowsFeatures';
import { databaseSiteId, rpcClientAccessServer } from '../../planner/context';
import type { MailboxDatabase } from '../../model/types';

/** Whether a database's RpcClientAccessServer is this array: its own value, else the array of the site it is active in. */
function pointsAt(ctx: GenerationContext, db: MailboxDatabase, array: CasArray): boolean {
  const rpc = rpcClientAccessServer(ctx.plan, db);
  return rpc === null ? databaseSiteId(ctx.plan, db) === array.siteId : rpc.fqdn.toLowerCase() === array.fqdn.toLowerCase();
}

export const HARDWARE_LB_SECONDS = 1800;
export const DNS_RECORD_SECONDS = 30;
export const CAS_ARRAY_SECONDS = 30;
export const RPC_CLIENT_ACCESS_SECONDS = 30;
export const OUTLOOK_PROFILES_SECONDS = 3600;

/** The address the array's FQDN must resolve to: the load balancer's VIP, else the single CAS server's address. */
function arrayAddress(ctx: GenerationContext, array: CasArray): { ipv4: string; note: string } | null {
  if (array.nlbClusterId) {
    const nlb = ctx.plan.nlbClusters.get(array.nlbClusterId);
    if (nlb) return { ipv4: nlb.vip, note: `the VIP of NLB cluster ${nlb.fqdn}` };
  }
  if (array.hardwareLoadBalancerId) {
    const hlb = ctx.plan.hardwareLoadBalancers.get(array.hardwareLoadBalancerId);
    if (hlb) return { ipv4: hlb.vip, note: `the VIP of hardware load balancer ${hlb.name}` };
  }
  const cas = (ctx.plan.serversBySite.get(array.siteId) ?? []).filter((s) => s.roles.includes('CAS'));
  const server = cas[0];
  const nic = server?.nics.find((n) => n.purpose === 'mapi') ?? server?.nics[0];
  if (!server || !nic) return null;
  return {
    ipv4: nic.ipv4,
    note:
      cas.length === 1
        ? `the address of ${server.name}, the only Client Access server (a single-node array: scale out later without touching Outlook profiles)`
        : `the address of ${server.name}: the array has no load balancer, so clients are pinned to it`,
  };
}

/** Zone and host label of a name: inside the AD domain's zone when it ends with it, else its parent domain. */
export function splitDnsName(fqdn: string, adDomain: string): { zone: string; hostLabel: string } {
  const lower = fqdn.toLowerCase();
  const domain = adDomain.toLowerCase();
  if (lower === domain) return { zone: adDomain, hostLabel: '@' };
  if (lower.endsWith(`.${domain}`)) return { zone: adDomain, hostLabel: fqdn.slice(0, fqdn.length - domain.length - 1) };
  const dot = fqdn.indexOf('.');
  if (dot < 0) return { zone: adDomain, hostLabel: fqdn };
  return { zone: fqdn.slice(dot + 1), hostLabel: fqdn.slice(0, dot) };
}

/**
 * The DNS server to write to: the deployment setting, else the first domain controller of the design. Never the AD
 * domain name (it resolves to any DC, round-robin, which dnscmd cannot manage reliably): the planner refuses a
 * design with CAS arrays and no named DNS server.
 */
export function dnsServerFor(ctx: GenerationContext): { name: string; server: Server | undefined } {
  const { design } = ctx;
  const configured = design.deployment.dnsServer;
  const match = (name: string) =>
    design.servers.find((s) => s.fqdn.toLowerCase() === name.toLowerCase() || s.name.toLowerCase() === name.toLowerCase());
  if (configured !== '' && configured.toLowerCase() !== design.organization.adDomain.toLowerCase()) return { name: configured, server: match(configured) };
  const dc = design.servers.find((s) => s.domainController);
  if (dc) return { name: dc.fqdn || dc.name, server: dc };
  throw new RunbookGenerationError(
    `The CAS array DNS records need a named DNS server (a domain controller), not the domain name ${design.organization.adDomain}: set Deployment → DNS server, or add the domain controller to the design.`,
  );
}

function hardwareLbChecklist(ctx: GenerationContext, array: CasArray, hlbName: string, vip: string, memberIds: readonly string[]): string[] {
  const members = memberIds
    .map((id) => ctx.server(id))
    .filter((s): s is Server => !!s)
    .map((s) => `${s.name} (${(s.nics.find((n) => n.purpose === 'mapi') ?? s.nics[0])?.ipv4 ?? 'no address'})`);
  const rules = casPortRules(array);
  const ports = rules.map((r) => (r.startPort === r.endPort ? `${r.startPort}` : `${r.startPort}-${r.endPort}`)).join(', ');
  return [
    `On ${hlbName}: create the virtual IP ${vip} for ${array.fqdn}.`,
    `Pool members: ${members.join(', ')}.`,
    `Balance TCP ports ${ports} to the pool${array.staticPorts ? '' : ' (no static RPC ports: the whole dynamic RPC range)'}.`,
    'Health checks that exist on Exchange 2010: an HTTPS monitor on /owa/auth/logon.aspx (expect 200), TCP monitors on 135 and the static RPC ports. (/owa/healthcheck.htm exists only from Exchange 2013.)',
    'Client affinity: source IP (the equivalent of NLB Single affinity) for RPC and the Address Book; cookie or source IP for OWA / Outlook Anywhere.',
  ];
}

export function casArraySteps(ctx: GenerationContext): void {
  const { design } = ctx;
  const dns = design.casArrays.length > 0 ? dnsServerFor(ctx) : { name: '', server: undefined };
  for (const array of design.casArrays) {
    const ems = ctx.ems(array.siteId);
    const site = ctx.siteName(array.siteId);
    const hlb = array.hardwareLoadBalancerId ? ctx.plan.hardwareLoadBalancers.get(array.hardwareLoadBalancerId) : undefined;
    const nlb = array.nlbClusterId ? ctx.plan.nlbClusters.get(array.nlbClusterId) : undefined;
    const siteServers = ctx.plan.serversBySite.get(array.siteId) ?? [];

    if (hlb) {
      const members = hlb.memberIds.map((id) => ctx.server(id)).filter((s): s is Server => !!s);
      ctx.add({
        id: stepIds.hardwareLoadBalancer(array.id),
        // With the NLB steps: the load balancer answers before the DNS record and the array (the tutorial's order).
        phase: 'nlb',
        target: { kind: 'operator' },
        title: `Configure hardware load balancer ${hlb.name} for CAS array ${array.name} (${hlb.vip})`,
        action: {
          kind: 'operator',
          checklist: hardwareLbChecklist(ctx, array, hlb.name, hlb.vip, hlb.memberIds),
          does: { kind: 'load-balancer-vip', vip: hlb.vip, servers: members.map((s) => s.name) },
        },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: members.flatMap((s) => [ctx.setupStep(s), ctx.has(stepIds.staticRpcPorts(s.id)) ? stepIds.staticRpcPorts(s.id) : null]),
        expectedSeconds: HARDWARE_LB_SECONDS,
        notes: ['Done by the load balancer administrator; confirm when the VIP answers on the Client Access ports.'],
        entityIds: [hlb.id, array.id, ...members.map((s) => s.id)],
      });
    }

    const address = arrayAddress(ctx, array);
    const runner = ctx.emsServer(array.siteId);
    if (address) {
      const { zone, hostLabel } = splitDnsName(array.fqdn, design.organization.adDomain);
      // The DnsServer module manages only Windows Server 2012+ DNS servers and exists only on 2012+ hosts; dnscmd
      // works against every version. So: dnscmd unless both the DNS server and the host it runs from are known 2012+.
      const useDnscmd = !dns.server || isLegacyWindows(dns.server.os.version) || isLegacyWindows(runner.os.version);
      const tools = dnsToolsStep(ctx, runner);
      // Nothing client-facing before the address answers: the record waits for the NLB cluster (converged, and the
      // router's ARP entry for multicast) or the hardware load balancer.
      ctx.add({
        id: stepIds.dnsRecord(array.id),
        phase: 'dns',
        target: { kind: 'dns', serverId: runner.id, serverName: runner.name, dnsServer: dns.name },
        title: `Create the DNS record ${array.fqdn} → ${address.ipv4}`,
        action: { kind: 'dns-a-record', dnsServer: dns.name, zone, hostLabel, fqdn: array.fqdn, ipv4: address.ipv4, useDnscmd },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [ctx.hostReady(runner), tools, nlb ? nlbReadyStep(ctx, nlb.id) : null, hlb ? stepIds.hardwareLoadBalancer(array.id) : null],
        expectedSeconds: DNS_RECORD_SECONDS,
        notes: [
          `A record in zone ${zone} on ${dns.name}, pointing at ${address.note}.`,
          useDnscmd
            ? `Uses dnscmd (${dns.server ? 'Windows Server 2008 / 2008 R2 DNS or host' : `${dns.name} is not in the design, so its Windows version is unknown; dnscmd works against every version`}), run from ${runner.name} with the DNS Server Tools the previous step installed.`
            : `Uses Add-DnsServerResourceRecordA (Windows Server 2012 and later), run from ${runner.name}.`,
          `Reaches ${dns.name} from ${runner.name} (a second hop): run with CredSSP (-Authentication Credssp). If dnscmd says "RPC_S_SERVER_UNAVAILABLE" (1722), ${dns.name} is not a DNS server this host can reach.`,
          `Stops without changing anything when ${array.fqdn} already has an A record with another address (a second record would send clients round-robin to it).`,
        ],
        entityIds: [array.id, ...(nlb ? [nlb.id] : []), ...(hlb ? [hlb.id] : [])],
      });
    }

    ctx.add({
      id: stepIds.casArray(array.id),
      phase: 'cas-array',
      target: ems.target,
      title: `Create CAS array ${array.name} (${array.fqdn}) in site ${site}`,
      action: { kind: 'new-cas-array', name: array.name, site, fqdn: array.fqdn },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [address ? stepIds.dnsRecord(array.id) : null, ems.after, nlb ? nlbReadyStep(ctx, nlb.id) : null, hlb ? stepIds.hardwareLoadBalancer(array.id) : null],
      expectedSeconds: CAS_ARRAY_SECONDS,
      notes: [
        'Create the array before moving mailboxes: Outlook profiles do not switch to it by themselves.',
        address ? '' : 'No address is known for the array FQDN (no load balancer and no Client Access server): create its DNS record by hand.',
      ].filter((n) => n !== ''),
      entityIds: [array.id],
    });

    // Clients use the array once a database points at it: its load balancer answers and the Client Access servers of
    // the site listen on the static RPC ports the load balancer balances.
    const casServers = siteServers.filter((s) => s.roles.includes('CAS'));
    const loadBalancerReady = [
      nlb ? nlbReadyStep(ctx, nlb.id) : null,
      hlb ? stepIds.hardwareLoadBalancer(array.id) : null,
      ...casServers.map((s) => (ctx.has(stepIds.staticRpcPorts(s.id)) ? stepIds.staticRpcPorts(s.id) : null)),
    ];
    const mailboxServers = siteServers.filter((s) => s.roles.includes('MB'));
    const rpcSteps: string[] = [];
    for (const server of mailboxServers) {
      const id = stepIds.rpcClientAccess(array.id, server.id);
      rpcSteps.push(id);
      const existingDbs = design.databases.filter((db) => db.existing && db.copies.some((c) => c.serverId === server.id));
      // A database active in another site (a DR member holds its passive copy) or with its own value keeps it.
      const exceptDatabases = design.databases
        .filter((db) => db.copies.some((c) => c.serverId === server.id) && !pointsAt(ctx, db, array))
        .map((db) => db.name);
      ctx.add({
        id,
        phase: 'cas-array',
        target: ems.target,
        title: `Point the databases on ${server.name} at CAS array ${array.fqdn}`,
        action: { kind: 'set-rpc-client-access', mailboxServer: server.name, fqdn: array.fqdn, exceptDatabases },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [stepIds.casArray(array.id), ctx.exchangeReady(server), ems.after, ...loadBalancerReady],
        expectedSeconds: RPC_CLIENT_ACCESS_SECONDS,
        notes: [
          existingDbs.length > 0
            ? `Existing databases (${existingDbs.map((d) => d.name).join(', ')}) keep their old RpcClientAccessServer until this step sets it.`
            : 'Databases created before the array (e.g. the one setup creates) would keep the server they got; this sets every database on the server.',
          exceptDatabases.length > 0 ? `${exceptDatabases.join(', ')} ${exceptDatabases.length === 1 ? 'has' : 'have'} a copy here but ${exceptDatabases.length === 1 ? 'keeps its' : 'keep their'} own RpcClientAccessServer (active in another site, or set in the design).` : '',
          nlb || hlb ? `Runs once the load balancer answers at ${array.fqdn}: Outlook connects to the array as soon as a database points at it.` : '',
        ].filter((n) => n !== ''),
        entityIds: [server.id, array.id, ...existingDbs.map((d) => d.id)],
      });
    }

    const hasExistingMailboxes = mailboxServers.some((s) => s.existing) || design.databases.some((db) => db.existing && db.copies.some((c) => mailboxServers.some((s) => s.id === c.serverId)));
    if (hasExistingMailboxes) {
      ctx.add({
        id: stepIds.outlookProfiles(array.id),
        phase: 'cas-array',
        target: { kind: 'operator' },
        title: `Update existing Outlook profiles to use CAS array ${array.fqdn}`,
        action: {
          kind: 'operator',
          checklist: [
            `Existing Outlook profiles still point at the Client Access server they were created with, not at ${array.fqdn}.`,
            'Either repair each profile (Account Settings → Repair, or "Check Name" on the server field), or move the mailboxes to a database that uses the array (new profiles and moved mailboxes pick it up).',
            'Plan this before mailbox migrations; new profiles need no action.',
          ],
        },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [...rpcSteps, ...loadBalancerReady],
        expectedSeconds: OUTLOOK_PROFILES_SECONDS,
        notes: ['Operator task; there is no script for it.'],
        entityIds: [array.id],
      });
    }
  }
}
