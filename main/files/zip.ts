// A minimal zip writer: files stored as they are (method 0, no compression), UTF-8 names, one archive in memory.
// Enough to hand a folder of text files (the Ansible project) over as a single download; every unzip tool, the
// Windows Explorer and Python's zipfile read it. No zip64: an archive is refused past 65,535 entries or 4 GiB, far
// beyond what an export produces. The checksum is zlib's CRC-32 (node:zlib crc32, the one zip uses).
//
// Layout (APPNOTE.TXT 4.3): for each entry a local file header, its name and its bytes; then the central directory
// (one header per entry, with the offset of its local header); then the end-of-central-directory record.
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, "/"-separated; a folder ends in "/" (and has no data). */
  readonly path: string;
  /** The file's bytes (a string is written as UTF-8). Omit for a folder. */
  readonly data?: Uint8Array | string;
}

export interface ZipOptions {
  /** The modification time stamped on every entry (default: now). Zip keeps local time at 2-second precision. */
  readonly modified?: Date;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Version needed to extract: 2.0 (folders; stored files need 1.0, 2.0 is what every tool writes). */
const VERSION_NEEDED = 20;
/** Version made by: host 3 (Unix, so the external attributes carry permissions), spec 2.0. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** General purpose flag bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;
const METHOD_STORED = 0;
const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;
/** Unix mode in the high 16 bits of the external attributes; MS-DOS directory attribute (0x10) in the low ones. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
const FOLDER_ATTRIBUTES = ((0o040755 << 16) | 0x10) >>> 0;

/** A path inside the archive that is relative, without "." or ".." parts, backslashes or control characters. */
function checkPath(path: string): void {
  const parts = path.replace(/\/$/, '').split('/');
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f]/.test(path) ||
    parts.some((p) => p === '' || p === '.' || p === '..');
  if (bad) throw new Error(`"${path}" cannot name an entry of a zip archive (a relative path without ".", ".." or empty parts is needed).`);
}

/** MS-DOS date and time (local time, 2-second steps; a date outside 1980–2107 is moved to the nearest end). */
function dosDateTime(when: Date): { time: number; date: number } {
  const year = when.getFullYear();
  const d = year < 1980 ? new Date(1980, 0, 1) : year > 2107 ? new Date(2107, 11, 31, 23, 59, 58) : when;
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const encoder = new TextEncoder();

/** The archive of `entries`, in their order. Throws on a path zip cannot carry safely or an archive too large. */
export function createZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Uint8Array {
  if (entries.length > MAX_ENTRIES) throw new Error(`A zip archive holds at most ${MAX_ENTRIES} entries here (got ${entries.length}).`);
  const { time, date } = dosDateTime(options.modified ?? new Date());
  const seen = new Set<string>();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkPath(entry.path);
    if (seen.has(entry.path)) throw new Error(`"${entry.path}" is in the zip archive twice.`);
    seen.add(entry.path);
    const folder = entry.path.endsWith('/');
    if (folder && entry.data !== undefined && entry.data.length > 0) throw new Error(`"${entry.path}" names a folder and cannot have data.`);
    const name = encoder.encode(entry.path);
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : (entry.data ?? new Uint8Array(0));
    const crc = crc32(data) >>> 0;

    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(METHOD_STORED, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); // compressed size: stored, so the same
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // no extra field
    local.set(name, 30);

    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(METHOD_STORED, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra field
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk number
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(folder ? FOLDER_ATTRIBUTES : FILE_ATTRIBUTES, 38);
    central.writeUInt32LE(offset, 42);
    central.set(name, 46);

    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
    if (offset > MAX_BYTES) throw new Error('The zip archive would be larger than 4 GiB, more than a zip without zip64 can hold.');
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  if (offset + centralSize > MAX_BYTES) throw new Error('The zip archive would be larger than 4 GiB, more than a zip without zip64 can hold.');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk of the central directory
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // no comment
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}
