// From an inventory of a running Exchange 2010 organization to a design: every server, database and group marked
// `existing`, laid out by site, so the planner's findings on it are a health check of the organization and a runbook
// for it acts only on what is missing. Inventory values are untrusted text: a name the design format cannot hold is
// skipped with a note, never passed on.
import { completeLayout } from '../canvas/autoLayout';
import { loadDesignValue } from '../model/load';
import { cidrContains, formatIpv4, maskOf, parseCidr, parseIpv4 } from '../model/ip';
import { ComputerName, DEFAULT_DEPLOYMENT, DnsName, FORMAT_VERSION, ObjectName, WindowsPath } from '../model/schema';
import type { CasArray, Dag, Design, DesignDocument, MailboxDatabase, Nic, NicPurpose, NlbCluster, Server, Site, Subnet, WindowsEdition, WindowsVersion } from '../model/types';
import type { Inventory, InventoryServer } from './schema';

export interface ImportResult {
  readonly document: DesignDocument;
  /** What the import could not map, or mapped by assumption (one sentence each). */
  readonly notes: readonly string[];
}

/** Windows versions by the first two parts of Win32_OperatingSystem.Version. */
const WINDOWS_BY_VERSION: Readonly<Record<string, WindowsVersion>> = { '6.0': '2008', '6.1': '2008R2', '6.2': '2012', '6.3': '2012R2', '10.0': '2016' };
/** Exchange 2010 service packs by AdminDisplayVersion's "Version 14.x". */
const SERVICE_PACK_BY_MINOR = ['RTM', 'SP1', 'SP2', 'SP3'] as const;
/** What the designer assumes for a server whose hardware the inventory could not read. */
const DEFAULT_HARDWARE = { cores: 4, ramGB: 16 } as const;

const lower = (s: string): string => s.toLowerCase();

/** An id made of the allowed characters, unique in `used`. */
function makeId(prefix: string, name: string, used: Set<string>): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'x';
  let id = `${prefix}-${slug}`;
  for (let i = 2; used.has(id); i++) id = `${prefix}-${slug}-${i}`;
  used.add(id);
  return id;
}

function valid(schema: { safeParse: (v: unknown) => { success: boolean } }, value: string): boolean {
  return schema.safeParse(value).success;
}

/** Shows an untrusted value in a note: quoted, control characters escaped, at most 60 characters. */
function shown(value: string): string {
  // JSON.stringify escapes quotes, backslashes and C0 controls; C1 controls, lone surrogates and the bidirectional
  // overrides (which could make a note read backwards) are escaped here too.
  const text = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  return text.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function prefixOfMask(mask: string): number | null {
  const value = parseIpv4(mask);
  if (value === null) return null;
  for (let p = 0; p <= 32; p++) if (maskOf(p) >>> 0 === value >>> 0) return p;
  return null;
}

function windowsOf(server: InventoryServer): { version: WindowsVersion; edition: WindowsEdition; servicePack: number } | null {
  if (!server.os) return null;
  const key = server.os.version.split('.').slice(0, 2).join('.');
  const version = WINDOWS_BY_VERSION[key];
  if (!version) return null;
  const caption = server.os.caption;
  const edition: WindowsEdition = /Datacenter/i.test(caption) ? 'Datacenter' : /Enterprise/i.test(caption) ? 'Enterprise' : 'Standard';
  return { version, edition, servicePack: Math.min(2, Math.max(0, server.os.servicePack)) };
}

function servicePackOf(adminDisplayVersion: string): (typeof SERVICE_PACK_BY_MINOR)[number] | null {
  const m = /Version 14\.(\d+)/.exec(adminDisplayVersion);
  if (!m) return null;
  return SERVICE_PACK_BY_MINOR[Math.min(3, Number(m[1]))] ?? null;
}

function nlbMode(mode: string): NlbCluster['mode'] {
  const m = lower(mode);
  return m === 'multicast' ? 'multicast' : m === 'igmpmulticast' ? 'igmpMulticast' : 'unicast';
}

function titleCaseOf<T extends string>(value: string, choices: readonly T[], fallback: T): T {
  return choices.find((c) => lower(c) === lower(value)) ?? fallback;
}

/** Turns an inventory into a design document; never throws on odd values (they become notes). */
export function importInventory(inventory: Inventory): ImportResult {
  const notes: string[] = inventory.problems.map((p) => `The inventory could not read ${p.section} of ${p.target || 'the organization'}: ${p.message}`);
  const ids = new Set<string>();

  // --- Sites and subnets --------------------------------------------------------------------------------------------
  const sites: Site[] = [];
  const siteIdByName = new Map<string, string>();
  const siteFor = (name: string): string => {
    const key = lower(name.trim());
    const found = siteIdByName.get(key);
    if (found) return found;
    const siteName = valid(ObjectName, name.trim()) ? name.trim() : 'Default-First-Site-Name';
    if (siteName !== name.trim()) notes.push(`AD site ${shown(name)} cannot be a site name in ExTopo: its objects go to site ${siteName}.`);
    const existing = siteIdByName.get(lower(siteName));
    if (existing) {
      siteIdByName.set(key, existing);
      return existing;
    }
    const id = makeId('site', siteName, ids);
    sites.push({ id, name: siteName });
    siteIdByName.set(key, id);
    siteIdByName.set(lower(siteName), id);
    return id;
  };
  const subnets: Subnet[] = [];
  const addSubnet = (cidrText: string, siteId: string): Subnet | null => {
    const cidr = parseCidr(cidrText);
    if (!cidr) {
      notes.push(`Subnet ${shown(cidrText)} is not an IPv4 network in CIDR form: skipped.`);
      return null;
    }
    const text = `${formatIpv4(cidr.network)}/${cidr.prefix}`;
    const same = subnets.find((s) => s.cidr === text);
    if (same) return same;
    const subnet: Subnet = { id: makeId('subnet', text.replace('/', '-'), ids), siteId, cidr: text, purpose: 'mapi' };
    subnets.push(subnet);
    return subnet;
  };
  for (const site of inventory.sites) {
    const siteId = siteFor(site.name);
    for (const cidr of site.subnets) addSubnet(cidr, siteId);
  }
  const subnetOf = (ipv4: string): Subnet | undefined => {
    const address = parseIpv4(ipv4);
    if (address === null) return undefined;
    return subnets.find((s) => {
      const c = parseCidr(s.cidr);
      return c !== null && cidrContains(c, address);
    });
  };
  // Replication-only DAG networks mark their subnets as replication networks.
  for (const dag of inventory.dags) {
    for (const network of dag.networks) {
      if (!network.replicationEnabled || network.mapiAccessEnabled) continue;
      for (const cidr of network.subnets) {
        const subnet = subnets.find((s) => s.cidr === cidr);
        if (subnet) subnet.purpose = 'replication';
      }
    }
  }

  // Addresses that belong to a cluster, not to a server's own NIC (NLB binds its VIP to every node's NLB NIC; the
  // DAG's cluster IP shows on the node that owns it).
  const clusterAddresses = new Set<string>([...inventory.nlbClusters.map((c) => c.vip), ...inventory.dags.flatMap((d) => d.ipAddresses)]);

  // --- Servers ------------------------------------------------------------------------------------------------------
  const servers: Server[] = [];
  const serverByName = new Map<string, Server>();
  let lowestServicePack: (typeof SERVICE_PACK_BY_MINOR)[number] | null = null;
  let anyEnterprise = false;
  for (const item of inventory.servers) {
    if (!valid(ComputerName, item.name) || item.name === '') {
      notes.push(`Server ${shown(item.name)} has a name ExTopo cannot hold (letters, digits and hyphens): skipped, with its NICs and copies.`);
      continue;
    }
    if (serverByName.has(lower(item.name))) {
      notes.push(`Server ${item.name} appears twice in the inventory: the second one is skipped.`);
      continue;
    }
    const siteId = siteFor(item.site || 'Default-First-Site-Name');
    const windows = windowsOf(item);
    if (!windows) notes.push(`Server ${item.name}: Windows was not read (${item.os ? `version ${shown(item.os.version)}` : 'no WMI answer'}); assumed Windows Server 2008 R2 SP1 Standard: check it.`);
    const sp = servicePackOf(item.adminDisplayVersion);
    if (sp && (lowestServicePack === null || SERVICE_PACK_BY_MINOR.indexOf(sp) < SERVICE_PACK_BY_MINOR.indexOf(lowestServicePack))) lowestServicePack = sp;
    const edition = /^Enterprise$/i.test(item.edition) ? 'Enterprise' : /^Standard$/i.test(item.edition) ? 'Standard' : undefined;
    if (edition === 'Enterprise') anyEnterprise = true;
    if (edition === undefined && item.edition !== '') notes.push(`Server ${item.name} runs Exchange as ${shown(item.edition)} (no product key entered yet): its edition is left to the organization's.`);
    if (item.cores === null || item.ramGB === null || item.cores < 1 || item.ramGB <= 0) {
      notes.push(`Server ${item.name}: processors and memory were not read; assumed ${DEFAULT_HARDWARE.cores} cores and ${DEFAULT_HARDWARE.ramGB} GB: check them before sizing.`);
    }
    const fqdn = valid(DnsName, item.fqdn) && item.fqdn !== '' ? item.fqdn.toLowerCase() : '';
    if (fqdn === '') notes.push(`Server ${item.name}: FQDN ${shown(item.fqdn)} is not a DNS name: left empty.`);
    const id = makeId('srv', item.name, ids);
    const nics: Nic[] = [];
    for (const nic of item.nics) {
      const own = nic.addresses.filter((a) => !clusterAddresses.has(a.ipv4) && parseIpv4(a.ipv4) !== null);
      if (own.length === 0) continue;
      if (own.length > 1) notes.push(`Server ${item.name}, NIC ${shown(nic.name)}: ${own.length} addresses; ExTopo models one per NIC and keeps ${own[0].ipv4}.`);
      const address = own[0];
      let subnet = subnetOf(address.ipv4);
      if (!subnet) {
        const prefix = prefixOfMask(address.subnetMask);
        const ip = parseIpv4(address.ipv4);
        if (prefix !== null && ip !== null && prefix >= 1 && prefix <= 30) {
          subnet = addSubnet(`${formatIpv4((ip & maskOf(prefix)) >>> 0)}/${prefix}`, siteId) ?? undefined;
          if (subnet) notes.push(`Subnet ${subnet.cidr} (of ${item.name}'s ${address.ipv4}) is not an AD subnet: added to the server's site; add it in Active Directory Sites and Services.`);
        }
      }
      if (!subnet) {
        notes.push(`Server ${item.name}: address ${shown(address.ipv4)} is in no known subnet: its NIC is skipped.`);
        continue;
      }
      const isNlb = inventory.nlbClusters.some((c) => c.nodes.some((n) => lower(n.host) === lower(item.name) && lower(n.interfaceName) === lower(nic.name)));
      const purpose: NicPurpose = isNlb ? 'nlb' : subnet.purpose === 'replication' ? 'replication' : 'mapi';
      const name = valid(ObjectName, nic.name) ? nic.name : `NIC ${nics.length + 1}`;
      nics.push({ id: makeId('nic', `${item.name}-${name}`, ids), name, subnetId: subnet.id, ipv4: address.ipv4, purpose });
    }
    const server: Server = {
      id,
      name: item.name,
      fqdn,
      siteId,
      os: windows ?? { version: '2008R2', edition: 'Standard', servicePack: 1 },
      roles: [...new Set(item.roles)],
      cores: item.cores !== null && item.cores >= 1 ? Math.min(256, item.cores) : DEFAULT_HARDWARE.cores,
      ramGB: item.ramGB !== null && item.ramGB > 0 ? Math.min(4096, item.ramGB) : DEFAULT_HARDWARE.ramGB,
      virtualized: item.virtualized,
      domainController: item.domainController,
      existing: true,
      nics: nics.slice(0, 16),
      ...(edition ? { exchangeEdition: edition } : {}),
      ...(item.roles.includes('Edge') ? { domainJoined: false } : {}),
    };
    servers.push(server);
    serverByName.set(lower(item.name), server);
    if (fqdn !== '') serverByName.set(fqdn, server);
  }
  const serverNamed = (name: string): Server | undefined => serverByName.get(lower(name.trim()));

  // --- NLB clusters -------------------------------------------------------------------------------------------------
  const nlbClusters: NlbCluster[] = [];
  for (const c of inventory.nlbClusters) {
    const subnet = subnetOf(c.vip);
    if (!subnet || !valid(DnsName, c.name)) {
      notes.push(`NLB cluster ${shown(c.name)} (VIP ${shown(c.vip)}): ${subnet ? 'its name is not a DNS name' : 'its VIP is in no known subnet'}: skipped.`);
      continue;
    }
    const members = c.nodes.flatMap((node) => {
      const server = serverNamed(node.host);
      const nic = server?.nics.find((n) => lower(n.name) === lower(node.interfaceName)) ?? server?.nics.find((n) => n.purpose === 'nlb');
      if (!server || !nic) {
        notes.push(`NLB cluster ${c.name}: node ${shown(node.host)} (${shown(node.interfaceName)}) is not a server NIC of the inventory: left out.`);
        return [];
      }
      return [{ serverId: server.id, nicId: nic.id, hostPriority: node.hostPriority, loadWeight: 50 }];
    });
    nlbClusters.push({
      id: makeId('nlb', c.name, ids),
      fqdn: c.name.toLowerCase(),
      vip: c.vip,
      subnetId: subnet.id,
      mode: nlbMode(c.mode),
      clientsOnOtherSubnets: false,
      portRules: c.portRules.map((r) => ({
        startPort: r.startPort,
        endPort: r.endPort,
        protocol: titleCaseOf(r.protocol, ['Tcp', 'Udp', 'Both'] as const, 'Both'),
        affinity: titleCaseOf(r.affinity, ['None', 'Single', 'Network'] as const, 'Single'),
      })),
      members,
    });
  }

  // --- CAS arrays ---------------------------------------------------------------------------------------------------
  const casArrays: CasArray[] = [];
  for (const a of inventory.casArrays) {
    if (!valid(ObjectName, a.name) || !valid(DnsName, a.fqdn) || a.fqdn === '') {
      notes.push(`CAS array ${shown(a.name)} (${shown(a.fqdn)}): not a valid name and FQDN: skipped.`);
      continue;
    }
    const siteId = siteFor(a.site || 'Default-First-Site-Name');
    const memberIds = new Set(a.members.map((m) => serverNamed(m)?.id).filter((x): x is string => x !== undefined));
    const nlb = nlbClusters.find((c) => lower(c.fqdn) === lower(a.fqdn)) ?? nlbClusters.find((c) => c.members.length > 0 && c.members.every((m) => memberIds.has(m.serverId)));
    casArrays.push({ id: makeId('casarray', a.name, ids), name: a.name, fqdn: a.fqdn.toLowerCase(), siteId, nlbClusterId: nlb?.id ?? null, hardwareLoadBalancerId: null, staticPorts: null });
    if (!nlb) notes.push(`CAS array ${a.name}: no Windows NLB cluster balances it in the inventory (a hardware load balancer is not visible to the script): add its load balancer in the designer.`);
  }

  // --- DAGs ---------------------------------------------------------------------------------------------------------
  const dags: Dag[] = [];
  for (const d of inventory.dags) {
    if (!valid(ComputerName, d.name) || d.name === '') {
      notes.push(`DAG ${shown(d.name)}: not a valid name: skipped.`);
      continue;
    }
    const members = d.members.map((m) => serverNamed(m)).filter((s): s is Server => s !== undefined);
    const siteId = members[0]?.siteId ?? siteFor('Default-First-Site-Name');
    const witness = serverNamed(d.witnessServer);
    const alternate = serverNamed(d.alternateWitnessServer);
    const path = (text: string, fallback: string): string => (valid(WindowsPath, text) ? text : fallback);
    const replicationSubnetIds = [
      ...new Set(
        d.networks
          .filter((n) => n.replicationEnabled && !n.mapiAccessEnabled)
          .flatMap((n) => n.subnets.map((cidr) => subnets.find((s) => s.cidr === cidr)?.id))
          .filter((x): x is string => x !== undefined),
      ),
    ];
    dags.push({
      id: makeId('dag', d.name, ids),
      name: d.name,
      siteId,
      memberIds: members.map((s) => s.id),
      ipAddresses: d.ipAddresses.flatMap((ip) => {
        const subnet = subnetOf(ip);
        return subnet ? [{ subnetId: subnet.id, ipv4: ip }] : [];
      }),
      witnessServerId: witness?.id ?? null,
      witnessHost: witness || !valid(DnsName, d.witnessServer) ? '' : d.witnessServer.toLowerCase(),
      witnessDirectory: path(d.witnessDirectory, `C:\\${d.name}`),
      replicationSubnetIds,
      datacenterActivationMode: lower(d.datacenterActivationMode) === 'dagonly' ? 'DagOnly' : 'Off',
      ...(alternate ? { alternateWitnessServerId: alternate.id } : d.alternateWitnessServer !== '' && valid(DnsName, d.alternateWitnessServer) ? { alternateWitnessHost: d.alternateWitnessServer.toLowerCase() } : {}),
      ...(d.alternateWitnessDirectory !== '' && valid(WindowsPath, d.alternateWitnessDirectory) ? { alternateWitnessDirectory: d.alternateWitnessDirectory } : {}),
    });
  }

  // --- Databases ----------------------------------------------------------------------------------------------------
  const databases: MailboxDatabase[] = [];
  for (const db of inventory.databases) {
    if (!valid(ObjectName, db.name)) {
      notes.push(`Mailbox database ${shown(db.name)}: not a valid name in ExTopo: skipped.`);
      continue;
    }
    const copies = db.copies.flatMap((c) => {
      const server = serverNamed(c.server);
      return server ? [{ serverId: server.id, activationPreference: c.activationPreference, replayLagDays: c.replayLagDays, truncationLagDays: c.truncationLagDays }] : [];
    });
    if (copies.length === 0) {
      notes.push(`Mailbox database ${db.name}: none of its copies is on a server of the inventory: skipped.`);
      continue;
    }
    const first = servers.find((s) => s.id === copies.slice().sort((a, b) => a.activationPreference - b.activationPreference)[0].serverId);
    const arrayFqdn = casArrays.find((a) => a.siteId === first?.siteId)?.fqdn ?? '';
    const rpc = lower(db.rpcClientAccessServer);
    const override = rpc !== '' && rpc !== arrayFqdn && valid(DnsName, rpc) ? { rpcClientAccessServer: rpc } : {};
    databases.push({ id: makeId('db', db.name, ids), name: db.name, existing: true, copies, ...override });
  }

  const organizationName = valid(ObjectName, inventory.organization.name) ? inventory.organization.name : 'Exchange';
  if (organizationName !== inventory.organization.name) notes.push(`Organization name ${shown(inventory.organization.name)} cannot be held: named "Exchange"; set it in the designer.`);
  const design: Design = {
    organization: {
      name: organizationName,
      adDomain: valid(DnsName, inventory.organization.adDomain) ? inventory.organization.adDomain.toLowerCase() : '',
      exchangeVersion: '2010',
      servicePack: lowestServicePack ?? 'SP3',
      rollup: 0,
      edition: anyEnterprise ? 'Enterprise' : 'Standard',
      externalHostnames: [],
    },
    goals: { highlyAvailable: dags.length > 0 },
    // The domain controller the script read Active Directory from: it holds the AD-integrated DNS zone the CAS
    // array's record goes in (the runbook's DNS step names it).
    deployment: { ...DEFAULT_DEPLOYMENT, dnsServer: valid(DnsName, inventory.organization.domainController) ? inventory.organization.domainController.toLowerCase() : '' },
    sites: sites.length > 0 ? sites : [{ id: siteFor('Default-First-Site-Name'), name: 'Default-First-Site-Name' }],
    subnets,
    servers,
    nlbClusters,
    hardwareLoadBalancers: [],
    casArrays,
    dags,
    databases,
  };
  if (lowestServicePack === null) notes.push('No server reported its Exchange version: assumed Exchange 2010 SP3.');
  notes.push('The update rollup is not in the inventory (AdminDisplayVersion names only the service pack): set it in the organization settings.');
  const collected = inventory.collectedAt === '' ? '' : ` on ${inventory.collectedAt.slice(0, 10)}`;
  const raw: DesignDocument = {
    formatVersion: FORMAT_VERSION,
    title: `${organizationName} (inventory${collected})`.slice(0, 200),
    revision: 0,
    design,
    layout: completeLayout(design, { nodes: {} }),
  };
  // The result must be a design ExTopo loads (defaults filled in); anything else is a defect of this importer.
  const loaded = loadDesignValue(raw);
  if (!loaded.ok) throw new Error(`The imported design does not load: ${loaded.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return { document: loaded.document, notes };
}
