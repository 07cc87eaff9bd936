// The servers grid as a spreadsheet, pure: the columns, a cell's text, a typed or pasted cell turned into a server
// edit, and the tab-separated text a spreadsheet (Excel, LibreOffice, Google Sheets) puts on the clipboard parsed into
// rows and cells. Edits go through updateEntity, so the file format's limits refuse bad values with their reason;
// a paste of many cells is one edit (one undo step) that applies whole or not at all.
import { done, refuse, updateEntity } from '../../shared/edits';
import type { EditResult, Patch } from '../../shared/edits';
import * as S from '../../shared/model/schema';
import type { Design, DesignDocument, Server } from '../../shared/model/types';

type Role = Server['roles'][number];

export type ColumnId = 'name' | 'roles' | 'site' | 'os' | 'cores' | 'ram' | 'nics' | 'ips';

export interface SheetColumn {
  readonly id: ColumnId;
  readonly label: string;
  /** What the admin types, for the column header's title. */
  readonly hint: string;
}

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { id: 'name', label: 'Name', hint: 'Computer name (NetBIOS, at most 15 characters)' },
  { id: 'roles', label: 'Roles', hint: 'CAS, HT, MB, UM or Edge, separated by commas' },
  { id: 'site', label: 'AD site', hint: 'The name of an AD site of the design' },
  { id: 'os', label: 'OS', hint: 'Windows Server version and edition, e.g. 2008 R2 Enterprise SP1' },
  { id: 'cores', label: 'Cores', hint: 'Processor cores (whole number)' },
  { id: 'ram', label: 'RAM (GB)', hint: 'Memory in GB' },
  { id: 'nics', label: 'NICs', hint: 'NIC names in order, separated by commas (wire the server to a subnet to add a NIC)' },
  { id: 'ips', label: 'IPv4 addresses', hint: 'One address per NIC, in the NICs’ order, separated by commas' },
];

// ---- the clipboard's text -----------------------------------------------------------------------------------------

/**
 * Tab-separated text as rows of cells: rows end at CR LF, LF or CR; a cell in double quotes may hold tabs, line
 * breaks and doubled quotes (what spreadsheets write for such cells); the last line break adds no empty row. Cells
 * are trimmed.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let cellStart = true;
  const endCell = () => {
    row.push(cell.trim());
    cell = '';
    cellStart = true;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cellStart && cell.trim() === '') {
      quoted = true;
      cell = '';
      cellStart = false;
      i++;
      continue;
    }
    if (ch === '\t') {
      endCell();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += ch;
    cellStart = false;
    i++;
  }
  if (cell !== '' || row.length > 0 || quoted) endRow();
  // Drop a header row a spreadsheet copy may bring along? No: the admin decides what to copy. Drop empty rows only.
  return rows.filter((r) => r.some((c) => c !== ''));
}

/** A block of cells as a spreadsheet takes it (tabs and line breaks; cells holding either are quoted). */
export function toTsv(rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[\t\r\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join('\t')).join('\n');
}

// ---- cells ------------------------------------------------------------------------------------------------------

const ROLE_WORDS: Readonly<Record<string, Role>> = {
  cas: 'CAS',
  'client access': 'CAS',
  clientaccess: 'CAS',
  ht: 'HT',
  hub: 'HT',
  'hub transport': 'HT',
  hubtransport: 'HT',
  mb: 'MB',
  mbx: 'MB',
  mailbox: 'MB',
  um: 'UM',
  'unified messaging': 'UM',
  edge: 'Edge',
  'edge transport': 'Edge',
};

const EDITIONS: Readonly<Record<string, Server['os']['edition']>> = {
  standard: 'Standard',
  std: 'Standard',
  enterprise: 'Enterprise',
  ent: 'Enterprise',
  datacenter: 'Datacenter',
  dc: 'Datacenter',
};

function osLabel(os: Server['os']): string {
  return `${os.version.replace('R2', ' R2')} ${os.edition} SP${os.servicePack}`;
}

function list(text: string): string[] {
  return text
    .split(/\s*[,;]\s*/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** The text a cell shows (and copies). */
export function cellText(design: Design, server: Server, column: ColumnId): string {
  switch (column) {
    case 'name':
      return server.name;
    case 'roles':
      return server.roles.join(', ');
    case 'site':
      return design.sites.find((s) => s.id === server.siteId)?.name ?? '';
    case 'os':
      return osLabel(server.os);
    case 'cores':
      return String(server.cores);
    case 'ram':
      return String(server.ramGB);
    case 'nics':
      return server.nics.map((n) => n.name).join(', ');
    case 'ips':
      return server.nics.map((n) => n.ipv4).join(', ');
  }
}

export type CellResult = { readonly patch: Patch<'server'> } | { readonly error: string };

/** A number typed in a cell: "16", "16 GB", "16,5" (a decimal comma), "1 024". */
function parseNumber(text: string, unit: RegExp | null): number | null {
  let t = text.trim();
  if (unit) t = t.replace(unit, '').trim();
  t = t.replace(/(\d)[\s\u00a0](?=\d{3}\b)/g, '$1');
  if (/^\d+,\d+$/.test(t)) t = t.replace(',', '.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

/** What a typed or pasted cell changes on the server, or why the text means nothing there. */
export function cellPatch(design: Design, server: Server, column: ColumnId, text: string): CellResult {
  const t = text.trim();
  switch (column) {
    case 'name':
      return { patch: { name: t } };
    case 'roles': {
      const roles: Role[] = [];
      for (const word of list(t)) {
        const role = ROLE_WORDS[word.toLowerCase().replace(/\s+/g, ' ')];
        if (!role) return { error: `“${word}” is not an Exchange 2010 role: use CAS, HT, MB, UM or Edge.` };
        if (!roles.includes(role)) roles.push(role);
      }
      return { patch: { roles } };
    }
    case 'site': {
      const site = design.sites.find((s) => s.name.toLowerCase() === t.toLowerCase());
      if (!site) return { error: `There is no AD site “${t}” in the design (sites: ${design.sites.map((s) => s.name).join(', ') || 'none'}).` };
      return { patch: { siteId: site.id } };
    }
    case 'os': {
      const v = /(2008|2012|2016)\s*(r2)?/i.exec(t);
      if (!v) return { error: `“${t}” names no Windows Server version: 2008, 2008 R2, 2012, 2012 R2 or 2016 (e.g. 2008 R2 Enterprise).` };
      const version = `${v[1]}${v[2] ? 'R2' : ''}`;
      if (!(S.WindowsVersion.options as readonly string[]).includes(version)) return { error: `Windows Server ${version} is not one ExTopo models.` };
      const e = /\b(standard|std|enterprise|ent|datacenter|dc)\b/i.exec(t);
      const sp = /\bsp\s*(\d)\b/i.exec(t);
      return {
        patch: {
          os: {
            version: version as Server['os']['version'],
            edition: e ? EDITIONS[e[1].toLowerCase()] : server.os.edition,
            servicePack: sp ? Number(sp[1]) : server.os.servicePack,
          },
        },
      };
    }
    case 'cores': {
      const n = parseNumber(t, null);
      if (n === null || !Number.isInteger(n)) return { error: `“${t}” is not a whole number.` };
      return { patch: { cores: n } };
    }
    case 'ram': {
      const n = parseNumber(t, /\s*gb$/i);
      if (n === null) return { error: `“${t}” is not a number of GB.` };
      return { patch: { ramGB: n } };
    }
    case 'nics': {
      const names = list(t);
      if (names.length !== server.nics.length) {
        return { error: `${server.name} has ${server.nics.length} NIC${server.nics.length === 1 ? '' : 's'}: give ${server.nics.length === 1 ? 'one name' : `${server.nics.length} names`} (wire the server to a subnet on the canvas to add a NIC).` };
      }
      return { patch: { nics: server.nics.map((n, i) => ({ ...n, name: names[i] })) } };
    }
    case 'ips': {
      const ips = list(t.replace(/\s+/g, ','));
      if (ips.length !== server.nics.length) {
        return { error: `${server.name} has ${server.nics.length} NIC${server.nics.length === 1 ? '' : 's'}: give ${server.nics.length === 1 ? 'one address' : `${server.nics.length} addresses`}, in the NICs’ order.` };
      }
      return { patch: { nics: server.nics.map((n, i) => ({ ...n, ipv4: ips[i] })) } };
    }
  }
}

export interface CellEdit {
  readonly serverId: string;
  readonly column: ColumnId;
  readonly text: string;
}

function columnLabel(column: ColumnId): string {
  return SHEET_COLUMNS.find((c) => c.id === column)?.label ?? column;
}

/** Applies cell edits in order as one edit: all of them, or none with the first refusal ("EX3, RAM (GB): …"). */
export function applyCells(doc: DesignDocument, edits: readonly CellEdit[]): EditResult {
  let current = doc;
  for (const e of edits) {
    const server = current.design.servers.find((s) => s.id === e.serverId);
    if (!server) return refuse(`There is no server "${e.serverId}" in the design.`);
    if (cellText(current.design, server, e.column) === e.text.trim()) continue;
    const p = cellPatch(current.design, server, e.column, e.text);
    if ('error' in p) return refuse(`${server.name}, ${columnLabel(e.column)}: ${p.error}`);
    const r = updateEntity(current, 'server', server.id, p.patch);
    if (!r.ok) {
      // "EX3, ramGB: Too small…" (the schema's path) → "EX3, RAM (GB): Too small…" (the grid's column).
      const own = r.reason.startsWith(`${server.name}, `) || r.reason.startsWith(`${server.name}: `) ? r.reason.slice(server.name.length).replace(/^(, [^:]*)?: /, '') : r.reason;
      return refuse(`${server.name}, ${columnLabel(e.column)}: ${own}`);
    }
    current = r.doc;
  }
  return done(current);
}

export interface PastePlan {
  readonly edits: readonly CellEdit[];
  /** Rows and columns of the pasted block that fell outside the grid (more rows than servers, or past the last column). */
  readonly rowsLeft: number;
  readonly columnsLeft: number;
}

/**
 * Where a pasted block goes: from the active cell rightwards and downwards, one server per row in the grid's order.
 * A single cell pasted over several selected rows fills them all (like a spreadsheet's fill).
 */
export function planPaste(servers: readonly Server[], startRow: number, startColumn: number, rows: readonly (readonly string[])[], fillRows = 1): PastePlan {
  const edits: CellEdit[] = [];
  let rowsLeft = 0;
  let columnsLeft = 0;
  const single = rows.length === 1 && rows[0].length === 1;
  const block = single && fillRows > 1 ? Array.from({ length: fillRows }, () => rows[0]) : rows;
  block.forEach((cells, r) => {
    const server = servers[startRow + r];
    if (!server) {
      rowsLeft++;
      return;
    }
    cells.forEach((text, c) => {
      const column = SHEET_COLUMNS[startColumn + c];
      if (!column) {
        if (r === 0) columnsLeft++;
        return;
      }
      edits.push({ serverId: server.id, column: column.id, text });
    });
  });
  return { edits, rowsLeft, columnsLeft };
}
