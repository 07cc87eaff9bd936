// S1, the seed lab: the runbook holds every step of the seed tutorial, in the tutorial's order, with the design's
// values in the commands.
import { describe, expect, it } from 'vitest';
import type { Runbook } from '../../shared/runbook/types';
import { exampleRunbook, expectDependenciesEarlier, expectOrder, indexOf, stepOf } from './helpers';

const rb: Runbook = exampleRunbook('seed-lab');

describe('seed-lab runbook', () => {
  it('contains every step of the seed tutorial in the tutorial order', () => {
    for (const host of ['srv-ex3', 'srv-ex4']) {
      expectOrder(rb, [`preflight.${host}`, `prereq.features.${host}`, `prereq.nettcpportsharing.${host}`, `setup.exchange.${host}`, `nlb.feature.${host}`]);
    }
    expectOrder(rb, [
      'prereq.features.srv-ex3',
      'prereq.nettcpportsharing.srv-ex3',
      'setup.exchange.srv-ex3',
      'setup.exchange.srv-ex4',
      'nlb.feature.srv-ex3',
      'nlb.cluster.nlb-casarray',
      'nlb.port-rules.nlb-casarray',
      'nlb.node.nlb-casarray.srv-ex4',
      'nlb.converged.nlb-casarray',
      'dns.record.casarray-default',
      'casarray.create.casarray-default',
      'casarray.rpc-client-access.casarray-default.srv-ex2',
      'casarray.outlook-profiles.casarray-default',
    ]);
    expect(rb.steps.at(-1)?.phase).toBe('verification');
  });

  it('installs the prerequisites with -Restart and sets NetTcpPortSharing to Automatic', () => {
    const features = stepOf(rb, 'prereq.features.srv-ex3');
    expect(features.restarts).toBe(true);
    expect(features.script).toContain('Import-Module ServerManager');
    expect(features.script).toMatch(/Add-WindowsFeature -Name @\('NET-Framework', 'RSAT-ADDS', 'Web-Server'.*'RPC-Over-HTTP-Proxy'\) -Restart -WhatIf:\$DryRun -ErrorAction Stop/);
    const tcp = stepOf(rb, 'prereq.nettcpportsharing.srv-ex4');
    // The dry run and the error mode are passed explicitly (preferences do not reach imported commands).
    expect(tcp.script).toBe("Set-Service -Name 'NetTcpPortSharing' -StartupType 'Automatic' -WhatIf:$DryRun -ErrorAction Stop");
    expect(tcp.target).toEqual({ kind: 'host', serverId: 'srv-ex4', serverName: 'EX4' });
  });

  it('runs setup /m:install /r:ca,ht,mt on EX3 and EX4 from the install media', () => {
    for (const id of ['setup.exchange.srv-ex3', 'setup.exchange.srv-ex4']) {
      const step = stepOf(rb, id);
      expect(step.action).toEqual({ kind: 'exchange-setup', roles: ['ca', 'ht', 'mt'], setupMediaPath: 'D:\\' });
      expect(step.script).toContain("& $setup '/m:install' '/r:ca,ht,mt'");
      expect(step.dependsOn).toEqual(
        expect.arrayContaining([id.replace('setup.exchange', 'prereq.features'), id.replace('setup.exchange', 'prereq.nettcpportsharing'), id.replace('setup.exchange', 'prereq.winrm-quota'), id.replace('setup.exchange', 'prereq.restart')]),
      );
      // Setup asks for a restart before the server is used: the next step restarts it, before NLB binds its NIC.
      expect(stepOf(rb, id.replace('setup.exchange', 'setup.restart'))).toMatchObject({ restarts: true, dependsOn: [id] });
    }
    // EX2 already exists, so the organization exists: no /PrepareAD, and EX2 gets no prerequisites or setup — only the
    // design's update rollup (skipped by its check when EX2 has it), the DNS tools for the DNS step, verification.
    expect(rb.steps.some((s) => s.id === 'setup.prepare-ad')).toBe(false);
    const ex2 = rb.steps.filter((s) => s.target.kind !== 'operator' && s.target.serverId === 'srv-ex2' && s.target.kind === 'host');
    expect(ex2.map((s) => s.id)).toEqual(['preflight.srv-ex2', 'prereq.rsat-dns.srv-ex2', 'setup.rollup.srv-ex2', 'setup.rollup-restart.srv-ex2', 'verify.casarray-address.casarray-default']);
  });

  it('builds the NLB cluster on EX3, adds EX4, and replaces the default all-ports rule', () => {
    expect(stepOf(rb, 'nlb.feature.srv-ex3').action).toEqual({ kind: 'install-features', features: ['NLB', 'RSAT-NLB'], cmdlet: 'Add-WindowsFeature', source: '' });
    const cluster = stepOf(rb, 'nlb.cluster.nlb-casarray');
    expect(cluster.target).toMatchObject({ kind: 'host', serverName: 'EX3' });
    expect(cluster.script).toContain(
      "New-NlbCluster -InterfaceName 'NLB' -ClusterPrimaryIP '192.168.0.38' -SubnetMask '255.255.255.0' -ClusterName 'casarray.exchangeserverpro.local' -OperationMode 'Unicast'",
    );
    const node = stepOf(rb, 'nlb.node.nlb-casarray.srv-ex4');
    expect(node.script).toContain("Get-NlbCluster -HostName 'EX3' -InterfaceName 'NLB' -ErrorAction Stop | Add-NlbClusterNode -NewNodeName 'EX4' -NewNodeInterface 'NLB'");
    expect(node.dependsOn).toEqual(expect.arrayContaining(['nlb.cluster.nlb-casarray', 'nlb.port-rules.nlb-casarray', 'nlb.feature.srv-ex4']));
    const rules = stepOf(rb, 'nlb.port-rules.nlb-casarray');
    expect(rules.script).toContain('Remove-NlbClusterPortRule');
    if (rules.action.kind !== 'nlb-port-rules') throw new Error('wrong action');
    expect(rules.action.rules.map((r) => `${r.startPort}-${r.endPort}`)).toEqual(['80-80', '443-443', '135-135', '6005-59530']);
    expect(rules.action.rules.every((r) => r.affinity === 'Single')).toBe(true);
    expect(rules.script).not.toContain('-StartPort 0 ');
    // File and Printer Sharing: Windows Server 2008 R2 has no command to unbind it, so the operator does it before the
    // run (preflight) and a check reads the binding. The NLB NIC stops registering in DNS (EX4 has two NICs); clients
    // are on the same subnet, so no IP forwarding. Never Disable-NetAdapterBinding (2012+) or nvspbind (not Windows).
    expect(stepOf(rb, 'preflight.nlb-unbind.nlb-casarray.srv-ex4')).toMatchObject({ phase: 'preflight', target: { kind: 'operator' } });
    expect(stepOf(rb, 'preflight.nlb-unbound.nlb-casarray.srv-ex4').check).toContain('LanmanServer\\Linkage');
    const nic = stepOf(rb, 'nlb.nic.nlb-casarray.srv-ex4');
    expect(nic.script).toContain('SetDynamicDNSRegistration($false, $false)');
    expect(nic.script).not.toContain('Disable-NetAdapterBinding');
    expect(nic.script).not.toContain('nvspbind');
    expect(nic.script).not.toContain('forwarding=enabled');
  });

  it('creates the DNS record casarray.exchangeserverpro.local → 192.168.0.38 with dnscmd (Windows Server 2008 R2)', () => {
    const dns = stepOf(rb, 'dns.record.casarray-default');
    expect(dns.action).toMatchObject({ kind: 'dns-a-record', zone: 'exchangeserverpro.local', hostLabel: 'casarray', fqdn: 'casarray.exchangeserverpro.local', ipv4: '192.168.0.38', useDnscmd: true });
    // A named DNS server (the domain controller), never the domain name; the DNS tools are a step of their own.
    expect(dns.script).toContain("& dnscmd.exe 'dc.exchangeserverpro.local' '/RecordAdd' 'exchangeserverpro.local' 'casarray' 'A' '192.168.0.38'");
    expect(dns.script).not.toContain('Add-WindowsFeature');
    expect(dns.target).toMatchObject({ kind: 'dns', serverName: 'EX2', dnsServer: 'dc.exchangeserverpro.local' });
    expect(dns.dependsOn).toEqual(expect.arrayContaining(['prereq.rsat-dns.srv-ex2', 'nlb.converged.nlb-casarray']));
  });

  it('creates the CAS array and repoints EX2\'s databases through the EMS of the installed EX2', () => {
    const array = stepOf(rb, 'casarray.create.casarray-default');
    expect(array.target).toEqual({ kind: 'ems', serverId: 'srv-ex2', serverName: 'EX2' });
    expect(array.script).toBe("New-ClientAccessArray -Name 'CASArray' -Site 'Default-First-Site-Name' -Fqdn 'casarray.exchangeserverpro.local' -WhatIf:$DryRun -ErrorAction Stop");
    expect(array.dependsOn).toContain('dns.record.casarray-default');
    const rpc = stepOf(rb, 'casarray.rpc-client-access.casarray-default.srv-ex2');
    expect(rpc.script).toBe("Get-MailboxDatabase -Server 'EX2' -ErrorAction Stop | Set-MailboxDatabase -RpcClientAccessServer 'casarray.exchangeserverpro.local' -WhatIf:$DryRun -ErrorAction Stop");
    expect(rpc.dependsOn).toContain('casarray.create.casarray-default');
    expect(rpc.entityIds).toEqual(expect.arrayContaining(['srv-ex2', 'db-02']));
    expect(rpc.check).toContain("Where-Object { [string]$_.RpcClientAccessServer -ne 'casarray.exchangeserverpro.local' }");
  });

  it('ends with the Outlook profile checklist and verification, every dependency pointing backwards', () => {
    const outlook = stepOf(rb, 'casarray.outlook-profiles.casarray-default');
    expect(outlook.target).toEqual({ kind: 'operator' });
    expect(outlook.script).toBe('');
    expect(indexOf(rb, 'verify.nlb.nlb-casarray')).toBeGreaterThan(indexOf(rb, 'casarray.outlook-profiles.casarray-default'));
    expectDependenciesEarlier(rb);
    for (const step of rb.steps) {
      if (step.target.kind === 'operator') continue;
      expect(step.check, `${step.id} has a check`).not.toBe('');
    }
  });
});
