// The inventory.* channels (issue 16): turn an inventory of a running Exchange 2010 organization into a design
// (shared/inventory importInventory), and read that inventory in one click by running Get-ExTopoInventory.ps1 -
// read-only - through the executor's transport:
// - real hosts: PowerShell remoting (main/transports/powershell) with a credential held by the credentials service.
//   The script runs in the local PowerShell with the chosen Exchange server's cmdlets imported from its Exchange
//   endpoint (the 'ems' lane, as the Exchange Management Shell itself does); nothing is written anywhere.
// - the rehearsal lab: the host double (pwsh), in the lab world of the design's newest rehearsal (the organization a
//   rehearsal built), or - before any rehearsal - a fresh lab of the design (its `existing` servers deployed).
//
// The script's JSON comes back as base64 lines between markers, so nothing on the way (Out-String's width, lines the
// PowerShell host prints, trimming) can change a character of it; its warnings ("could not read …") are passed on.
// Credentials are never written to disk or logs here: the transport gets a Credential object, whose password only
// crosses to PowerShell encrypted (main/transports/powershell/channel.ts), and every line it returns is redacted.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OpenDesignWire, Response } from '../../shared/ipc/contract';
import { importInventory, parseInventoryText } from '../../shared/inventory';
import type { Inventory } from '../../shared/inventory';
import { loadDesignText, serializeDesign } from '../../shared/model/load';
import type { DesignDocument } from '../../shared/model/types';
import type { RunbookStep } from '../../shared/runbook/types';
import type { OutputLine, Transport } from '../executor/transport';
import { runDirectory } from '../executor';
import { FileRefusedError, readBoundedText } from '../files/readBounded';
import { inventoryScriptText } from '../inventory/script';
import { ServiceError } from '../ipc/errors';
import { LAB_FILE, LabWorld } from '../lab';
import type { LabState } from '../lab';
import { HostDoubleTransport } from '../lab/double/transport';
import type { CallOutcome } from '../transports/powershell/session';
import { PowerShellTransport } from '../transports/powershell';
import type { CredentialService } from './credentials';
import type { RunService } from './runs';

/** Largest inventory the app reads (the contract's text limit; the CLI reads up to 256 MB). */
export const MAX_APP_INVENTORY_BYTES = 64 * 1024 * 1024;
/** A whole organization can take a while over WMI: the read is given up after this long. */
export const INVENTORY_HOST_TIMEOUT_MS = 20 * 60_000;
export const INVENTORY_LAB_TIMEOUT_MS = 5 * 60_000;
/** Markers of the script's output: every line between them is base64 of the JSON. */
export const BEGIN_MARKER = 'EXTOPO-INVENTORY-BEGIN';
export const END_MARKER = 'EXTOPO-INVENTORY-END';
/** Base64 characters per output line (well under Out-String's 250). */
const CHUNK = 200;

export type InventoryTarget = 'lab' | 'hosts';

/**
 * The PowerShell that runs the inventory script and prints its JSON as base64 lines between markers. The script
 * text goes in a script block (`& { … } -PassThru`); the wrapper itself runs on Windows PowerShell 5.1 or pwsh 7
 * (the local side), the script on whatever the Exchange cmdlets and WMI answer from.
 */
export function inventoryCommand(script: string = inventoryScriptText()): string {
  return [
    '$extopoInventory = [string](& {',
    script,
    '} -PassThru)',
    '$extopoBase64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($extopoInventory))',
    `'${BEGIN_MARKER}'`,
    `for ($extopoAt = 0; $extopoAt -lt $extopoBase64.Length; $extopoAt += ${CHUNK}) { $extopoBase64.Substring($extopoAt, [Math]::Min(${CHUNK}, $extopoBase64.Length - $extopoAt)) }`,
    `'${END_MARKER} ' + $extopoBase64.Length`,
  ].join('\r\n');
}

/** The JSON text between the markers of the command's output lines; a ServiceError saying what is wrong otherwise. */
export function inventoryFromOutput(lines: readonly string[], where: string): string {
  const begin = lines.findIndex((l) => l.trim() === BEGIN_MARKER);
  const endAt = lines.findIndex((l, i) => i > begin && l.trim().startsWith(END_MARKER));
  if (begin < 0 || endAt < 0) throw new ServiceError(`The inventory script gave no inventory on ${where}: its output ended before the inventory was written.`, lines.slice(-10));
  const base64 = lines
    .slice(begin + 1, endAt)
    .map((l) => l.trim())
    .join('');
  const expected = Number(lines[endAt].trim().slice(END_MARKER.length).trim());
  if (base64.includes('[redacted]')) {
    throw new ServiceError(`The inventory from ${where} was damaged on the way: a part of it matched the password and was redacted.`, ['Use an account whose password is longer (the redactor removes every occurrence of the password from the output).']);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length !== expected) {
    throw new ServiceError(`The inventory from ${where} arrived incomplete (${base64.length} of ${Number.isFinite(expected) ? expected : '?'} characters).`);
  }
  return Buffer.from(base64, 'base64').toString('utf8');
}

/** A step the transport can run: the inventory command in the Exchange Management Shell lane of `server`. */
export function inventoryStep(server: string, script: string): RunbookStep {
  return {
    id: 'inventory.read',
    phase: 'preflight',
    target: { kind: 'ems', serverId: '', serverName: server },
    title: `Read the inventory of the organization (Get-ExTopoInventory.ps1) through ${server}`,
    action: { kind: 'preflight', serverName: server, fqdn: '', os: { version: '2008R2', edition: 'Standard', servicePack: 1 }, nics: [], domain: '', credSsp: false },
    script,
    check: '',
    restarts: false,
    supportsWhatIf: false,
    dependsOn: [],
    expectedSeconds: 120,
    notes: ['Read-only: the inventory script only runs Get-* cmdlets, WMI queries and Active Directory reads.'],
    entityIds: [],
  } as RunbookStep;
}

export interface ReadRequest {
  readonly target: InventoryTarget;
  /** The design server to read through (its name). */
  readonly server: string;
  /** Real hosts: the server's address (default its design FQDN). */
  readonly host?: string;
  readonly credentialId?: string;
  /** The open design (the lab: whose rehearsal) and its text. */
  readonly design: OpenDesignWire;
  readonly text: string;
}

/** What the lab-side reader needs: run PowerShell text in the 'shell' lane of a lab host. */
export interface LabShell {
  invoke(host: string, script: string): Promise<CallOutcome>;
  close(): Promise<void>;
}

export interface InventoryServiceOptions {
  readonly credentials?: CredentialService;
  /** To find the newest rehearsal of the open design (its lab world). */
  readonly runs?: RunService;
  /** The transport for real hosts (default PowerShell remoting). */
  readonly createHostTransport?: () => Transport;
  /** The lab's shell for a lab world (default the host double in pwsh). */
  readonly createLabShell?: (world: LabWorld, timeoutMs: number) => LabShell;
  /** The inventory script (default powershell/inventory/Get-ExTopoInventory.ps1). */
  readonly scriptText?: () => string;
  readonly hostTimeoutMs?: number;
  readonly labTimeoutMs?: number;
}

function designOf(text: string): DesignDocument {
  const loaded = loadDesignText(text);
  if (!loaded.ok) throw new ServiceError('The open design cannot be loaded.', loaded.problems.slice(0, 20).map((p) => `${p.path}: ${p.message}`));
  return loaded.document;
}

function summaryOf(inventory: Inventory): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return `${n(inventory.servers.length, 'server')}, ${n(inventory.dags.length, 'DAG')}, ${n(inventory.databases.length, 'database')}, ${n(inventory.casArrays.length, 'CAS array')}, ${n(inventory.nlbClusters.length, 'NLB cluster')}`;
}

function hostDoubleShell(world: LabWorld, timeoutMs: number): LabShell {
  // callTimeoutMs: pwsh is ended when the script takes longer.
  const transport = new HostDoubleTransport({ world, callTimeoutMs: timeoutMs });
  return {
    invoke: (host, script) => transport.invoke(host, 'shell', script, { mode: 'check', stepId: 'inventory.read' }),
    close: () => transport.close(),
  };
}

export class InventoryService {
  readonly #options: InventoryServiceOptions;
  #reading: string | null = null;

  constructor(options: InventoryServiceOptions = {}) {
    this.#options = options;
  }

  /** An inventory file's text (the native open dialog's pick): a regular file of at most 64 MB. */
  async readFile(path: string): Promise<{ name: string; text: string }> {
    try {
      return { name: basename(path), text: await readBoundedText(path, MAX_APP_INVENTORY_BYTES, 'an inventory file') };
    } catch (error) {
      if (error instanceof FileRefusedError) throw new ServiceError(`Cannot read the inventory "${path}": ${error.reason}.`, [error.hint]);
      throw new ServiceError(`Cannot read the inventory "${path}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Parses an inventory (a ServiceError listing its problems when it is not one) and imports it as a design. */
  import(text: string): Response<'inventory.import'> {
    const parsed = parseInventoryText(text);
    if (!parsed.ok) throw new ServiceError('This file is not a usable ExTopo inventory.', [...parsed.problems]);
    const { document, notes } = importInventory(parsed.inventory);
    return { design: serializeDesign(document), notes: [...notes], summary: summaryOf(parsed.inventory) };
  }

  /** Runs the inventory script read-only against a real Exchange server or the design's lab; returns its JSON. */
  async read(request: ReadRequest): Promise<Response<'inventory.read'>> {
    if (this.#reading !== null) throw new ServiceError(`An inventory is being read already (${this.#reading}): wait for it to finish.`, [], 'busy');
    const document = designOf(request.text);
    const server = document.design.servers.find((s) => s.name.toLowerCase() === request.server.trim().toLowerCase());
    if (!server) throw new ServiceError(`The design has no server ${request.server}: choose one of its Exchange servers.`, [], 'not-found');
    if (server.roles.includes('Edge')) throw new ServiceError(`${server.name} is an Edge Transport server: it has no view of the organization. Choose a Client Access or Mailbox server.`);
    const where = request.target === 'lab' ? `${server.name} in the rehearsal lab` : `${request.host?.trim() || server.fqdn || server.name}`;
    this.#reading = where;
    try {
      const script = inventoryCommand((this.#options.scriptText ?? inventoryScriptText)());
      const { lines, warnings, source } = request.target === 'lab' ? await this.#readLab(request, document, server.name, script) : await this.#readHost(request, server.fqdn || server.name, script);
      const text = inventoryFromOutput(lines, where);
      const parsed = parseInventoryText(text);
      if (!parsed.ok) throw new ServiceError(`The inventory from ${where} is not usable.`, [...parsed.problems]);
      return { text, source, summary: summaryOf(parsed.inventory), warnings, problems: parsed.inventory.problems.length };
    } finally {
      this.#reading = null;
    }
  }

  async #readHost(request: ReadRequest, defaultHost: string, script: string): Promise<{ lines: string[]; warnings: string[]; source: string }> {
    const credentialId = request.credentialId;
    const credential = credentialId ? this.#options.credentials?.get(credentialId) : undefined;
    if (!credential) throw new ServiceError('Enter the account to read the organization with (View-Only Organization Management is enough).', [], 'invalid');
    const host = request.host?.trim() || defaultHost;
    const transport = (this.#options.createHostTransport ?? (() => new PowerShellTransport()))();
    const lines: string[] = [];
    const warnings: string[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('inventory timeout', 'TimeoutError')), this.#options.hostTimeoutMs ?? INVENTORY_HOST_TIMEOUT_MS);
    try {
      const result = await transport.run({
        step: inventoryStep(request.server, script),
        host,
        attempt: 1,
        credential,
        signal: controller.signal,
        whatIf: false,
        onOutput: (line: OutputLine) => {
          if (line.stream === 'output') lines.push(line.line);
          else if (line.stream === 'warning') warnings.push(line.line);
        },
      });
      if (!result.ok) {
        const what = result.kind === 'unreachable' ? `Could not reach ${host}` : result.kind === 'timeout' ? `Reading the inventory through ${host} took too long` : `The inventory script failed on ${host}`;
        throw new ServiceError(`${what}: ${result.error}`, result.failingCommand ? [result.failingCommand] : []);
      }
      return { lines, warnings, source: `${host} (as ${credential.userName})` };
    } finally {
      clearTimeout(timer);
      await transport.close?.();
    }
  }

  /** The lab world of the design's newest rehearsal (a copy: nothing is written back), else a fresh lab. */
  #labWorld(request: ReadRequest, document: DesignDocument): { world: LabWorld; label: string } {
    const runs = this.#options.runs;
    if (runs) {
      const rehearsals = runs.list(request.design, 'design').filter((r) => r.target === 'lab' && r.belongs);
      for (const run of rehearsals) {
        const file = join(runDirectory(runs.runsDir, run.runId), LAB_FILE);
        if (!existsSync(file)) continue;
        try {
          const state = JSON.parse(readFileSync(file, 'utf8')) as LabState;
          return { world: new LabWorld(structuredClone(state), null), label: `the lab of rehearsal ${run.runId} (${run.status})` };
        } catch {
          // A damaged lab file: try the next rehearsal.
        }
      }
    }
    return { world: LabWorld.create(document.design, { title: document.title }), label: 'a new lab of this design (no rehearsal yet: only its existing servers are deployed)' };
  }

  async #readLab(request: ReadRequest, document: DesignDocument, server: string, script: string): Promise<{ lines: string[]; warnings: string[]; source: string }> {
    const { world, label } = this.#labWorld(request, document);
    if (!world.host(server)) throw new ServiceError(`${server} is not a host of ${label}.`, [], 'not-found');
    // The script changes nothing: the copy is not attached to any file, and the lab's own faults are left out.
    world.state.faults = [];
    const shell = (this.#options.createLabShell ?? hostDoubleShell)(world, this.#options.labTimeoutMs ?? INVENTORY_LAB_TIMEOUT_MS);
    try {
      let outcome: CallOutcome;
      try {
        outcome = await shell.invoke(server, script);
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new ServiceError(`The rehearsal lab cannot run the inventory script: ${message}`, ['The lab runs it in PowerShell 7 against the host double: install pwsh (dotnet tool install --global PowerShell --version 7.6.10, then put $HOME/.dotnet/tools on PATH).']);
      }
      if (outcome.status !== 'ok') {
        const why = outcome.status === 'failed' ? outcome.error.message : outcome.status === 'timeout' ? `no answer within ${outcome.afterMs} ms` : 'message' in outcome ? outcome.message : outcome.status;
        throw new ServiceError(`The inventory script failed in the rehearsal lab on ${server}: ${why}`);
      }
      const lines = outcome.lines.filter((l) => l.tag === 'o' || l.tag === 'host').map((l) => l.text);
      const warnings = outcome.lines.filter((l) => l.tag === 'w').map((l) => l.text);
      return { lines, warnings, source: `${server} in ${label}` };
    } finally {
      await shell.close();
    }
  }
}
