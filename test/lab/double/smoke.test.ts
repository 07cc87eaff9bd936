import { afterAll, expect } from 'vitest';
import { LabWorld } from '../../../main/lab/world';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { exampleDesign } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';

describePwsh('host double smoke', () => {
  const world = LabWorld.create(exampleDesign('seed-lab'));
  const transport = new HostDoubleTransport({ world });
  afterAll(() => transport.close());
  itPwsh('answers Get-WmiObject from the lab world', async () => {
    const outcome = await transport.invoke('EX3', 'host', "$os = Get-WmiObject -Class Win32_OperatingSystem\n[string]$os.Version -eq '6.1.7601'", { mode: 'check' });
    expect(outcome).toMatchObject({ status: 'ok', value: { done: true } });
  });
});
