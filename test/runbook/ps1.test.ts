// The whole-design .ps1: its skeleton (requirements, parameters, logging, stop on error), one function per step
// that checks first, remote targets per step kind, and the design values as quoted literals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadPowerShellParser, parseWith, verbatimLiteralValue } from '../../main/powershell/parse';
import { renderPs1, UTF8_BOM } from '../../shared/runbook/ps1';
import { exampleRunbook } from './helpers';

let parser: Parser;
beforeAll(async () => {
  parser = await loadPowerShellParser();
});

const rb = exampleRunbook('seed-lab');
const text = renderPs1(rb, { designFile: 'seed-lab.extopo.json' });

describe('renderPs1', () => {
  it('starts with a UTF-8 byte order mark, then #Requires, and documents the one-script-per-design choice', () => {
    expect(text.startsWith(`${UTF8_BOM}#Requires -Version 2.0\n`)).toBe(true);
    expect(text).toContain('One script per design');
  });

  it('has the parameter block: -WhatIf via SupportsShouldProcess, credential, -StartAt, log path', () => {
    const parsed = parseWith(parser, text);
    expect(parsed.errors).toEqual([]);
    expect(text).toContain('[CmdletBinding(SupportsShouldProcess = $true)]');
    const params = parsed.findAll('param_block');
    expect(params.length).toBeGreaterThan(0);
    const first = parsed.text(params[0]);
    for (const p of ['$Credential', '$StartAt', '$LogPath', '$Authentication', '$RestartTimeoutSeconds']) expect(first).toContain(p);
    expect(text).toContain("$ErrorActionPreference = 'Stop'");
    expect(text).toContain('Start-Transcript -Path $LogPath -Append');
    expect(text).toContain('Stop-Transcript');
  });

  it('defines one function per step, calls them in runbook order, and lists the step ids for -StartAt', () => {
    const fnNames = [...text.matchAll(/^function (Invoke-ExTopoStep\d{4}) \{$/gm)].map((m) => m[1]);
    expect(fnNames).toHaveLength(rb.steps.length);
    const body = text.slice(text.lastIndexOf('Start-Transcript'));
    const calls = [...body.matchAll(/^\s+(Invoke-ExTopoStep\d{4})$/gm)].map((m) => m[1]);
    expect(calls).toEqual(fnNames);
    const idsLine = text.split('\n').find((l) => l.startsWith('$ExTopoStepIds = '));
    expect(idsLine).toBe(`$ExTopoStepIds = @(${rb.steps.map((s) => `'${s.id}'`).join(', ')})`);
    // Each step function names its step and passes its check before its script.
    rb.steps.forEach((step, i) => {
      const start = text.indexOf(`function ${fnNames[i]} {`);
      const end = i + 1 < fnNames.length ? text.indexOf(`function ${fnNames[i + 1]} {`) : text.length;
      const fn = text.slice(start, end);
      expect(fn).toContain(`Id = '${step.id}'`);
      if (step.target.kind === 'operator') {
        expect(fn).toContain('Invoke-ExTopoStep -Step $step\n');
      } else {
        expect(fn.indexOf('-Check {')).toBeLessThan(fn.indexOf('-Run {'));
        const firstScriptLine = step.script.split('\n')[0];
        expect(fn).toContain(firstScriptLine);
      }
    });
  });

  it('runs the check first, reaches hosts by Invoke-Command and EMS through a Microsoft.Exchange session, asks the operator', () => {
    const runner = text.slice(text.indexOf('function Invoke-ExTopoStep {'), text.indexOf('function Invoke-ExTopoStep0001'));
    expect(runner.indexOf('Test-ExTopoCheck -Step $Step -Check $Check')).toBeLessThan(runner.indexOf('-Code $Run'));
    expect(text).toContain("ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = ('http://' + $Server + '/PowerShell/')");
    expect(text).toContain('Import-PSSession -Session $script:ExTopoEmsSession');
    expect(text).toContain('Invoke-Command -ComputerName $Step.Server');
    expect(text).toContain('Read-Host');
    expect(text).toContain("TargetKind = 'ems'");
    expect(text).toContain("TargetKind = 'operator'");
  });

  it('records the runbook identity as quoted values that round-trip', () => {
    const line = (key: string) => text.split('\n').find((l) => l.trimStart().startsWith(`${key} = `))?.trim().slice(key.length + 3) ?? '';
    expect(verbatimLiteralValue(line('ContentHash'))).toBe(rb.contentHash);
    expect(verbatimLiteralValue(line('Title'))).toBe(rb.title);
    expect(verbatimLiteralValue(line('DesignFile'))).toBe('seed-lab.extopo.json');
  });

  it('keeps a hostile design title one literal', () => {
    const title = "Lab'; Stop-Computer -Force; '\u2019 #>";
    const hostile = renderPs1({ ...rb, title });
    const parsed = parseWith(parser, hostile);
    expect(parsed.errors).toEqual([]);
    const titleLine = hostile.split('\n').find((l) => l.trimStart().startsWith('Title = ') && l.includes('Stop-Computer'));
    expect(verbatimLiteralValue(titleLine?.trim().slice('Title = '.length) ?? '')).toBe(title);
    expect(parsed.findAll('command_name').map((n) => parsed.text(n))).not.toContain('Stop-Computer');
  });
});
