// `extopo rehearse FILE`: generates the design's runbook and runs it against the rehearsal lab (simulated hosts
// built from the design), with optional injected faults; prints each step as it ends; exit 0 only when every
// check is green. Runs are kept in ExTopo's data folder (main/services/dataDir.ts), never in the current folder
// unless --runs-dir says so; each run belongs to the design file it was made from (a resume with another file is
// refused).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand, CliIo } from '../command';
import { colorEnabled, paint, renderLoadProblems } from '../format';
import { plural } from '../../../shared/planner/text';
import type { Paint } from '../format';
import { readDesignFile } from '../files';
import { loadDesignText } from '../../../shared/model/load';
import type { LoadProblem } from '../../../shared/model/load';
import type { DesignDocument } from '../../../shared/model/types';
import { generateRunbook } from '../../../shared/runbook/generate';
import type { Runbook, RunbookStep } from '../../../shared/runbook/types';
import {
  Credential,
  DESIGN_FILE,
  ExecutorError,
  JOURNAL_FILE,
  belongsTo,
  foreignRunMessage,
  formatDuration,
  openRun,
  planRun,
  readRunDesign,
  runDesignFor,
  runDesignText,
  runDirectory,
  serverOf,
  writeRunDesign,
} from '../../executor';
import type { RunEvent, RunExecutor, RunSummary } from '../../executor';
import { FAULT_SYNTAX, LAB_FILE, LabWorld, faultProblems, parseFaults } from '../../lab';
import { DATA_DIR_ENV, defaultRunsDir } from '../../services/dataDir';
import { ENGINE_NOTE } from '../../lab/double/transport';
import { EngineStartError, rehearsalTransport } from '../../lab/engines';

export { LAB_FILE };
/** Where runs were kept before they moved to the data folder (relative to the current folder). */
export const LEGACY_RUNS_DIR = join('.extopo', 'runs');
const DEFAULT_STEP_TIMEOUT_MS = 60_000;
const DEFAULT_RESTART_TIMEOUT_MS = 2_000;
const LAB_RETRY_DELAY_MS = 10;
const AUTO_CONFIRM = { by: 'extopo rehearse (auto-confirm)', reason: 'rehearsal lab: operator checklist items are confirmed automatically' } as const;

const HELP = `Usage: extopo rehearse FILE [--engine lab|pwsh] [--fault SPEC ...] [--dry-run] [--runs-dir DIR] [--resume RUNID]

Generates the deployment runbook of the design FILE and runs it against the rehearsal lab: simulated Windows and
Exchange 2010 hosts built from the design as they are before the deployment (servers marked "existing" already
deployed). The lab enforces the real rules on its own (setup before its prerequisites fails, NLB on a DAG member
fails, a DAG member on Windows Server 2008 R2 Standard fails, ...) and fails with the error an admin would see.
Each step prints as it ends: status, duration, step id, title and server. Operator checklist steps are confirmed
automatically (journaled as such). The run is journaled in its own folder, printed at the start and the end
(plan.json, journal.jsonl, the design it belongs to in design.json, the lab world it ran against in lab.json), so it
can be resumed — with the same design file only.

Options:
  --engine lab|pwsh     lab (default): the TypeScript lab applies each step's action; fast, needs nothing else.
                        pwsh: every step's real script and check run in PowerShell 7 (pwsh) against the ExTopo host
                        double (Exchange 2010 SP3 on Windows Server 2008 R2 / 2012 R2), one pwsh per server standing
                        in for its remote session; the same lab world and faults. Remoting itself is not simulated.
  --fault SPEC          Inject a fault (repeatable):
${FAULT_SYNTAX.map((s) => `                          ${s}`).join('\n')}
                        HOST is a design server name or FQDN; STEPID a runbook step id.
  --dry-run             Run the checks only, plus the -WhatIf form of the steps that support it: nothing changes
                        in the lab.
  --runs-dir DIR        Where runs are kept. Default: the runs folder in ExTopo's data folder ($${DATA_DIR_ENV};
                        else %APPDATA%\\ExTopo on Windows, ~/Library/Application Support/ExTopo on macOS,
                        $XDG_DATA_HOME/extopo or ~/.local/share/extopo elsewhere), shared with the browser host.
  --resume RUNID        Continue that run (after a failure, an abort or a kill) against its saved lab world:
                        finished steps are not run again, an interrupted step is checked first, failed steps are
                        retried. Refused when the run belongs to another design file, or the design changed since
                        the run was planned. Faults given now replace the earlier ones (a host hung by
                        restart-hang comes back when it is not given).
  --retries N           Retry a failed step automatically N times before stopping (default 0).
  --parallel N          Most steps at a time (default: the design's maxParallelHosts).
  --restart-timeout MS  How long a host may take to come back after a restart (default ${DEFAULT_RESTART_TIMEOUT_MS}).
  --step-timeout MS     Longest a check or script may take (default ${DEFAULT_STEP_TIMEOUT_MS}).
  -h, --help            Show this help.

Exit codes:
  0  every step ended green (ran and verified, already done, check passed, or confirmed)
  1  a step failed (its id, server, error and failing command are printed), or the run was interrupted (Ctrl+C)
  2  the file cannot be read, the design has errors (printed), the command line is wrong, or a resume is refused

Examples:
  extopo rehearse examples/seed-lab.extopo.json
  extopo rehearse examples/seed-lab.extopo.json --engine pwsh --fault throw:New-NlbCluster
  extopo rehearse examples/minimal-ha.extopo.json --fault slow:MB1:200 --fault fail:setup.exchange.srv-cas1:1 --retries 1
  extopo rehearse examples/minimal-ha.extopo.json --resume 20261125-131502-a1b2c3
`;

async function readDesign(path: string, shown: string): Promise<{ ok: true; document: DesignDocument } | { ok: false; problems: readonly LoadProblem[] }> {
  const read = await readDesignFile(path, shown);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const loaded = loadDesignText(read.text);
  return loaded.ok ? { ok: true, document: loaded.document } : { ok: false, problems: loaded.problems };
}

function wholeNumber(name: string, text: string | undefined, min: number): number | string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) return `${name} takes a whole number of at least ${min} (got "${text}").`;
  return Number(text);
}


const STATUS_WIDTH = 15;

class StepPrinter {
  readonly #steps: Map<string, RunbookStep>;
  constructor(
    runbook: Runbook,
    private readonly io: CliIo,
    private readonly c: Paint,
  ) {
    this.#steps = new Map(runbook.steps.map((s) => [s.id, s]));
  }

  #line(status: string, colour: (s: string) => string, stepId: string, durationMs: number | null): void {
    const step = this.#steps.get(stepId);
    const server = step ? serverOf(step) : '';
    const duration = durationMs === null ? '' : formatDuration(durationMs);
    this.io.stdout(`  ${colour(status.padEnd(STATUS_WIDTH))}${duration.padStart(8)}  ${stepId}  ${step?.title ?? ''}${server ? `  ${this.c.dim(`[${server}]`)}` : ''}\n`);
  }

  event(e: RunEvent): void {
    const c = this.c;
    switch (e.type) {
      case 'step-finished': {
        const labels = { succeeded: 'ok', passed: 'check passed', confirmed: e.auto ? 'auto-confirmed' : 'confirmed', 'would-run': e.whatIf ? 'whatif ok' : 'would run' } as const;
        this.#line(labels[e.outcome], e.outcome === 'would-run' ? c.info : c.ok, e.stepId, e.durationMs);
        break;
      }
      case 'step-skipped':
        this.#line(e.reason === 'already-done' ? 'already done' : 'skipped', c.dim, e.stepId, e.durationMs);
        if (e.reason === 'confirmed') this.io.stdout(`      ${c.dim(`skipped by ${e.by ?? '?'}: ${e.why ?? ''}`)}\n`);
        break;
      case 'step-failed':
        this.#line(e.willRetry ? 'failed, retry' : 'FAILED', e.willRetry ? c.warning : c.error, e.stepId, e.durationMs);
        this.io.stdout(`      ${c.dim('error:')} ${e.error}\n`);
        if (e.failingCommand) this.io.stdout(`      ${c.dim('command:')} ${e.failingCommand}\n`);
        break;
      case 'step-interrupted':
        this.io.stdout(`  ${c.warning('interrupted'.padEnd(STATUS_WIDTH))}          ${e.stepId}  (started before the interruption: checked again first)\n`);
        break;
      case 'run-abort-requested':
        this.io.stdout(`${c.warning('Stopping')} after the running steps finish (${e.by})…\n`);
        break;
      default:
        break;
    }
  }
}

function resultLines(summary: RunSummary, file: string, runsDir: string, runsDirOption: string | undefined, c: Paint): { text: string; code: number } {
  const k = summary.counts;
  const tally = [
    `${k.succeeded} ran`,
    `${k.alreadyDone} already done`,
    `${k.passed} ${k.passed === 1 ? 'check' : 'checks'} passed`,
    k.confirmed > 0 ? `${k.confirmed} confirmed` : '',
    k.skipped > 0 ? `${k.skipped} skipped` : '',
    k.wouldRun > 0 ? `${k.wouldRun} would run` : '',
    k.failed > 0 ? `${k.failed} failed` : '',
  ].filter((t) => t !== '');
  const resume = `extopo rehearse ${file} --resume ${summary.runId}${runsDirOption === undefined ? '' : ` --runs-dir ${runsDirOption}`}`;
  const where = `Run ${summary.runId}: ${join(runsDir, summary.runId)}`;
  if (summary.status === 'succeeded') {
    const dry = summary.settings?.dryRun === true;
    const head = dry ? `${c.ok('Dry run:')} nothing changed in the lab.` : `${c.ok('Result:')} every check is green.`;
    return { text: `\n${head} ${plural(k.total, 'step')}: ${tally.join(', ')}.\n${where}\n`, code: 0 };
  }
  if (summary.status === 'failed') {
    const lines = [''];
    const failed = summary.failedSteps;
    if (failed.length === 0) lines.push(`${c.error('Result:')} the run could not finish (${plural(k.pending, 'step')} could not start).`);
    for (const f of failed) {
      lines.push(`${c.error('Result:')} step ${c.bold(f.stepId)} failed: ${f.error}`);
      if (f.failingCommand) lines.push(`  command: ${f.failingCommand}`);
    }
    lines.push(`${plural(k.total, 'step')}: ${tally.join(', ')}.`, where, `Fix the cause, then resume: ${resume}`);
    return { text: `${lines.join('\n')}\n`, code: 1 };
  }
  return {
    text: `\n${c.warning('Stopped:')} the run was ${summary.status}. ${plural(k.total, 'step')}: ${tally.join(', ')}.\n${where}\nResume: ${resume}\n`,
    code: 1,
  };
}

export const rehearseCommand: CliCommand = {
  name: 'rehearse',
  summary: 'Run the design\'s runbook against the rehearsal lab (simulated hosts, optional faults)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        engine: { type: 'string', default: 'lab' },
        fault: { type: 'string', multiple: true, default: [] },
        'dry-run': { type: 'boolean', default: false },
        'runs-dir': { type: 'string' },
        resume: { type: 'string' },
        retries: { type: 'string' },
        parallel: { type: 'string' },
        'restart-timeout': { type: 'string' },
        'step-timeout': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) return usageError(io, 'rehearse', 'no design file given.');
    if (positionals.length > 1) return usageError(io, 'rehearse', `one design file at a time (got ${positionals.length}: ${positionals.join(', ')}).`);
    const numbers = {
      retries: wholeNumber('--retries', values.retries, 0),
      parallel: wholeNumber('--parallel', values.parallel, 1),
      restartTimeout: wholeNumber('--restart-timeout', values['restart-timeout'], 1),
      stepTimeout: wholeNumber('--step-timeout', values['step-timeout'], 1),
    };
    for (const v of Object.values(numbers)) if (typeof v === 'string') return usageError(io, 'rehearse', v);
    const num = (v: number | string | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
    const parsedFaults = parseFaults(values.fault);
    if (!parsedFaults.ok) return usageError(io, 'rehearse', parsedFaults.errors.join('\n'));
    const engine = values.engine;
    if (engine !== 'lab' && engine !== 'pwsh') return usageError(io, 'rehearse', `--engine is lab or pwsh (got "${engine}").`);

    const file = positionals[0];
    const runsDirOption = values['runs-dir'];
    const runsDir = runsDirOption === undefined ? defaultRunsDir() : resolve(io.cwd, runsDirOption);
    const designPath = resolve(io.cwd, file);
    const c = paint(colorEnabled(io));

    const read = await readDesign(designPath, file);
    if (!read.ok) {
      io.stderr(renderLoadProblems(file, read.problems, c));
      return 2;
    }
    const doc = read.document;
    const generated = generateRunbook(doc);
    if (!generated.ok) {
      const lines = [`${c.bold(`Cannot rehearse ${file}:`)} ${generated.message}`];
      for (const f of generated.errors) {
        lines.push(`${c.error('error')} ${c.bold(f.ruleId)}  ${f.message}`, `  ${c.dim('fix:')} ${f.hint}`);
      }
      io.stderr(`${lines.join('\n')}\n`);
      return 2;
    }
    const runbook = generated.runbook;
    const credential = new Credential({ userName: 'LAB\\rehearsal', password: '' });

    let executor: RunExecutor;
    let world: LabWorld;
    const openDesign = { path: designPath, documentId: null };
    if (values.resume !== undefined) {
      const runDir = runDirectory(runsDir, values.resume);
      const labPath = join(runDir, LAB_FILE);
      if (!existsSync(labPath)) {
        const legacy = resolve(io.cwd, LEGACY_RUNS_DIR);
        const hint =
          runsDirOption === undefined && existsSync(join(runDirectory(legacy, values.resume), LAB_FILE))
            ? ` It is in ${LEGACY_RUNS_DIR}, where runs were kept before: add --runs-dir ${LEGACY_RUNS_DIR}.`
            : existsSync(join(runDir, JOURNAL_FILE))
              ? ` (run ${values.resume} is not a rehearsal, or its lab world ${LAB_FILE} was removed.)`
              : '';
        return usageError(io, 'rehearse', `no rehearsal run ${values.resume} in ${runsDir}.${hint}`);
      }
      // The run must belong to this design file. Runs made before runs recorded their design are adopted by the file
      // they are resumed with, provided its runbook is the frozen one (openRun checks that below).
      const recorded = readRunDesign(runDir);
      const legacyRun = recorded === null;
      if (!legacyRun && !belongsTo(recorded, openDesign)) {
        io.stderr(`extopo rehearse: ${foreignRunMessage('resume', values.resume, recorded, { ...openDesign, title: doc.title })}\n`);
        return 2;
      }
      try {
        world = LabWorld.load(labPath);
      } catch (error) {
        io.stderr(`extopo rehearse: ${(error as Error).message}\n`);
        return 2;
      }
      const problems = faultProblems(parsedFaults.faults, world, runbook);
      if (problems.length > 0) return usageError(io, 'rehearse', problems.join('\n'));
      world.setFaults(parsedFaults.faults);
      try {
        executor = openRun({
          runsDir,
          runId: values.resume,
          runbook,
          credential,
          transport: await rehearsalTransport(engine, world),
          overrides: {
            retries: num(numbers.retries),
            maxParallelHosts: num(numbers.parallel),
            restartTimeoutMs: num(numbers.restartTimeout),
            stepTimeoutMs: num(numbers.stepTimeout),
          },
        });
      } catch (error) {
        io.stderr(`extopo rehearse: ${error instanceof ExecutorError || error instanceof EngineStartError ? error.message : String(error)}\n`);
        return 2;
      }
      if (legacyRun) writeRunDesign(runDir, runDesignFor(openDesign, doc.title, doc.revision));
      if (values['dry-run'] !== executor.settings.dryRun) {
        io.stdout(c.dim(`Note: run ${values.resume} was planned as ${executor.settings.dryRun ? 'a dry run' : 'a real run'}; it resumes as planned.\n`));
      }
    } else {
      world = LabWorld.create(doc.design, { title: doc.title, faults: parsedFaults.faults });
      const labWorld = world;
      const problems = faultProblems(parsedFaults.faults, world, runbook);
      if (problems.length > 0) return usageError(io, 'rehearse', problems.join('\n'));
      const hosts = Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn || s.name]));
      try {
        executor = planRun({
          runbook,
          hosts,
          credential,
          transport: await rehearsalTransport(engine, world),
          options: {
            runsDir,
            dryRun: values['dry-run'],
            maxParallelHosts: num(numbers.parallel) ?? doc.design.deployment.maxParallelHosts,
            stepTimeoutMs: num(numbers.stepTimeout) ?? DEFAULT_STEP_TIMEOUT_MS,
            restartTimeoutMs: num(numbers.restartTimeout) ?? DEFAULT_RESTART_TIMEOUT_MS,
            retries: num(numbers.retries) ?? 0,
            retryDelayMs: LAB_RETRY_DELAY_MS,
            autoConfirm: AUTO_CONFIRM,
          },
          // Created together with plan.json and the journal: a rehearsal killed at any point can be resumed.
          files: { [LAB_FILE]: labWorld.toText(), [DESIGN_FILE]: runDesignText(runDesignFor(openDesign, doc.title, doc.revision)) },
        });
      } catch (error) {
        io.stderr(`extopo rehearse: ${error instanceof ExecutorError || error instanceof EngineStartError ? error.message : String(error)}\n`);
        return 2;
      }
      world.attachTo(join(executor.dir, LAB_FILE));
    }
    if (engine === 'pwsh') io.stdout(c.dim(`${ENGINE_NOTE}\n`));

    const servers = new Set(runbook.steps.map(serverOf).filter((s) => s !== ''));
    const faultNote = parsedFaults.faults.length > 0 ? `; faults: ${values.fault.join(', ')}` : '';
    io.stdout(
      `${c.bold(values.resume !== undefined ? 'Resuming' : executor.settings.dryRun ? 'Dry run of' : 'Rehearsing')} ${file}: ${plural(runbook.steps.length, 'step')} on ${plural(servers.size, 'server')} ` +
        `(run ${executor.runId}${faultNote})\n` +
        c.dim(`Run folder: ${executor.dir}\n`),
    );
    const printer = new StepPrinter(runbook, io, c);
    executor.subscribe((e) => {
      if (e.type !== 'progress') printer.event(e);
    });
    let interrupted = false;
    void io.interrupted?.then(() => {
      interrupted = true;
      executor.abort('Ctrl+C');
    });
    let summary: RunSummary;
    try {
      summary = await executor.start();
    } finally {
      await executor.close();
    }
    const result = resultLines(summary, file, runsDir, runsDirOption, c);
    io.stdout(result.text);
    return interrupted && result.code === 0 ? 1 : result.code;
  },
};
