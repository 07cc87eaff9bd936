// The two defects a consultant found by reading the generated .ps1 (runbook.md, "Real hosts", first item; and the
// Mount-Database retry), shown on the host double with the script text of the runbook before the fix, and gone with
// the text the generator renders now. The EMS lane imports the Exchange double as a module, as implicit remoting does
// on a real host, so a preference set in the script's scope does not reach its cmdlets.
import { afterAll, expect } from 'vitest';
import { renderAction } from '../../../shared/runbook/scripts';
import type { StepAction } from '../../../shared/runbook/actions';
import { LabWorld } from '../../../main/lab/world';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { exampleDesign } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';

const ARRAY: StepAction = { kind: 'new-cas-array', name: 'CASArray', site: 'Default-First-Site-Name', fqdn: 'casarray.exchangeserverpro.local' };
/** The script the generator rendered for that step before the fix (commit 2a170bd), verbatim. */
const ARRAY_SCRIPT_BEFORE = "New-ClientAccessArray -Name 'CASArray' -Site 'Default-First-Site-Name' -Fqdn 'casarray.exchangeserverpro.local'";

const DATABASE: StepAction = {
  kind: 'new-mailbox-database',
  name: 'DB09',
  server: 'EX2',
  edbFilePath: 'C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\DB09\\DB09.edb',
  logFolderPath: 'C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\DB09',
};
/** Before the fix (commit 2a170bd), verbatim but for the values: Mount-Database's failure is non-terminating, so catch never runs. */
const DATABASE_SCRIPT_BEFORE = `if ($null -eq (Get-MailboxDatabase -Identity 'DB09' -ErrorAction SilentlyContinue)) {
  New-MailboxDatabase -Name 'DB09' -Server 'EX2' -EdbFilePath '${DATABASE.edbFilePath}' -LogFolderPath '${DATABASE.logFolderPath}' | Out-Null
}
if (-not $WhatIfPreference) {
  $attempt = 0
  while ($true) {
    try { Mount-Database -Identity 'DB09'; break }
    catch { $attempt++; if ($attempt -ge 5) { throw }; Start-Sleep -Seconds 15 }
  }
}`;

describePwsh('dry run and error handling that reach the Exchange cmdlets', () => {
  const world = LabWorld.create(exampleDesign('seed-lab'));
  const transport = new HostDoubleTransport({ world });
  afterAll(() => transport.close());

  itPwsh('BEFORE the fix: a dry run of New-ClientAccessArray relying on $WhatIfPreference CREATES the array (the preference does not reach the imported cmdlet)', async () => {
    expect(world.state.casArrays).toEqual([]);
    // The old driver's dry run: $WhatIfPreference = $true in the script's scope, then the step's text.
    const outcome = await transport.invoke('EX2', 'ems', `$WhatIfPreference = $true\n${ARRAY_SCRIPT_BEFORE}`);
    expect(outcome.status).toBe('ok');
    expect(world.state.casArrays.map((a) => a.fqdn)).toEqual(['casarray.exchangeserverpro.local']);
    world.state.casArrays = [];
    world.commit();
  });

  itPwsh('AFTER the fix: the dry run of the rendered step (-WhatIf:$DryRun) changes nothing and says what it would do', async () => {
    const script = renderAction(ARRAY).script;
    expect(script).toContain('-WhatIf:$DryRun -ErrorAction Stop');
    const outcome = await transport.invoke('EX2', 'ems', script, { whatIf: true });
    expect(outcome.status).toBe('ok');
    expect(world.state.casArrays).toEqual([]);
    const lines = outcome.status === 'ok' ? outcome.lines.map((l) => l.text) : [];
    expect(lines.some((l) => /^What if: .*CASArray/.test(l))).toBe(true);
    // And for real, it creates the array.
    expect((await transport.invoke('EX2', 'ems', script)).status).toBe('ok');
    expect(world.state.casArrays.map((a) => a.fqdn)).toEqual(['casarray.exchangeserverpro.local']);
  });

  itPwsh("BEFORE the fix: Mount-Database's retry never retries: the first mount fails (AD replication) and the database stays dismounted", async () => {
    const outcome = await transport.invoke('EX2', 'ems', `$ErrorActionPreference = 'Stop'\n${DATABASE_SCRIPT_BEFORE}`);
    expect(outcome.status).toBe('ok');
    expect(world.state.databases.find((d) => d.name === 'DB09')).toMatchObject({ mounted: false });
    const check = await transport.invoke('EX2', 'ems', renderAction(DATABASE).check, { mode: 'check' });
    expect(check).toMatchObject({ status: 'ok', value: { done: false } });
  });

  itPwsh('AFTER the fix: -ErrorAction Stop makes the failed mount an exception the retry catches; the database is mounted', async () => {
    world.state.databases = world.state.databases.filter((d) => d.name !== 'DB09');
    world.commit();
    const outcome = await transport.invoke('EX2', 'ems', renderAction(DATABASE).script);
    expect(outcome.status).toBe('ok');
    const lines = outcome.status === 'ok' ? outcome.lines.map((l) => l.text) : [];
    expect(lines.some((l) => /Mount-Database DB09 failed \(attempt 1 of 5\)/.test(l))).toBe(true);
    expect(world.state.databases.find((d) => d.name === 'DB09')).toMatchObject({ mounted: true });
    const check = await transport.invoke('EX2', 'ems', renderAction(DATABASE).check, { mode: 'check' });
    expect(check).toMatchObject({ status: 'ok', value: { done: true } });
  });
});
