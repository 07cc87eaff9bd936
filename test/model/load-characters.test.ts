// Characters no PowerShell script can carry are refused at load, in every string of the file: NUL, the other C0
// control characters (tab and line breaks only in a multi-line field such as notes) and unpaired UTF-16 surrogates.
// Each problem names the field (object and path), the character and its position, and how to fix it.
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../shared/model/load';
import type { LoadProblem } from '../../shared/model/load';

/** A small valid design, hand-written; values are edited with JSON escapes as a file would carry them. */
const GOOD = `{
  "formatVersion": 3,
  "title": "Branch lab",
  "design": {
    "organization": { "name": "Contoso", "adDomain": "contoso.local", "exchangeVersion": "2010", "servicePack": "SP3", "edition": "Standard" },
    "sites": [{ "id": "site-hq", "name": "HQ" }],
    "subnets": [{ "id": "net-lan", "siteId": "site-hq", "cidr": "10.0.0.0/24", "purpose": "mapi" }],
    "servers": [
      { "id": "srv-ex2", "name": "EX2", "fqdn": "ex2.contoso.local", "siteId": "site-hq",
        "os": { "version": "2008R2", "edition": "Enterprise" }, "roles": ["MB", "CAS", "HT"], "cores": 4, "ramGB": 16,
        "nics": [{ "id": "nic-ex2", "name": "LAN", "subnetId": "net-lan", "ipv4": "10.0.0.12", "purpose": "mapi" }] }
    ]
  }
}
`;

function edited(from: string, to: string): string {
  expect(GOOD.includes(from), `the test file contains ${from}`).toBe(true);
  return GOOD.replace(from, to);
}

function characterProblems(text: string): LoadProblem[] {
  const r = loadDesignText(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.filter((p) => / at character \d+/.test(p.message));
}

describe('characters PowerShell cannot carry are refused at load', () => {
  it('a NUL in the title: the field, the position and the fix', () => {
    const r = loadDesignText(edited('"title": "Branch lab"', '"title": "Bra\\u0000nch lab"'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        path: '$.title',
        object: 'field "title"',
        message: 'Field "title" ($.title) has a NUL character (U+0000) at character 4: "Bra\\u0000nch lab".',
        hint: 'Delete it from the value. In the file it is written as "\\u0000". Windows and PowerShell end text at a NUL, so no name or setting can contain one.',
      },
    ]);
  });

  it('an unpaired surrogate in a server name: one problem (not also "not a computer name"), with the position', () => {
    const r = loadDesignText(edited('"name": "EX2"', '"name": "EX\\uD8002"'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.message, p.hint])).toEqual([
      [
        '$.design.servers[0].name',
        'Server 1, field "name" ($.design.servers[0].name) has an unpaired UTF-16 surrogate (U+D800) at character 3: "EX\\uD8002".',
        'Delete it, or re-type the value: it is half of a character (a surrogate without its pair), not text, and a PowerShell script cannot hold it. In the file it is written as "\\uD800".',
      ],
    ]);
  });

  it('a lone low surrogate in the title, counted in characters (an emoji before it is one character)', () => {
    const [p] = characterProblems(edited('"title": "Branch lab"', '"title": "\\uD83D\\uDE00 lab\\uDC00"'));
    expect(p.message).toBe('Field "title" ($.title) has an unpaired UTF-16 surrogate (U+DC00) at character 6: "😀 lab\\uDC00".');
  });

  it('a NUL in notes: the notes field of server EX2, and every further one counted', () => {
    const [p] = characterProblems(edited('"cores": 4,', '"notes": "rack 4\\u0000\\u0000", "cores": 4,'));
    expect(p.path).toBe('$.design.servers[0].notes');
    expect(p.message).toBe('Server "EX2", field "notes" ($.design.servers[0].notes) has a NUL character (U+0000) at character 7 (and 1 more such character): "rack 4\\u0000\\u0000".');
  });

  it('tab and line breaks pass in a multi-line field (notes), and are refused in a one-line field (title)', () => {
    expect(characterProblems(edited('"cores": 4,', '"notes": "rack 4\\r\\n\\tshelf 2\\nsecond line", "cores": 4,'))).toEqual([]);
    const [p] = characterProblems(edited('"title": "Branch lab"', '"title": "Branch\\tlab"'));
    expect(p.message).toBe('Field "title" ($.title) has a tab (U+0009) at character 7: "Branch\\u0009lab".');
    expect(p.hint).toBe('Replace it with a space: this field holds one line. In the file it is written as "\\u0009" or as a backslash escape such as "\\t", "\\n" or "\\r".');
  });

  it('another control character in an organization name', () => {
    const [p] = characterProblems(edited('"name": "Contoso"', '"name": "Cont\\u0007oso"'));
    expect(p.message).toBe('The organization, field "name" ($.design.organization.name) has the control character (U+0007) at character 5: "Cont\\u0007oso".');
    expect(p.hint).toBe('Delete it from the value: control characters cannot be typed into Exchange or Windows settings. In the file it is written as "\\u0007".');
  });

  it('a NUL in a field name is refused too', () => {
    const [p] = characterProblems(edited('"cores": 4,', '"co\\u0000res": 4, "cores": 4,'));
    expect(p.path).toBe('$.design.servers[0]["co\\u0000res"]');
    expect(p.message).toBe('Server "EX2" has a field name ($.design.servers[0]["co\\u0000res"]) with a NUL character (U+0000) at character 3: "co\\u0000res".');
  });

  it('a surrogate pair (an emoji) is text and loads', () => {
    const r = loadDesignText(edited('"title": "Branch lab"', '"title": "Branch lab \\uD83D\\uDE00"'));
    expect(r.ok).toBe(true);
  });
});
