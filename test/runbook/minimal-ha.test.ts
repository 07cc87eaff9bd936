// S2, minimal HA: the DAG, its members one at a time, the databases and their copies with activation preferences
// (and lag), in dependency order; the generator is deterministic and its content hash stable.
import { describe, expect, it } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import { canonicalJson } from '../../shared/runbook/hash';
import { sha256Hex } from '../../shared/util/sha256';
import type { DesignDocument } from '../../shared/model/types';
import { loadExample } from '../fixtures/designs';
import { GENERATED_AT, availableExamples, exampleRunbook, expectDependenciesEarlier, expectOrder, runbookOf, stepOf, withDnsDomainController } from './helpers';

const rb = exampleRunbook('minimal-ha');

describe('minimal-ha runbook', () => {
  it('creates DAG1 with its witness, IP and directory, then adds MB1 and MB2 one after the other', () => {
    const dag = stepOf(rb, 'dag.create.dag-1');
    expect(dag.script).toBe(
      "New-DatabaseAvailabilityGroup -Name 'DAG1' -WitnessServer 'cas1.contoso.local' -WitnessDirectory 'C:\\DAG1Witness' -DatabaseAvailabilityGroupIpAddresses @('10.0.1.50') -WhatIf:$DryRun -ErrorAction Stop",
    );
    // CAS1 is an Exchange server: no Exchange Trusted Subsystem step for the witness.
    expect(rb.steps.some((s) => s.id === 'dag.witness.dag-1')).toBe(false);
    expectOrder(rb, ['setup.exchange.srv-mb1', 'setup.exchange.srv-mb2', 'dag.create.dag-1', 'dag.member.dag-1.srv-mb1', 'dag.member.dag-1.srv-mb2', 'dag.networks.dag-1']);
    const mb2 = stepOf(rb, 'dag.member.dag-1.srv-mb2');
    expect(mb2.script).toBe("Add-DatabaseAvailabilityGroupServer -Identity 'DAG1' -MailboxServer 'MB2' -WhatIf:$DryRun -ErrorAction Stop");
    // MB2 joins once it is ready: installed, restarted, at the design's update rollup and restarted again.
    expect(mb2.dependsOn).toEqual(expect.arrayContaining(['dag.create.dag-1', 'dag.member.dag-1.srv-mb1', 'setup.rollup-restart.srv-mb2', 'prereq.failover-clustering.srv-mb2']));
    expect(stepOf(rb, 'dag.networks.dag-1').action).toEqual({ kind: 'dag-networks', dag: 'DAG1', mapiSubnets: ['10.0.1.0/24'], replicationSubnets: ['10.0.2.0/24'] });
  });

  it('creates each database on its preference-1 server after the CAS array, then its copy with preference 2', () => {
    expectOrder(rb, ['casarray.create.casarray-hq', 'dag.member.dag-1.srv-mb2', 'db.create.db-1', 'db.copy.db-1.srv-mb2']);
    expectOrder(rb, ['db.create.db-2', 'db.copy.db-2.srv-mb1']);
    const db1 = stepOf(rb, 'db.create.db-1');
    expect(db1.action).toMatchObject({ kind: 'new-mailbox-database', name: 'DB1', server: 'MB1' });
    expect(db1.script).toContain("New-MailboxDatabase -Name 'DB1' -Server 'MB1'");
    expect(db1.script).toContain("Mount-Database -Identity 'DB1'");
    const copy = stepOf(rb, 'db.copy.db-2.srv-mb1');
    expect(copy.script).toBe("Add-MailboxDatabaseCopy -Identity 'DB2' -MailboxServer 'MB1' -ActivationPreference 2 -WhatIf:$DryRun -ErrorAction Stop");
    expect(copy.dependsOn).toEqual(expect.arrayContaining(['db.create.db-2', 'dag.member.dag-1.srv-mb1', 'dag.member.dag-1.srv-mb2']));
  });

  it('prepares AD once before the first setup, sets static RPC ports and balances exactly the design\'s port rules', () => {
    const setups = rb.steps.filter((s) => s.action.kind === 'exchange-setup');
    expect(setups).toHaveLength(4);
    for (const s of setups) expect(s.dependsOn).toContain('setup.prepare-ad');
    expect(stepOf(rb, 'setup.prepare-ad').script).toContain("& $setup '/PrepareAD' ('/OrganizationName:' + 'Contoso')");
    expect(stepOf(rb, 'setup.static-rpc.srv-cas2').action).toEqual({ kind: 'static-rpc-ports', rpcClientAccessPort: 59532, addressBookPort: 59533 });
    const rules = stepOf(rb, 'nlb.port-rules.nlb-cas');
    expect(rules.script.match(/Add-NlbClusterPortRule/g)).toHaveLength(5);
    expect(rules.script).toContain("-StartPort 59533 -EndPort 59533 -Protocol 'Tcp' -Mode 'Multiple' -Affinity 'Single'");
    // Clients on other subnets: IP forwarding on the NLB NIC.
    expect(stepOf(rb, 'nlb.nic.nlb-cas.srv-cas2').script).toContain("& netsh.exe 'interface' 'ipv4' 'set' 'interface' $nicName 'forwarding=enabled'");
    expectDependenciesEarlier(rb);
  });

  it('adds a lagged copy with -ReplayLagTime d.hh:mm:ss after the non-lagged ones', () => {
    const doc = loadExample('minimal-ha');
    const design = doc.design;
    const mb2 = design.servers.find((s) => s.id === 'srv-mb2');
    if (!mb2) throw new Error('MB2 missing');
    design.servers.push({
      ...structuredClone(mb2),
      id: 'srv-mb3',
      name: 'MB3',
      fqdn: 'mb3.contoso.local',
      nics: [
        { id: 'nic-mb3-mapi', name: 'MAPI', subnetId: 'subnet-mapi', ipv4: '10.0.1.33', purpose: 'mapi' },
        { id: 'nic-mb3-repl', name: 'Replication', subnetId: 'subnet-repl', ipv4: '10.0.2.33', purpose: 'replication' },
      ],
    });
    design.dags[0].memberIds.push('srv-mb3');
    design.databases[0].copies.push({ serverId: 'srv-mb3', activationPreference: 3, replayLagDays: 7, truncationLagDays: 0 });
    const lagged = runbookOf(doc);
    const copy = stepOf(lagged, 'db.copy.db-1.srv-mb3');
    expect(copy.script).toBe("Add-MailboxDatabaseCopy -Identity 'DB1' -MailboxServer 'MB3' -ActivationPreference 3 -ReplayLagTime '7.00:00:00' -WhatIf:$DryRun -ErrorAction Stop");
    expect(copy.check).toContain("'[MB3, 7.00:00:00]'");
    expectOrder(lagged, ['dag.member.dag-1.srv-mb3', 'db.copy.db-1.srv-mb2', 'db.copy.db-1.srv-mb3']);
    expect(copy.dependsOn).toContain('db.copy.db-1.srv-mb2');
    expectDependenciesEarlier(lagged);
  });

  it('renders the Windows Server 2012 commands where the Windows version matters', () => {
    const doc = withDnsDomainController(loadExample('minimal-ha'), '2012');
    for (const s of doc.design.servers) s.os = { version: '2012', edition: 'Standard', servicePack: 0 };
    const rb2012 = runbookOf(doc);
    const dns = stepOf(rb2012, 'dns.record.casarray-hq');
    expect(dns.action).toMatchObject({ useDnscmd: false, dnsServer: 'dc1.contoso.local', zone: 'contoso.local', hostLabel: 'outlook' });
    expect(dns.script).toContain("$record = @{ ComputerName = 'dc1.contoso.local'; ZoneName = 'contoso.local'; Name = 'outlook'; IPv4Address = '10.0.1.40' }");
    expect(dns.script).toContain('Add-DnsServerResourceRecordA @record');
    expect(dns.script).not.toContain('dnscmd');
    expect(stepOf(rb2012, 'prereq.features.srv-mb1').script).toContain("'NET-Framework-Core'");
    expect(stepOf(rb, 'dns.record.casarray-hq').script).toContain('dnscmd.exe');
    // The same 2012 servers, but the DNS server is outside the design: its version is unknown, and only dnscmd
    // works against 2008 R2 and 2012+ DNS servers alike.
    const outside = loadExample('minimal-ha');
    for (const s of outside.design.servers) s.os = { version: '2012', edition: 'Standard', servicePack: 0 };
    const unknownDns = stepOf(runbookOf(outside), 'dns.record.casarray-hq');
    expect(unknownDns.action).toMatchObject({ useDnscmd: true, dnsServer: 'dc1.contoso.local' });
    expect(unknownDns.script).toContain("& dnscmd.exe 'dc1.contoso.local' '/RecordAdd' 'contoso.local' 'outlook' 'A' '10.0.1.40'");
    expect(unknownDns.notes.join(' ')).toContain('dc1.contoso.local is not in the design');
  });
});

describe('determinism', () => {
  it('gives equal runbooks and the same content hash for the same design, whatever generatedAt says', () => {
    for (const name of availableExamples()) {
      const a = generateRunbook(loadExample(name), { generatedAt: GENERATED_AT });
      const b = generateRunbook(loadExample(name), { generatedAt: '1999-12-31T23:59:59.000Z' });
      if (!a.ok || !b.ok) throw new Error(`${name} refused`);
      expect(b.runbook.steps).toEqual(a.runbook.steps);
      expect(b.runbook.contentHash).toBe(a.runbook.contentHash);
      expect(a.runbook.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(a.runbook.contentHash).toBe(sha256Hex(canonicalJson(a.runbook.steps)));
    }
  });

  it('keeps the step order and ids when unrelated objects are listed in another order', () => {
    const doc: DesignDocument = loadExample('minimal-ha');
    doc.design.subnets.reverse();
    expect(runbookOf(doc).steps.map((s) => s.id)).toEqual(rb.steps.map((s) => s.id));
  });

  it('changes the content hash when a design value changes', () => {
    const doc = loadExample('minimal-ha');
    doc.design.databases[1].name = 'DB2-Renamed';
    expect(runbookOf(doc).contentHash).not.toBe(rb.contentHash);
  });
});
