// The Markdown, JSON and PowerShell exports, and designs that cannot be exported.
import { describe, expect, it } from 'vitest';
import { ExportError, exportRunbook, runbookForText } from '../../main/exporters';
import { anchor, mdCode, mdFence, mdText } from '../../main/exporters/markdown';
import { generateRunbook } from '../../shared/runbook/generate';
import { renderPs1 } from '../../shared/runbook/ps1';
import { exampleText, loadExample } from '../fixtures/designs';

const NOW = new Date('2026-11-25T09:30:00Z');
// ignoreBOM keeps a byte order mark in the text (the .ps1 starts with one).
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

async function exportText(format: 'md' | 'json' | 'ps1', name: 'seed-lab' | 'minimal-ha', now = NOW): Promise<{ fileName: string; text: string }> {
  const r = await exportRunbook({ format, text: exampleText(name), designPath: `C:\\Designs\\${name}.extopo.json`, now });
  return { fileName: r.fileName, text: decode(r.bytes) };
}

describe('Markdown runbook', () => {
  it('has the cover facts, contents, findings, bill of materials and every step as a checklist item with PowerShell', async () => {
    const { fileName, text } = await exportText('md', 'minimal-ha');
    const { runbook } = runbookForText(exampleText('minimal-ha'), NOW);
    expect(fileName).toBe('minimal-ha-runbook.md');
    expect(text.startsWith('# ')).toBe(true);
    expect(text).toContain('| Design file | `minimal-ha.extopo.json` |');
    expect(text).toContain(`\`${runbook.contentHash}\``);
    expect(text).toContain('## Contents');
    expect(text).toContain('- [Bill of materials](#bill-of-materials)');
    expect(text).toContain('## Planner findings and high availability');
    expect(text).toMatch(/\| Mailbox \| ✔ yes \|/);
    // Bill of materials: servers with their addresses, the DAG with its IP and witness, databases with copies.
    expect(text).toMatch(/\| MB1<br>mb1\.contoso\.local \| HQ \| MB \|/);
    expect(text).toContain('10.0.2.31');
    expect(text).toMatch(/\| DAG1 \| HQ \| MB1<br>MB2 \| 10\.0\.1\.50 \(10\.0\.1\.0\/24\) \| CAS1<br>C:\\\\DAG1Witness \|/);
    expect(text).toMatch(/\| DB1<br>new<br>500 mailboxes, ~\d+ GB \(limit \d+ GB\) \| MB1<br>MB2 \| 1<br>2 \|/);
    // Steps: one "- [ ]" item per step, numbered in run order, with fenced PowerShell.
    runbook.steps.forEach((step, i) => expect(text).toContain(`- [ ] **${i + 1}. ${mdText(step.title)}**`));
    expect(text.match(/^- \[ \] \*\*/gm)?.length).toBe(runbook.steps.length);
    expect(text).toContain('```powershell\n');
    for (const command of ['New-NlbCluster', 'New-ClientAccessArray', 'Set-MailboxDatabase', 'New-DatabaseAvailabilityGroup', 'Add-MailboxDatabaseCopy']) expect(text).toContain(command);
    // Fences are balanced and no diagram is embedded.
    expect((text.match(/^\s*```/gm) ?? []).length % 2).toBe(0);
    expect(text).not.toContain('<svg');
  });

  it('escapes design text so that it cannot turn into markup', async () => {
    const doc = JSON.parse(exampleText('seed-lab'));
    doc.title = 'Lab | <img src=x> *bold* [link](http://x)';
    const text = decode((await exportRunbook({ format: 'md', text: JSON.stringify(doc), now: NOW })).bytes);
    expect(text.split('\n')[0]).toBe('# Lab \\| \\<img src=x\\> \\*bold\\* \\[link\\](http://x)');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdFence('x\n```\ny', 'powershell')).toBe('````powershell\nx\n```\ny\n````');
    expect(anchor('Phase 3: Windows NLB')).toBe('phase-3-windows-nlb');
  });
});

describe('JSON runbook', () => {
  it('is the generator\'s Runbook, pretty-printed, and the same bytes for the same design and time', async () => {
    const a = await exportText('json', 'seed-lab');
    const b = await exportText('json', 'seed-lab');
    expect(a.fileName).toBe('seed-lab-runbook.json');
    expect(a.text).toBe(b.text);
    const generated = generateRunbook(loadExample('seed-lab'), { generatedAt: NOW.toISOString() });
    if (!generated.ok) throw new Error(generated.message);
    expect(JSON.parse(a.text)).toEqual(JSON.parse(JSON.stringify(generated.runbook)));
    expect(a.text.startsWith('{\n  "formatVersion": 1,\n  "title": ')).toBe(true);
    expect(a.text).toContain('\n    {\n      "id": "');
    expect(a.text.endsWith('}\n')).toBe(true);
  });
});

describe('PowerShell runbook', () => {
  it('is the whole-design script of the generator', async () => {
    const { fileName, text } = await exportText('ps1', 'seed-lab');
    const generated = generateRunbook(loadExample('seed-lab'), { generatedAt: NOW.toISOString() });
    if (!generated.ok) throw new Error(generated.message);
    expect(fileName).toBe('seed-lab-runbook.ps1');
    expect(text).toBe(renderPs1(generated.runbook, { designFile: 'seed-lab.extopo.json' }));
    // Windows PowerShell 5.1 reads a script without a byte order mark as ANSI: the file keeps the UTF-8 BOM.
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('New-NlbCluster');
    expect(text).toContain('New-ClientAccessArray');
  });
});

describe('designs that cannot be exported', () => {
  it('refuses a design with planner errors and lists every one with its fix', async () => {
    const doc = JSON.parse(exampleText('seed-lab'));
    doc.design.servers[2].nics[0].ipv4 = '192.168.0.34'; // EX4 takes EX3's address
    doc.design.servers[1].name = 'EX3-FAR-TOO-LONG-NAME'; // over 15 characters: not a NetBIOS name
    for (const format of ['pdf', 'md', 'json', 'ps1'] as const) {
      const error = await exportRunbook({ format, text: JSON.stringify(doc), now: NOW }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ExportError);
      const e = error as ExportError;
      expect(e.kind).toBe('planner');
      expect(e.problems.some((p) => p.startsWith('[ip.unique]') && p.includes('192.168.0.34') && p.includes('Fix: '))).toBe(true);
      expect(e.problems.some((p) => p.startsWith('[name.netbios]') && p.includes('EX3-FAR-TOO-LONG-NAME'))).toBe(true);
      expect(e.message).toMatch(/planner errors?/);
    }
  });

  it('refuses text that is not a design, naming where the problem is', async () => {
    const broken = await exportRunbook({ format: 'pdf', text: '{ "formatVersion": 2, ', now: NOW }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ExportError);
    expect((broken as ExportError).kind).toBe('load');
    expect((broken as ExportError).problems[0]).toMatch(/not valid JSON.*line 1/);

    const doc = JSON.parse(exampleText('seed-lab'));
    doc.design.servers[0].nics[0].ipv4 = '192.168.0.300';
    const invalid = await exportRunbook({ format: 'md', text: JSON.stringify(doc), now: NOW }).catch((e: unknown) => e);
    expect((invalid as ExportError).kind).toBe('load');
    expect((invalid as ExportError).problems.join('\n')).toContain('$.design.servers[0].nics[0].ipv4');
  });
});
