// The storage layout: one database volume and one log volume per database, at the same paths on every server that
// holds a copy (Exchange requires every copy of a database at the same path), mounted in folders (mount points,
// the default: no limit on the number of databases) or as drive letters (per DAG, E: onwards in pairs, skipping the
// setup media drive). The runbook creates each database at these paths; the sizing report gives each volume its size.
import type { Design, MailboxDatabase, StorageLayout } from '../model/types';
import { DEFAULT_STORAGE_LAYOUT } from '../model/schema';
import type { PlannerContext } from '../planner/context';
import { MAX_WINDOWS_PATH, RESERVED_DRIVE_LETTERS } from './constants';

export interface DatabasePaths {
  readonly databaseId: string;
  readonly databaseName: string;
  /** Where the database volume is mounted: a folder (mount point) or a drive ("E:"). */
  readonly databaseVolume: string;
  readonly logVolume: string;
  readonly edbFilePath: string;
  readonly logFolderPath: string;
}

export interface LayoutProblem {
  readonly message: string;
  readonly hint: string;
  readonly entityIds: readonly string[];
}

export interface StorageLayoutPlan {
  readonly settings: StorageLayout;
  /** With drive letters: the database and log letters of each database that got a pair. */
  readonly letters: ReadonlyMap<string, readonly [string, string]>;
  readonly problems: readonly LayoutProblem[];
}

const ALL_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** A root folder without its trailing backslashes ("D:\\" → "D:"), ready for "\\" + name. */
function trimRoot(root: string): string {
  let end = root.length;
  while (end > 0 && root.charCodeAt(end - 1) === 92) end--;
  return root.slice(0, end);
}

/** Mount-point paths of a database under the layout's two roots. */
export function mountPointPaths(settings: StorageLayout, db: MailboxDatabase): DatabasePaths {
  const databaseVolume = `${trimRoot(settings.databaseRoot)}\\${db.name}`;
  const logVolume = `${trimRoot(settings.logRoot)}\\${db.name}`;
  return {
    databaseId: db.id,
    databaseName: db.name,
    databaseVolume,
    logVolume,
    edbFilePath: `${databaseVolume}\\${db.name}.db\\${db.name}.edb`,
    logFolderPath: `${logVolume}\\${db.name}.log`,
  };
}

function driveLetterPaths(db: MailboxDatabase, databaseLetter: string, logLetter: string): DatabasePaths {
  return {
    databaseId: db.id,
    databaseName: db.name,
    databaseVolume: `${databaseLetter}:`,
    logVolume: `${logLetter}:`,
    edbFilePath: `${databaseLetter}:\\${db.name}.db\\${db.name}.edb`,
    logFolderPath: `${logLetter}:\\${db.name}.log`,
  };
}

/** Letters a design may hand out for volumes: E–Z without the setup media drive. */
export function availableDriveLetters(design: Design): string[] {
  const media = /^([A-Za-z]):/.exec(design.deployment.setupMediaPath)?.[1]?.toUpperCase();
  const reserved = new Set<string>(RESERVED_DRIVE_LETTERS);
  if (media) reserved.add(media);
  return ALL_LETTERS.filter((l) => !reserved.has(l));
}

/** The server a database is created on: its best-ranked copy. */
function activeServerId(db: MailboxDatabase): string | undefined {
  let best: { serverId: string; pref: number } | undefined;
  for (const c of db.copies) if (!best || c.activationPreference < best.pref) best = { serverId: c.serverId, pref: c.activationPreference };
  return best?.serverId;
}

/** The longest path a database's files get under mount points, without building the strings (a planner check). */
function longestMountPointPath(settings: StorageLayout, name: string): number {
  const edb = trimRoot(settings.databaseRoot).length + 3 * name.length + 10; // root\name\name.db\name.edb
  const log = trimRoot(settings.logRoot).length + 2 * name.length + 6 + LOG_FILE_NAME_LENGTH; // root\name\name.log\E00….log
  return Math.max(edb, log);
}

/** "\E0000000001.log": a transaction log file inside the log folder. */
const LOG_FILE_NAME_LENGTH = 17;

function buildLayout(ctx: PlannerContext): StorageLayoutPlan {
  const design = ctx.design;
  const settings: StorageLayout = design.sizing?.storage ?? { ...DEFAULT_STORAGE_LAYOUT };
  const letters = new Map<string, readonly [string, string]>();
  const problems: LayoutProblem[] = [];
  if (settings.kind === 'driveLetters') {
    const free = availableDriveLetters(design);
    const pairs = Math.floor(free.length / 2);
    // Per DAG (or per server outside a DAG): databases in design order take the next pair of letters.
    const byDomain = new Map<string, MailboxDatabase[]>();
    for (const db of design.databases) {
      const serverId = activeServerId(db);
      const domain = serverId === undefined ? db.id : (ctx.dagsByServer.get(serverId)?.[0]?.id ?? serverId);
      const list = byDomain.get(domain);
      if (list) list.push(db);
      else byDomain.set(domain, [db]);
    }
    for (const [domain, dbs] of byDomain) {
      dbs.forEach((db, i) => {
        if (i < pairs) letters.set(db.id, [free[2 * i], free[2 * i + 1]]);
      });
      if (dbs.length > pairs) {
        const where = ctx.dags.get(domain) ? `DAG ${ctx.dags.get(domain)?.name}` : `server ${ctx.servers.get(domain)?.name ?? domain}`;
        problems.push({
          message: `The drive-letter storage layout runs out of letters: ${where} has ${dbs.length} databases, each needing a database and a log volume, but only ${free.length} drive letters (${free[0]}:–${free[free.length - 1]}:, without A:–D: and the setup media drive) are free: ${pairs} databases.`,
          hint: `Use mount points (the storage layout "mountPoints"), or at most ${pairs} databases per DAG with drive letters.`,
          entityIds: [domain, ...dbs.slice(pairs).map((d) => d.id)],
        });
      }
    }
  }
  for (const db of design.databases) {
    if (letters.has(db.id) || longestMountPointPath(settings, db.name) <= MAX_WINDOWS_PATH) continue;
    const paths = mountPointPaths(settings, db);
    problems.push({
      message: `Database ${db.name}: its files would be at ${paths.edbFilePath} and ${paths.logFolderPath}, over Windows' ${MAX_WINDOWS_PATH}-character path limit.`,
      hint: 'Shorten the storage layout roots or the database name.',
      entityIds: [db.id],
    });
  }
  return { settings, letters, problems };
}

const layouts = new WeakMap<PlannerContext, StorageLayoutPlan>();

/** The storage layout of a design, memoised per planner context (the planner, the report and the runbook share it). */
export function storageLayout(ctx: PlannerContext): StorageLayoutPlan {
  let layout = layouts.get(ctx);
  if (!layout) {
    layout = buildLayout(ctx);
    layouts.set(ctx, layout);
  }
  return layout;
}

/** The paths a database is created at (the runbook's New-MailboxDatabase -EdbFilePath / -LogFolderPath). */
export function databasePaths(ctx: PlannerContext, db: MailboxDatabase): DatabasePaths {
  return pathsIn(storageLayout(ctx), db);
}

/** A database's paths under a layout: its drive letters, or the mount points. */
export function pathsIn(layout: StorageLayoutPlan, db: MailboxDatabase): DatabasePaths {
  const pair = layout.letters.get(db.id);
  return pair ? driveLetterPaths(db, pair[0], pair[1]) : mountPointPaths(layout.settings, db);
}
