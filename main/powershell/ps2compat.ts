// The PowerShell 2.0 compatibility check: runs powershell/ps2-check/Test-ExTopoPs2Compatibility.ps1 (pwsh's own
// parser, then a walk of the syntax tree for what Windows PowerShell 2.0 lacks) over a batch of scripts in one pwsh
// start, and returns its findings. Exchange 2010's management shell and Windows Server 2008 R2 run PowerShell 2.0;
// pwsh 7 accepts much that 2.0 rejects, so a script that runs in pwsh proves nothing about 2.0 without this check.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { WindowsVersion } from '../../shared/model/schema';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import { findOnPath, NODE_POWERSHELL_VARIABLE, PowerShellNotFoundError, resolveExecutable } from '../transports/powershell/executable';

/** The Windows Server version a script runs on: decides the Windows Server 2012+ command and module rules. */
export type Ps2Target = z.infer<typeof WindowsVersion>;

export interface Ps2Script {
  /** Shown in findings, e.g. `prereq.features.srv-ex3.script`. */
  readonly name: string;
  readonly text: string;
  readonly target: Ps2Target;
}

/** Every rule the checker has (the keys of $RuleMessages in the script; a test keeps the two lists equal). */
export const PS2_RULE_IDS = [
  'ordered-cast',
  'static-new',
  'in-operator',
  'psitem-variable',
  'simplified-where-foreach',
  'using-variable',
  'pscustomobject-cast',
  'json-cmdlet',
  'web-cmdlet',
  'cim-cmdlet',
  'psdefaultparametervalues',
  'shift-operator',
  'class-enum',
  'using-statement',
  'requires-version',
  'workflow',
  'member-enumeration',
  'where-foreach-method',
  'stream-redirection',
  'attribute-argument-omitted',
  'ps7-operator',
  'numeric-literal',
  'string-escape',
  'ps3-variable',
  'ps3-command',
  'ps3-parameter',
  'windows2012-command',
  'module-import',
] as const;
export type Ps2RuleId = (typeof PS2_RULE_IDS)[number];

const Ps2Finding = z.object({
  rule: z.enum(PS2_RULE_IDS),
  /** 1-based. */
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  /** The offending source extent: its first line, at most 80 characters (` ...` when cut). */
  text: z.string(),
  /** What PowerShell 2.0 lacks and how to write it instead. */
  message: z.string().min(1),
});
const Ps2ParseError = z.object({ line: z.number().int().min(1), column: z.number().int().min(1), message: z.string() });
const Ps2CheckResultSchema = z.object({
  name: z.string(),
  parseErrors: z.array(Ps2ParseError),
  findings: z.array(Ps2Finding),
});
const Ps2CheckOutput = z.object({ results: z.array(Ps2CheckResultSchema) });

export type Ps2Finding = z.infer<typeof Ps2Finding>;
export type Ps2ParseError = z.infer<typeof Ps2ParseError>;
export type Ps2CheckResult = z.infer<typeof Ps2CheckResultSchema>;

export interface Ps2CheckOptions {
  /** The pwsh to run (default: NODE_POWERSHELL, then `pwsh` on PATH). */
  readonly pwsh?: string;
  /** The checker script (default: powershell/ps2-check/ of this checkout or build). */
  readonly scriptPath?: string;
  /** Kills pwsh after this long (ms; default 120 000). */
  readonly timeoutMs?: number;
}

export const PS2_CHECK_SCRIPT_NAME = 'Test-ExTopoPs2Compatibility.ps1';
const DEFAULT_TIMEOUT_MS = 120_000;

/** The checker script: powershell/ps2-check/ of the source checkout (tsx, vitest, a bundle in out/main), or out/powershell/ps2-check/ when a build copies it there. */
export function ps2CheckScriptPath(): string {
  const candidates = [new URL('../../powershell/ps2-check/', import.meta.url), new URL('../powershell/ps2-check/', import.meta.url)];
  const tried: string[] = [];
  for (const candidate of candidates) {
    const path = join(fileURLToPath(candidate), PS2_CHECK_SCRIPT_NAME);
    if (existsSync(path)) return path;
    tried.push(path);
  }
  throw new Error(`The PowerShell 2.0 compatibility check (powershell/ps2-check/${PS2_CHECK_SCRIPT_NAME}) is missing from this installation of ExTopo (looked for ${tried.join(' and ')}).`);
}

/** The pwsh to start: the option, then NODE_POWERSHELL, then `pwsh` on PATH (never Windows PowerShell 5.1 by default: its parser does not know PowerShell 7 syntax). */
export function resolvePwsh(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined && option.trim() !== '') return resolveExecutable(option, env);
  const fromEnv = env[NODE_POWERSHELL_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolveExecutable(undefined, env);
  const found = findOnPath('pwsh', env);
  if (found !== null) return found;
  throw new PowerShellNotFoundError(
    'pwsh',
    'The PowerShell 2.0 compatibility check needs PowerShell 7 (pwsh), which was not found on this machine: install it ' +
      '(with the .NET SDK: `dotnet tool install --global PowerShell --version 7.6.10`, then put $HOME/.dotnet/tools on PATH), ' +
      `or name it with ${NODE_POWERSHELL_VARIABLE}.`,
  );
}

// pwsh colours its own error output (ANSI escapes) even into a pipe.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

interface ProcessOutput {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function run(executable: string, args: readonly string[], timeoutMs: number): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', NO_COLOR: '1' },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8').replace(ANSI_ESCAPES, '').trim(),
        timedOut,
      });
    });
  });
}

function summarize(text: string, max = 400): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/**
 * Checks scripts for constructs Windows PowerShell 2.0 does not have; one result per script, in the same order.
 * One pwsh start for the whole batch (about 1 s to start, then a few ms per script).
 * Throws PowerShellNotFoundError without pwsh, and an Error when pwsh fails or prints something unexpected.
 */
export async function checkPs2Compatibility(scripts: readonly Ps2Script[], options: Ps2CheckOptions = {}): Promise<Ps2CheckResult[]> {
  if (scripts.length === 0) return [];
  const executable = resolvePwsh(options.pwsh);
  const scriptPath = options.scriptPath ?? ps2CheckScriptPath();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dir = await mkdtemp(join(tmpdir(), 'extopo-ps2-'));
  try {
    const requestPath = join(dir, 'request.json');
    const request = { scripts: scripts.map((s) => ({ name: s.name, text: s.text, target: s.target })) };
    await writeFile(requestPath, JSON.stringify(request), 'utf8');
    const output = await run(executable, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', scriptPath, '-RequestPath', requestPath], timeoutMs);
    if (output.timedOut) throw new Error(`The PowerShell 2.0 compatibility check did not finish within ${timeoutMs} ms (${scripts.length} scripts).`);
    if (output.code !== 0) {
      const why = output.code === null ? `was stopped by ${output.signal ?? 'a signal'}` : `exited with code ${output.code}`;
      throw new Error(`The PowerShell 2.0 compatibility check (${executable}) ${why}: ${summarize(output.stderr || output.stdout) || 'no output'}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(output.stdout);
    } catch {
      throw new Error(`The PowerShell 2.0 compatibility check printed something that is not JSON: ${summarize(output.stdout) || '(nothing)'}`);
    }
    const parsed = Ps2CheckOutput.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new Error(`The PowerShell 2.0 compatibility check printed JSON of an unexpected shape: ${issues.join('; ')}`);
    }
    const results = parsed.data.results;
    if (results.length !== scripts.length || results.some((r, i) => r.name !== scripts[i].name)) {
      throw new Error(`The PowerShell 2.0 compatibility check returned ${results.length} results for ${scripts.length} scripts, or in another order.`);
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line per parse error and finding: `name:line:col rule — message` (parse errors with rule `parse-error`). */
export function formatPs2Findings(results: readonly Ps2CheckResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    for (const e of result.parseErrors) lines.push(`${result.name}:${e.line}:${e.column} parse-error — ${e.message}`);
    for (const f of result.findings) lines.push(`${result.name}:${f.line}:${f.column} ${f.rule} — ${f.message}`);
  }
  return lines;
}

/** The script and check of every runbook step that has them, named `<step id>.script` / `<step id>.check`. */
export function runbookScriptsForCheck(runbook: Runbook, targetOf: (step: RunbookStep) => Ps2Target): Ps2Script[] {
  const scripts: Ps2Script[] = [];
  for (const step of runbook.steps) {
    if (step.script.trim() !== '') scripts.push({ name: `${step.id}.script`, text: step.script, target: targetOf(step) });
    if (step.check.trim() !== '') scripts.push({ name: `${step.id}.check`, text: step.check, target: targetOf(step) });
  }
  return scripts;
}
