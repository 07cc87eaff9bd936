// PowerShell parsing without pwsh: web-tree-sitter 0.27 + the tree-sitter-powershell grammar (wasm), loaded once.
// Used to prove that generated scripts parse (no ERROR / MISSING nodes) and that a quoted literal is exactly one
// string literal whose PowerShell value is the text we meant.
//
// In a plain `node` script, start Node with `--liftoff-only` (V8 flag) before this module loads the grammar, or the
// process exits ~8 s late (see stack.md); vitest needs nothing.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';

export interface PsParseError {
  readonly type: 'ERROR' | 'MISSING';
  /** 1-based line and column of the node's start. */
  readonly line: number;
  readonly column: number;
  /** The source text of an ERROR node (capped), or the kind of the missing token. */
  readonly text: string;
}

/** A plain, detached copy of a syntax node (no wasm memory to free). */
export interface PsNode {
  readonly type: string;
  readonly named: boolean;
  readonly missing: boolean;
  /** UTF-16 offsets into the parsed text. */
  readonly start: number;
  readonly end: number;
  readonly children: readonly PsNode[];
}

export interface ParsedPowerShell {
  readonly source: string;
  readonly errors: readonly PsParseError[];
  readonly root: PsNode;
  /** The node's source text. */
  text(node: PsNode): string;
  /** Every node of that type, in document order. */
  findAll(type: string): PsNode[];
  /** The named children of a node. */
  named(node: PsNode): PsNode[];
}

const ERROR_TEXT_CAP = 120;

let parserPromise: Promise<Parser> | null = null;

async function createParser(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const wasm = await readFile(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  const language = await Language.load(new Uint8Array(wasm));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Loads the runtime and grammar on first use; later calls reuse them. */
export function loadPowerShellParser(): Promise<Parser> {
  parserPromise ??= createParser();
  return parserPromise;
}

interface MutableNode {
  type: string;
  named: boolean;
  missing: boolean;
  start: number;
  end: number;
  children: MutableNode[];
}

/** Copies the tree with one cursor walk (much cheaper than Node.children, which marshals every child list). */
function snapshot(tree: Tree, source: string, errors: PsParseError[]): PsNode {
  const cursor = tree.walk();
  try {
    const read = (): MutableNode => {
      const node: MutableNode = {
        type: cursor.nodeType,
        named: cursor.nodeIsNamed,
        missing: cursor.nodeIsMissing,
        start: cursor.startIndex,
        end: cursor.endIndex,
        children: [],
      };
      if (node.missing || node.type === 'ERROR') {
        const at = cursor.startPosition;
        errors.push({
          type: node.missing ? 'MISSING' : 'ERROR',
          line: at.row + 1,
          column: at.column + 1,
          text: node.missing ? node.type : source.slice(node.start, Math.min(node.end, node.start + ERROR_TEXT_CAP)),
        });
      }
      return node;
    };
    const root = read();
    const stack: MutableNode[] = [root];
    // Depth-first walk: descend when possible, else move to the next sibling, else climb until one exists.
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = read();
        stack[stack.length - 1].children.push(child);
        stack.push(child);
        continue;
      }
      for (;;) {
        stack.pop();
        if (stack.length === 0) return root;
        if (cursor.gotoNextSibling()) {
          const sibling = read();
          stack[stack.length - 1].children.push(sibling);
          stack.push(sibling);
          break;
        }
        cursor.gotoParent();
      }
    }
  } finally {
    cursor.delete();
  }
}

function collect(node: PsNode, type: string, out: PsNode[]): void {
  if (node.type === type) out.push(node);
  for (const c of node.children) collect(c, type, out);
}

/** Parses synchronously with an already loaded parser (see loadPowerShellParser). */
export function parseWith(parser: Parser, source: string): ParsedPowerShell {
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree (parser has no language?)');
  const errors: PsParseError[] = [];
  let root: PsNode;
  try {
    root = snapshot(tree, source, errors);
  } finally {
    tree.delete();
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    source,
    errors,
    root,
    text: (node) => source.slice(node.start, node.end),
    findAll: (type) => {
      const out: PsNode[] = [];
      collect(root, type, out);
      return out;
    },
    named: (node) => node.children.filter((c) => c.named),
  };
}

/** Parses PowerShell text: every ERROR / MISSING node with its position, and a detached syntax tree. */
export async function parsePowerShell(source: string): Promise<ParsedPowerShell> {
  return parseWith(await loadPowerShellParser(), source);
}

const PS_SINGLE_QUOTES = new Set(['\u0027', '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * The value PowerShell gives a verbatim ('…') literal, read with PowerShell's own rules (any of the five single-quote
 * characters delimits; a pair of them stands for the second). Returns null when PowerShell would end the literal
 * before the end of `text` — i.e. tree-sitter and PowerShell disagree about where it stops — or it is unterminated.
 */
export function verbatimLiteralValue(text: string): string | null {
  if (text.length < 2 || !PS_SINGLE_QUOTES.has(text[0])) return null;
  let value = '';
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (PS_SINGLE_QUOTES.has(c)) {
      if (i + 1 < text.length && PS_SINGLE_QUOTES.has(text[i + 1])) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      return i === text.length - 1 ? value : null;
    }
    value += c;
    i++;
  }
  return null;
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

export type LiteralCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Embeds `literal` as `Write-Output <literal>` and checks, on the syntax tree, that it parses with no ERROR or
 * MISSING node into exactly ONE command argument that is ONE string literal (a verbatim one) spanning the whole
 * literal, and that PowerShell's reading of it equals `expected`.
 */
export function checkStringLiteral(parser: Parser, literal: string, expected: string): LiteralCheck {
  const prefix = 'Write-Output ';
  const parsed = parseWith(parser, prefix + literal);
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    return { ok: false, reason: `${parsed.errors.length} parse error(s), first ${e.type} at ${e.line}:${e.column} ${JSON.stringify(e.text)}` };
  }
  const commands = parsed.findAll('command');
  if (commands.length !== 1) return { ok: false, reason: `expected one command, found ${commands.length}` };
  const elements = parsed.findAll('command_elements');
  if (elements.length !== 1) return { ok: false, reason: `expected one argument list, found ${elements.length}` };
  const args = parsed.named(elements[0]).filter((n) => n.type !== 'command_argument_sep');
  if (args.length !== 1) return { ok: false, reason: `expected one argument, found ${args.length}` };
  const strings = parsed.findAll('string_literal');
  if (strings.length !== 1) return { ok: false, reason: `expected one string literal, found ${strings.length}` };
  const [str] = strings;
  if (str.start !== prefix.length || str.end !== prefix.length + literal.length) {
    return { ok: false, reason: `the string literal covers ${str.start}..${str.end}, not the whole literal` };
  }
  const inner = parsed.named(str);
  if (inner.length !== 1 || inner[0].type !== 'verbatim_string_characters') {
    return { ok: false, reason: `expected a verbatim string, found ${inner.map((n) => n.type).join(', ')}` };
  }
  const value = verbatimLiteralValue(literal);
  if (value === null) return { ok: false, reason: 'PowerShell would end the literal before its last character' };
  if (value !== expected) return { ok: false, reason: `value ${preview(value)} differs from ${preview(expected)}` };
  return { ok: true };
}
