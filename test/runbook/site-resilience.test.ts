// Site resilience in the runbook: a stretched DAG with Datacenter Activation Coordination and an alternate witness
// (examples/two-datacenter: DAG1 over sites PR and DR, witness PR-CAS1, alternate witness DR-CAS1). Exchange 2010's
// New-DatabaseAvailabilityGroup has no DAC parameter, so Set-DatabaseAvailabilityGroup sets DAC mode and the alternate
// witness once every member is in (TechNet "Datacenter Activation Coordination Mode", Set-DatabaseAvailabilityGroup).
import { afterAll, describe, expect, it } from 'vitest';
import { LabWorld, evaluateCheck } from '../../main/lab';
import { applyActionEffect } from '../../main/lab/effects';
import { HostDoubleTransport } from '../../main/lab/double/transport';
import { loadExample } from '../fixtures/designs';
import { describePwsh, itPwsh } from '../support/pwsh';
import { runbookOf, stepOf } from './helpers';

const doc = loadExample('two-datacenter');
const runbook = runbookOf(doc);
const step = stepOf(runbook, 'dag.datacenter-activation.dag-1');

describe('the DAC step of a stretched DAG', () => {
  it('sets DatacenterActivationMode DagOnly and the alternate witness with its directory, after the last member joins', () => {
    expect(step.action).toEqual({
      kind: 'dag-datacenter-activation',
      dag: 'DAG1',
      mode: 'DagOnly',
      alternateWitnessServer: 'dr-cas1.tailspin.local',
      alternateWitnessDirectory: 'C:\\DAG1AltWitness',
    });
    expect(step.script).toContain("Set-DatabaseAvailabilityGroup -Identity 'DAG1' -DatacenterActivationMode 'DagOnly' -AlternateWitnessServer 'dr-cas1.tailspin.local' -AlternateWitnessDirectory 'C:\\DAG1AltWitness'");
    expect(step.script).toContain('-WhatIf:$DryRun -ErrorAction Stop');
    expect(step.dependsOn).toContain('dag.member.dag-1.srv-dr-mb2');
    expect(step.supportsWhatIf).toBe(true);
  });

  it('has no such step for a DAG without DAC mode or an alternate witness', () => {
    expect(runbookOf(loadExample('minimal-ha')).steps.some((s) => s.action.kind === 'dag-datacenter-activation')).toBe(false);
  });

  it('the lab turns DAC on and records the alternate witness; the check reads it back', () => {
    const world = LabWorld.create(doc.design);
    world.state.dags.push({ name: 'DAG1', witnessServer: 'pr-cas1.tailspin.local', witnessDirectory: 'C:\\DAG1Witness', ipAddresses: [], members: [], networks: [] });
    const host = world.host('PR-MB1');
    if (!host) throw new Error('no PR-MB1 in the lab');
    expect(evaluateCheck({ world, step, host }).done).toBe(false);
    expect(applyActionEffect({ world, host, out: () => undefined }, step.action)).toMatchObject({ ok: true });
    expect(world.state.dags[0]).toMatchObject({ datacenterActivationMode: 'DagOnly', alternateWitnessServer: 'dr-cas1.tailspin.local', alternateWitnessDirectory: 'C:\\DAG1AltWitness' });
    expect(evaluateCheck({ world, step, host })).toEqual({ done: true, problems: [] });
  });
});

describePwsh('the DAC step in PowerShell against the host double', () => {
  const world = LabWorld.create(doc.design);
  world.state.dags.push({ name: 'DAG1', witnessServer: 'pr-cas1.tailspin.local', witnessDirectory: 'C:\\DAG1Witness', ipAddresses: [], members: [], networks: [] });
  const transport = new HostDoubleTransport({ world });
  afterAll(() => transport.close());

  itPwsh('the check is false, the script sets DAC and the alternate witness, then the check is true', async () => {
    const before = await transport.invoke('PR-MB1', 'ems', step.check, { mode: 'check' });
    expect(before).toMatchObject({ status: 'ok', value: { done: false } });
    const run = await transport.invoke('PR-MB1', 'ems', `$DryRun = $false\n${step.script}`, { mode: 'run' });
    expect(run.status).toBe('ok');
    expect(world.state.dags[0]).toMatchObject({ datacenterActivationMode: 'DagOnly', alternateWitnessServer: 'dr-cas1.tailspin.local' });
    const after = await transport.invoke('PR-MB1', 'ems', step.check, { mode: 'check' });
    expect(after).toMatchObject({ status: 'ok', value: { done: true } });
  });
});
