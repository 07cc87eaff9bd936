// Items of runbook.md "Real hosts: what breaks a generated runbook" that no example exercises on its own: CredSSP in
// preflight, multicast NLB with clients on other subnets (static ARP), hardware load balancer health checks that exist
// on Exchange 2010, lagged copies kept out of activation, and the verification through the array's VIP.
import { describe, expect, it } from 'vitest';
import { Credential, planRun } from '../../main/executor';
import { LabTransport, LabWorld } from '../../main/lab';
import { loadExample } from '../fixtures/designs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleRunbook, runbookOf, stepOf } from './helpers';

describe('CredSSP for the second hop', () => {
  it("is checked in the preflight of every server whose steps reach another machine, and the lab's preflight fails without it", async () => {
    const rb = exampleRunbook('seed-lab');
    for (const id of ['preflight.srv-ex3', 'preflight.srv-ex4', 'preflight.srv-ex2']) {
      const step = stepOf(rb, id);
      expect(step.action).toMatchObject({ kind: 'preflight', credSsp: true });
      expect(step.check).toContain("WSMan:\\localhost\\Service\\Auth\\CredSSP");
    }
    const world = LabWorld.create(loadExample('seed-lab').design);
    world.host('EX3')!.wsman.credSsp = false;
    const transport = new LabTransport(world);
    const outputs: string[] = [];
    const invocation = { step: stepOf(rb, 'preflight.srv-ex3'), host: 'EX3', attempt: 1, credential: new Credential({ userName: 'x', password: '' }), signal: new AbortController().signal, onOutput: (l: { line: string }) => outputs.push(l.line) };
    expect(await transport.check(invocation)).toEqual({ ok: true, done: false });
    expect(outputs).toContain('WinRM does not accept CredSSP (steps on this server reach a second machine)');
  });
});

describe('multicast NLB with clients on other subnets', () => {
  it('gets an operator step for the static ARP entry before the DNS record, and the rehearsal applies it', async () => {
    const doc = loadExample('minimal-ha');
    const cluster = doc.design.nlbClusters[0];
    cluster.mode = 'multicast';
    cluster.clientsOnOtherSubnets = true;
    const rb = runbookOf(doc);
    const arp = stepOf(rb, `nlb.static-arp.${cluster.id}`);
    expect(arp.target).toEqual({ kind: 'operator' });
    expect(arp.action.kind === 'operator' && arp.action.checklist.join(' ')).toMatch(/static ARP entry 10\.0\.1\.40 → 03-BF-0A-00-01-28/);
    // minimal-ha has no server outside the cluster's subnet to check from: the DNS record waits for the operator step.
    expect(rb.steps.some((s) => s.id === `nlb.vip-reachable.${cluster.id}`)).toBe(false);
    expect(stepOf(rb, 'dns.record.casarray-hq').dependsOn).toContain(arp.id);

    // The lab: a rehearsal whose operator never adds the entry (a failing confirmation is not modelled) would stop at
    // the check; with the confirmation applied, the run ends green.
    const world = LabWorld.create(doc.design);
    const runsDir = mkdtempSync(join(tmpdir(), 'extopo-arp-'));
    try {
      const ex = planRun({
        runbook: rb,
        hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn])),
        credential: new Credential({ userName: 'LAB\\t', password: '' }),
        transport: new LabTransport(world),
        options: { runsDir, autoConfirm: { by: 'test', reason: 'lab' } },
      });
      const summary = await ex.start();
      await ex.close();
      expect(summary.status).toBe('succeeded');
      expect(world.state.nlbClusters[0].routerArp).toBe(true);
    } finally {
      rmSync(runsDir, { recursive: true, force: true });
    }
  });
});

describe('hardware load balancer, lagged copies, verification through the array', () => {
  it('asks for health checks that exist on Exchange 2010 (never /owa/healthcheck.htm)', () => {
    const rb = exampleRunbook('multi-role-hlb');
    const hlb = rb.steps.find((s) => s.id.startsWith('casarray.load-balancer.'))!;
    const checklist = hlb.action.kind === 'operator' ? hlb.action.checklist.join(' ') : '';
    expect(checklist).toContain('/owa/auth/logon.aspx');
    expect(checklist).toMatch(/TCP monitors on 135/);
    expect(checklist).toContain('healthcheck.htm exists only from Exchange 2013');
    expect(hlb.phase).toBe('nlb');
  });

  it('suspends activation of every lagged copy after it is added', () => {
    const rb = exampleRunbook('large-lagged');
    const lagged = rb.steps.filter((s) => s.action.kind === 'add-database-copy' && s.action.replayLagDays > 0);
    expect(lagged.length).toBeGreaterThan(0);
    for (const copy of lagged) {
      if (copy.action.kind !== 'add-database-copy') continue;
      const block = rb.steps.find((s) => s.action.kind === 'block-lagged-activation' && s.action.database === (copy.action.kind === 'add-database-copy' ? copy.action.database : '') && s.dependsOn.includes(copy.id));
      expect(block, `activation block after ${copy.id}`).toBeDefined();
      expect(block!.script).toContain('-ActivationOnly');
    }
  });

  it('verifies from a server outside the NLB cluster that the array name resolves to the VIP on the DNS server and TCP 135 answers there', () => {
    const rb = exampleRunbook('seed-lab');
    const verify = stepOf(rb, 'verify.casarray-address.casarray-default');
    expect(verify.target).toMatchObject({ kind: 'host', serverName: 'EX2' });
    expect(verify.action).toMatchObject({ kind: 'verify-vip-reachable', vip: '192.168.0.38', ports: [135], fqdn: 'casarray.exchangeserverpro.local', dnsServer: 'dc.exchangeserverpro.local' });
    expect(verify.check).toContain("& nslookup.exe 'casarray.exchangeserverpro.local' 'dc.exchangeserverpro.local'");
    expect(verify.check).toContain('System.Net.Sockets.TcpClient');
  });
});
