// What a deployment engineer checks in a runbook that an executor runs in parallel (host steps of different servers
// at the same time): every step waits for what it really needs, IP forwarding is enabled exactly where the planner
// says it is needed, and every check tells whether its step is done (so a re-run neither skips nor repeats work).
import { describe, expect, it } from 'vitest';
import { planDesign } from '../../shared/planner/engine';
import { stepIds } from '../../shared/runbook/phases';
import { renderAction } from '../../shared/runbook/scripts';
import type { Design, DesignDocument } from '../../shared/model/types';
import type { Runbook } from '../../shared/runbook/types';
import { loadExample } from '../fixtures/designs';
import { availableExamples, exampleRunbook, runbookOf, stepOf, transitiveDependencies, withDnsDomainController } from './helpers';

function expectWaitsFor(rb: Runbook, id: string, dep: string): void {
  expect(transitiveDependencies(rb, id).has(dep), `${id} waits for ${dep}`).toBe(true);
}

/** The ids of the steps of a runbook. */
const idsOf = (rb: Runbook): Set<string> => new Set(rb.steps.map((s) => s.id));

/** multi-role-hlb with its DAG witness on a file server of the design (no Exchange role). */
function withFileServerWitness(): DesignDocument {
  const doc = loadExample('multi-role-hlb');
  const { design } = doc;
  const exa = design.servers[0];
  design.servers.push({
    ...structuredClone(exa),
    id: 'srv-fs1',
    name: 'FS1',
    fqdn: `fs1.${design.organization.adDomain}`,
    roles: [],
    nics: [{ ...structuredClone(exa.nics[0]), id: 'nic-fs1', ipv4: exa.nics[0].ipv4.replace(/\.\d+$/, '.200') }],
  });
  design.dags[0].witnessServerId = 'srv-fs1';
  design.dags[0].witnessHost = '';
  return doc;
}

describe('dependencies the parallel executor relies on', () => {
  for (const name of availableExamples()) {
    it(`${name}: the CAS array is used only once DNS, the array, the load balancer and the static RPC ports are ready`, () => {
      const doc = loadExample(name);
      const rb = runbookOf(doc);
      const ids = idsOf(rb);
      for (const array of doc.design.casArrays) {
        const loadBalancer = array.nlbClusterId ? stepIds.nlbConverged(array.nlbClusterId) : array.hardwareLoadBalancerId ? stepIds.hardwareLoadBalancer(array.id) : null;
        const staticPorts = doc.design.servers
          .filter((s) => s.siteId === array.siteId && s.roles.includes('CAS'))
          .map((s) => stepIds.staticRpcPorts(s.id))
          .filter((id) => ids.has(id));
        const users = rb.steps.filter((s) => s.id.startsWith(`casarray.rpc-client-access.${array.id}.`) || s.id === stepIds.verifyCasArray(array.id));
        expect(users.length, `steps using ${array.name}`).toBeGreaterThan(1);
        for (const user of users) {
          expectWaitsFor(rb, user.id, stepIds.dnsRecord(array.id));
          expectWaitsFor(rb, user.id, stepIds.casArray(array.id));
          if (loadBalancer) expectWaitsFor(rb, user.id, loadBalancer);
          for (const id of staticPorts) expectWaitsFor(rb, user.id, id);
        }
      }
    });

    it(`${name}: NLB after Exchange setup on each member; DAG members after Failover Clustering; copies after the DAG networks`, () => {
      const doc = loadExample(name);
      const rb = runbookOf(doc);
      const ids = idsOf(rb);
      for (const cluster of doc.design.nlbClusters) {
        for (const m of cluster.members) {
          if (ids.has(stepIds.exchangeSetup(m.serverId))) expectWaitsFor(rb, stepIds.nlbFeature(m.serverId), stepIds.exchangeSetup(m.serverId));
        }
      }
      for (const dag of doc.design.dags) {
        for (const id of dag.memberIds) expectWaitsFor(rb, stepIds.dagMember(dag.id, id), stepIds.failoverClustering(id));
        if (ids.has(stepIds.witness(dag.id))) expectWaitsFor(rb, stepIds.dag(dag.id), stepIds.witness(dag.id));
        if (!ids.has(stepIds.dagNetworks(dag.id))) continue;
        const copies = rb.steps.filter((s) => s.action.kind === 'add-database-copy' && s.id.startsWith('db.copy.') && dag.memberIds.some((m) => s.id.endsWith(`.${m}`)));
        for (const copy of copies) expectWaitsFor(rb, copy.id, stepIds.dagNetworks(dag.id));
      }
    });
  }

  it('prepares a non-Exchange witness only after /PrepareAD created Exchange Trusted Subsystem, and before the DAG', () => {
    const rb = runbookOf(withFileServerWitness());
    const witness = stepOf(rb, 'dag.witness.dag-1');
    expect(witness.target).toMatchObject({ kind: 'host', serverName: 'FS1' });
    expect(witness.dependsOn).toEqual(expect.arrayContaining(['preflight.srv-fs1', 'setup.prepare-ad']));
    expectWaitsFor(rb, 'dag.create.dag-1', 'dag.witness.dag-1');
    // A witness outside the design is an operator item, with the same wait.
    expect(stepOf(exampleRunbook('multi-role-hlb'), 'dag.witness.dag-1').dependsOn).toEqual(['setup.prepare-ad']);
  });

  it('pre-installs Failover Clustering on an existing server that joins a new DAG', () => {
    const doc = loadExample('minimal-ha');
    const mb1 = doc.design.servers.find((s) => s.id === 'srv-mb1') as Design['servers'][number];
    mb1.existing = true;
    const rb = runbookOf(doc);
    expect(rb.steps.some((s) => s.id === 'prereq.features.srv-mb1')).toBe(false);
    const clustering = stepOf(rb, 'prereq.failover-clustering.srv-mb1');
    expect(clustering.dependsOn).toEqual(['preflight.srv-mb1']);
    expect(clustering.script).toContain("Add-WindowsFeature -Name @('Failover-Clustering')");
    expect(stepOf(rb, 'dag.member.dag-1.srv-mb1').dependsOn).toContain('prereq.failover-clustering.srv-mb1');
  });
});

describe('the DNS command follows the Windows version of the DNS server and of the host it runs from', () => {
  const dnsStep = (dc: '2008R2' | '2012' | null, exchange: '2008R2' | '2012') => {
    const doc = loadExample('minimal-ha');
    for (const s of doc.design.servers) s.os = exchange === '2012' ? { version: '2012', edition: 'Standard', servicePack: 0 } : { ...s.os, version: '2008R2' };
    return stepOf(runbookOf(dc ? withDnsDomainController(doc, dc) : doc), 'dns.record.casarray-hq');
  };
  it('Add-DnsServerResourceRecordA only when both are Windows Server 2012 or later; dnscmd otherwise, and when the DNS server is not in the design', () => {
    expect(dnsStep('2012', '2012').action).toMatchObject({ useDnscmd: false });
    expect(dnsStep('2008R2', '2012').action).toMatchObject({ useDnscmd: true });
    expect(dnsStep('2012', '2008R2').action).toMatchObject({ useDnscmd: true });
    expect(dnsStep(null, '2012').action).toMatchObject({ useDnscmd: true });
    expect(dnsStep(null, '2012').script).toContain("& dnscmd.exe 'dc1.contoso.local' '/RecordAdd' 'contoso.local' 'outlook' 'A' '10.0.1.40'");
  });
});

describe('IP forwarding on the NLB NIC agrees with the planner (nlb.ip-forwarding)', () => {
  /** Servers whose NLB NIC step enables forwarding, and servers the planner's note names. */
  function forwarding(doc: DesignDocument): { runbook: string[]; planner: string[] } {
    const rb = runbookOf(doc);
    const runbook = rb.steps
      .filter((s) => s.action.kind === 'nlb-nic-config' && s.action.ipForwarding && s.target.kind === 'host')
      .map((s) => (s.target.kind === 'host' ? s.target.serverId : ''))
      .sort();
    for (const s of rb.steps) {
      if (s.action.kind !== 'nlb-nic-config') continue;
      expect(s.script.includes('forwarding=enabled'), s.id).toBe(s.action.ipForwarding);
    }
    const serverIds = new Set(doc.design.servers.map((s) => s.id));
    const planner = planDesign(doc.design)
      .findings.filter((f) => f.ruleId === 'nlb.ip-forwarding')
      .flatMap((f) => f.entityIds.filter((id) => serverIds.has(id)))
      .sort();
    return { runbook, planner };
  }

  const variants: [string, () => DesignDocument, string[]][] = [
    ['minimal-ha: secondary NLB NIC, clients on other subnets', () => loadExample('minimal-ha'), ['srv-cas1', 'srv-cas2']],
    [
      'minimal-ha with the NLB NIC drawn first (still the secondary NIC)',
      () => {
        const doc = loadExample('minimal-ha');
        for (const s of doc.design.servers) if (s.roles.includes('CAS')) s.nics.reverse();
        return doc;
      },
      ['srv-cas1', 'srv-cas2'],
    ],
    [
      'minimal-ha with NLB on the primary (MAPI) NIC: no forwarding',
      () => {
        const doc = loadExample('minimal-ha');
        for (const m of doc.design.nlbClusters[0].members) m.nicId = doc.design.servers.find((s) => s.id === m.serverId)?.nics[0].id ?? m.nicId;
        return doc;
      },
      [],
    ],
    ['seed-lab: clients on the same subnet', () => loadExample('seed-lab'), []],
    [
      'seed-lab with clients on other subnets',
      () => {
        const doc = loadExample('seed-lab');
        doc.design.nlbClusters[0].clientsOnOtherSubnets = true;
        return doc;
      },
      ['srv-ex3', 'srv-ex4'],
    ],
  ];
  for (const [title, make, expected] of variants) {
    it(title, () => {
      const { runbook, planner } = forwarding(make());
      expect(runbook).toEqual(expected);
      expect(planner).toEqual(expected);
    });
  }

  it('large-lagged: every NLB member with a secondary NLB NIC, as the planner says', () => {
    const { runbook, planner } = forwarding(loadExample('large-lagged'));
    expect(runbook.length).toBeGreaterThan(0);
    expect(runbook).toEqual(planner);
  });
});

describe('checks tell whether the step is done, and a re-run finishes a half-done step', () => {
  const rb = exampleRunbook('minimal-ha');

  it('NLB port rules are compared on FilteringMode, the PortRule property (Mode is only a table column title)', () => {
    const check = stepOf(rb, 'nlb.port-rules.nlb-cas').check;
    expect(check).toContain("[string]$_.FilteringMode + '-' + [string]$_.Affinity");
    expect(check).not.toContain('$_.Mode');
  });

  it('the NLB cluster and each added node are done only with the design\'s host priority; a re-run only sets it', () => {
    const cluster = stepOf(rb, 'nlb.cluster.nlb-cas');
    expect(cluster.check).toContain("[int]$node[0].HostPriority -eq 1");
    expect(cluster.script).toMatch(/if \(\$cluster\.Count -eq 0\) \{\n\s+New-NlbCluster /);
    expect(cluster.script.indexOf('Set-NlbClusterNode')).toBeGreaterThan(cluster.script.indexOf('New-NlbCluster'));
    const node = stepOf(rb, 'nlb.node.nlb-cas.srv-cas2');
    expect(node.check).toContain("[int]$node[0].HostPriority -eq 2");
    expect(node.script).toMatch(/if \(\$node\.Count -eq 0\) \{\n\s+Get-NlbCluster .*\| Add-NlbClusterNode /);
    expect(node.script).toContain("Set-NlbClusterNode -HostName 'CAS2' -InterfaceName 'NLB' -HostPriority 2 -Force");
  });

  it('a health test that returned nothing (could not run) is not a pass', () => {
    for (const id of ['verify.replication.srv-mb1', 'verify.mapi.srv-mb1']) {
      const step = stepOf(rb, id);
      expect(step.check, id).toContain('($results.Count -gt 0) -and ($failed.Count -eq 0)');
      expect(step.script, id).toContain('if ($results.Count -eq 0) { throw');
    }
  });

  it('RpcClientAccessServer is done only on a Mailbox server that exists', () => {
    const check = stepOf(rb, 'casarray.rpc-client-access.casarray-hq.srv-mb1').check;
    expect(check).toContain("$server = Get-MailboxServer -Identity 'MB1' -ErrorAction SilentlyContinue");
    expect(check).toContain('($null -ne $server) -and');
  });

  it('a copy with a truncation lag is done only with that lag; copy health also watches non-lagged replay queues', () => {
    const { check } = renderAction({ kind: 'add-database-copy', database: 'DB1', server: 'MB3', activationPreference: 3, replayLagDays: 7, truncationLagDays: 1 });
    expect(check).toContain("'[MB3, 7.00:00:00]'");
    expect(check).toContain("$database.TruncationLagTimes | Where-Object { ([string]$_) -eq '[MB3, 1.00:00:00]' }");
    const health = stepOf(rb, 'verify.copies.dag-1').check;
    expect(health).toContain('[int]$copy.ReplayQueueLength -gt 10');
    expect(health).toContain('$lagged -notcontains [string]$copy.MailboxServer');
  });

  it('the DNS record refuses to add a second address next to a stale record, with either command', () => {
    const base = { kind: 'dns-a-record', dnsServer: 'dc1.contoso.local', zone: 'contoso.local', hostLabel: 'outlook', fqdn: 'outlook.contoso.local', ipv4: '10.0.1.40' } as const;
    for (const useDnscmd of [true, false]) {
      const { script } = renderAction({ ...base, useDnscmd });
      const guard = script.indexOf("if ($others.Count -gt 0) { throw ('outlook.contoso.local' + ' already has an A record for '");
      expect(guard, `useDnscmd ${useDnscmd}`).toBeGreaterThan(0);
      expect(guard).toBeLessThan(script.indexOf(useDnscmd ? "'/RecordAdd'" : 'Add-DnsServerResourceRecordA @record'));
    }
  });
});
