// Small designs for the sizing tests, built from a few lines: Mailbox servers (in a DAG or not), other servers,
// databases with their copies in activation-preference order, and the sizing inputs. The schema fills the defaults,
// so each test states only what its arithmetic needs.
import * as S from '../../shared/model/schema';
import type { Design, Role } from '../../shared/model/types';

export interface ServerSpec {
  readonly name: string;
  readonly roles?: readonly Role[];
  readonly cores?: number;
  readonly ramGB?: number;
  readonly specIntRate?: number;
  readonly virtualized?: boolean;
  readonly storageGB?: number;
  readonly storageIops?: number;
  readonly site?: string;
}

export interface DatabaseSpec {
  readonly name: string;
  /** Servers of the copies, activation preference 1, 2, …; "MB3:7" is a copy with a 7-day replay lag. */
  readonly copies: readonly string[];
  readonly mailboxes?: number;
}

export interface SizingDesignSpec {
  readonly servers: readonly ServerSpec[];
  /** DAG name → member names. */
  readonly dags?: Readonly<Record<string, readonly string[]>>;
  readonly databases: readonly DatabaseSpec[];
  readonly tiers?: readonly { name?: string; mailboxCount: number; mailboxQuotaGB: number; messagesPerDay: number }[];
  readonly sizing?: Record<string, unknown>;
  readonly highlyAvailable?: boolean;
}

const id = (name: string) => `srv-${name.toLowerCase()}`;

export function sizingDesign(spec: SizingDesignSpec): Design {
  const sites = [...new Set(spec.servers.map((s) => s.site ?? 'HQ'))];
  const raw = {
    organization: { name: 'Contoso', adDomain: 'contoso.local', exchangeVersion: '2010', servicePack: 'SP3', edition: 'Enterprise' },
    goals: { highlyAvailable: spec.highlyAvailable ?? true },
    ...(spec.tiers ? { sizing: { tiers: spec.tiers.map((t) => ({ name: t.name ?? 'Mailboxes', ...t })), ...spec.sizing } } : {}),
    sites: sites.map((s) => ({ id: `site-${s.toLowerCase()}`, name: s })),
    subnets: sites.map((s, i) => ({ id: `subnet-${s.toLowerCase()}`, siteId: `site-${s.toLowerCase()}`, cidr: `10.${i}.0.0/16`, purpose: 'mapi' })),
    servers: spec.servers.map((s, i) => {
      const site = (s.site ?? 'HQ').toLowerCase();
      return {
        id: id(s.name),
        name: s.name,
        fqdn: `${s.name.toLowerCase()}.contoso.local`,
        siteId: `site-${site}`,
        os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 },
        roles: s.roles ?? ['MB'],
        cores: s.cores ?? 8,
        ramGB: s.ramGB ?? 48,
        virtualized: s.virtualized ?? false,
        ...(s.specIntRate !== undefined ? { specIntRate: s.specIntRate } : {}),
        ...(s.storageGB !== undefined ? { storageGB: s.storageGB } : {}),
        ...(s.storageIops !== undefined ? { storageIops: s.storageIops } : {}),
        nics: [{ id: `nic-${s.name.toLowerCase()}`, name: 'MAPI', subnetId: `subnet-${site}`, ipv4: `10.${sites.indexOf(s.site ?? 'HQ')}.1.${i + 10}`, purpose: 'mapi' }],
      };
    }),
    dags: Object.entries(spec.dags ?? {}).map(([name, members]) => ({ id: `dag-${name.toLowerCase()}`, name, siteId: `site-${(spec.servers.find((s) => s.name === members[0])?.site ?? 'HQ').toLowerCase()}`, memberIds: members.map(id), ipAddresses: [] })),
    databases: spec.databases.map((d) => ({
      id: `db-${d.name.toLowerCase()}`,
      name: d.name,
      ...(d.mailboxes !== undefined ? { mailboxCount: d.mailboxes } : {}),
      copies: d.copies.map((c, i) => {
        const [server, lag] = c.split(':');
        return { serverId: id(server), activationPreference: i + 1, replayLagDays: lag ? Number(lag) : 0 };
      }),
    })),
  };
  return S.Design.parse(raw);
}
