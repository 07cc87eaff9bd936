// The inventory file written by powershell/inventory/Get-ExTopoInventory.ps1 (format "extopo-inventory", version 1):
// what a running Exchange 2010 organization has, as read by its own cmdlets. Values are kept as the cmdlets print
// them (text); import.ts turns them into a design and says what it could not map.
import { z } from 'zod';

export const INVENTORY_FORMAT = 'extopo-inventory';
export const INVENTORY_FORMAT_VERSION = 1;

const Text = z.string().max(4000);
const TextList = z.array(Text).max(10_000).default([]);

export const InventoryAddress = z.object({ ipv4: Text, subnetMask: Text.default('') });

export const InventoryNic = z.object({
  name: Text.default(''),
  description: Text.default(''),
  addresses: z.array(InventoryAddress).max(256).default([]),
  registersInDns: z.boolean().default(true),
});

export const InventoryVirtualDirectory = z.object({
  kind: z.enum(['owa', 'ecp', 'ews', 'oab', 'activesync']),
  identity: Text.default(''),
  internalUrl: Text.default(''),
  externalUrl: Text.default(''),
});

export const InventoryCertificate = z.object({
  thumbprint: Text,
  subject: Text.default(''),
  issuer: Text.default(''),
  names: TextList,
  notAfter: Text.default(''),
  services: Text.default(''),
  selfSigned: z.boolean().default(false),
});

export const InventoryServer = z.object({
  name: Text,
  fqdn: Text.default(''),
  site: Text.default(''),
  roles: z.array(z.enum(['CAS', 'HT', 'MB', 'UM', 'Edge'])).max(5).default([]),
  edition: Text.default(''),
  adminDisplayVersion: Text.default(''),
  os: z.object({ caption: Text.default(''), version: Text.default(''), servicePack: z.number().int().min(0).max(9).default(0) }).nullable().default(null),
  domainController: z.boolean().default(false),
  cores: z.number().int().min(0).max(4096).nullable().default(null),
  ramGB: z.number().min(0).max(65_536).nullable().default(null),
  virtualized: z.boolean().default(false),
  nics: z.array(InventoryNic).max(64).default([]),
  virtualDirectories: z.array(InventoryVirtualDirectory).max(100).default([]),
  outlookAnywhere: z.object({ externalHostname: Text.default(''), clientAuthenticationMethod: Text.default(''), sslOffloading: z.boolean().default(false) }).nullable().default(null),
  autoDiscoverServiceInternalUri: Text.nullable().default(null),
  certificates: z.array(InventoryCertificate).max(1000).default([]),
});

export const InventoryCasArray = z.object({ name: Text, fqdn: Text.default(''), site: Text.default(''), members: TextList });

export const InventoryDagNetwork = z.object({
  name: Text.default(''),
  subnets: TextList,
  replicationEnabled: z.boolean().default(true),
  mapiAccessEnabled: z.boolean().default(false),
});

export const InventoryDag = z.object({
  name: Text,
  members: TextList,
  witnessServer: Text.default(''),
  witnessDirectory: Text.default(''),
  alternateWitnessServer: Text.default(''),
  alternateWitnessDirectory: Text.default(''),
  datacenterActivationMode: Text.default('Off'),
  ipAddresses: TextList,
  networks: z.array(InventoryDagNetwork).max(64).default([]),
});

export const InventoryDatabaseCopy = z.object({
  server: Text,
  activationPreference: z.number().int().min(1).max(64),
  replayLagDays: z.number().min(0).max(365).default(0),
  truncationLagDays: z.number().min(0).max(365).default(0),
});

export const InventoryDatabase = z.object({
  name: Text,
  server: Text.default(''),
  masterServerOrAvailabilityGroup: Text.default(''),
  rpcClientAccessServer: Text.default(''),
  edbFilePath: Text.default(''),
  logFolderPath: Text.default(''),
  copies: z.array(InventoryDatabaseCopy).max(64).default([]),
});

export const InventoryNlbCluster = z.object({
  name: Text,
  vip: Text,
  subnetMask: Text.default(''),
  mode: Text.default('Unicast'),
  nodes: z.array(z.object({ host: Text, interfaceName: Text.default(''), hostPriority: z.number().int().min(0).max(1000), state: Text.default('') })).max(64).default([]),
  portRules: z
    .array(z.object({ startPort: z.number().int().min(0).max(65535), endPort: z.number().int().min(0).max(65535), protocol: Text.default('Both'), mode: Text.default('Multiple'), affinity: Text.default('Single') }))
    .max(64)
    .default([]),
});

export const Inventory = z.object({
  format: z.literal(INVENTORY_FORMAT),
  formatVersion: z.literal(INVENTORY_FORMAT_VERSION),
  collectedAt: Text.default(''),
  collectedOn: Text.default(''),
  powershellVersion: Text.default(''),
  organization: z.object({ name: Text.default(''), adDomain: Text.default(''), domainController: Text.default('') }),
  sites: z.array(z.object({ name: Text, subnets: TextList })).max(1000).default([]),
  servers: z.array(InventoryServer).max(10_000).default([]),
  casArrays: z.array(InventoryCasArray).max(1000).default([]),
  dags: z.array(InventoryDag).max(5000).default([]),
  databases: z.array(InventoryDatabase).max(100_000).default([]),
  nlbClusters: z.array(InventoryNlbCluster).max(5000).default([]),
  problems: z.array(z.object({ section: Text, target: Text, message: Text })).max(100_000).default([]),
});

export type Inventory = z.infer<typeof Inventory>;
export type InventoryServer = z.infer<typeof InventoryServer>;

export type InventoryParse = { readonly ok: true; readonly inventory: Inventory } | { readonly ok: false; readonly problems: readonly string[] };

/** Reads an inventory file's text: clear messages naming the JSON path, the value and what was expected. */
export function parseInventoryText(text: string): InventoryParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`The file is not JSON (${(e as Error).message}). Write it again with Get-ExTopoInventory.ps1.`] };
  }
  const record = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!record || record.format !== INVENTORY_FORMAT) {
    return { ok: false, problems: [`This is not an ExTopo inventory: "format" must be "${INVENTORY_FORMAT}". Make one with \`extopo inventory-script\` and run it in the Exchange Management Shell.`] };
  }
  if (record.formatVersion !== INVENTORY_FORMAT_VERSION) {
    return { ok: false, problems: [`Inventory format version ${String(record.formatVersion)} is not supported; this ExTopo reads version ${INVENTORY_FORMAT_VERSION}. Use the inventory script of this version (\`extopo inventory-script\`).`] };
  }
  const parsed = Inventory.safeParse(raw);
  if (parsed.success) return { ok: true, inventory: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 20).map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      return `${path || 'the file'}: ${issue.message}.`;
    }),
  };
}
