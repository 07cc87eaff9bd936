import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import type { Design } from '../model/types';
import { buildContext } from './context';
import { haVerdict } from './verdict';
import { planDesign } from './engine';

const verdictOf = (design: Design) => haVerdict(buildContext(design));

describe('HA verdict', () => {
  it('says yes for every role of the four-server design, with the reasons', () => {
    const v = verdictOf(exampleDesign('minimal-ha'));
    expect(v.CAS).toEqual({
      highlyAvailable: true,
      reasons: ['CAS: yes — CAS1 and CAS2 behind NLB cluster outlook.contoso.local (CAS array CASArray-HQ)'],
      entityIds: ['srv-cas1', 'srv-cas2', 'casarray-hq', 'nlb-cas'],
    });
    expect(v.HT.highlyAvailable).toBe(true);
    expect(v.HT.reasons).toEqual(['HT: yes — CAS1 and CAS2 hold Hub Transport in site HQ (mail flow fails over between Hub servers)']);
    expect(v.MB.highlyAvailable).toBe(true);
    expect(v.MB.reasons).toEqual(['MB: yes — DAG1 with MB1 and MB2; DB1 and DB2 each have 2 non-lagged copies']);
    expect(v.MB.entityIds).toEqual(['dag-1', 'srv-mb1', 'srv-mb2']);
  });

  it('says no for Mailbox in the seed lab and names the server and database', () => {
    const v = verdictOf(exampleDesign('seed-lab'));
    expect(v.CAS.highlyAvailable).toBe(true);
    expect(v.HT.highlyAvailable).toBe(true);
    expect(v.MB.highlyAvailable).toBe(false);
    expect(v.MB.reasons).toEqual([
      'MB: no — EX2 is in no DAG',
      'MB: no — 1 database with fewer than 2 non-lagged copies: Mailbox Database 02 (1 non-lagged copy)',
    ]);
    expect(v.MB.entityIds).toEqual(['srv-ex2', 'db-02']);
  });

  it('is computed the same with the HA goal off', () => {
    const d = exampleDesign('seed-lab');
    d.goals.highlyAvailable = false;
    expect(verdictOf(d)).toEqual(verdictOf(exampleDesign('seed-lab')));
  });

  it('credits a hardware load balancer in front of two multi-role servers', () => {
    const v = verdictOf(exampleDesign('multi-role-hlb'));
    expect(v.CAS.reasons).toEqual(['CAS: yes — EXA and EXB behind hardware load balancer HLB-HQ (CAS array CASArray-HQ)']);
    expect([v.CAS, v.HT, v.MB].map((r) => r.highlyAvailable)).toEqual([true, true, true]);
  });

  it('says no for CAS when Windows NLB would have to run on DAG members', () => {
    const d = exampleDesign('multi-role-hlb');
    d.hardwareLoadBalancers = [];
    d.nlbClusters = [{
      id: 'nlb-cas', fqdn: 'outlook.fabrikam.local', vip: '10.1.1.40', subnetId: 'subnet-mapi', mode: 'multicast', clientsOnOtherSubnets: false, portRules: [],
      members: [
        { serverId: 'srv-exa', nicId: 'nic-exa-mapi', hostPriority: 1, loadWeight: 50 },
        { serverId: 'srv-exb', nicId: 'nic-exb-mapi', hostPriority: 2, loadWeight: 50 },
      ],
    }];
    Object.assign(d.casArrays[0], { nlbClusterId: 'nlb-cas', hardwareLoadBalancerId: null });
    const v = verdictOf(d);
    expect(v.CAS.highlyAvailable).toBe(false);
    expect(v.CAS.reasons[0]).toBe(
      'CAS: no — NLB cluster outlook.fabrikam.local (CAS array CASArray-HQ) balances no Client Access server of site HQ; EXA and EXB are DAG members and cannot run Windows NLB',
    );
    expect(v.MB.highlyAvailable).toBe(true);
  });

  it('says no for HT with one Hub Transport server, and names it', () => {
    const d = exampleDesign('minimal-ha');
    d.servers.find((s) => s.name === 'CAS2')!.roles = ['CAS'];
    const v = verdictOf(d);
    expect(v.HT).toEqual({ highlyAvailable: false, reasons: ['HT: no — only one Hub Transport server (CAS1) in site HQ'], entityIds: ['srv-cas1'] });
  });

  it('says no for MB when a lagged copy leaves a database with one usable copy', () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].copies[1].replayLagDays = 7;
    const v = verdictOf(d);
    expect(v.MB.highlyAvailable).toBe(false);
    expect(v.MB.reasons).toEqual(['MB: no — 1 database with fewer than 2 non-lagged copies: DB1 (1 non-lagged copy)']);
  });

  it('gives one reason per site on a multi-site design', () => {
    const v = verdictOf(exampleDesign('large-lagged'));
    expect(v.CAS.highlyAvailable).toBe(true);
    expect(v.CAS.reasons).toHaveLength(3);
    expect(v.CAS.reasons[0]).toBe('CAS: yes — HQ-CAS01, HQ-CAS02 and HQ-CAS03 behind hardware load balancer HLB-HQ (CAS array CASArray-HQ, site HQ)');
    expect(v.CAS.reasons[1]).toContain('behind NLB cluster outlook-ea.litware.local (CAS array CASArray-East, site East)');
    expect(v.MB.reasons[0]).toBe('MB: yes — DAG-HQ with 12 members; 54 databases with 3–4 non-lagged copies each');
    expect(v.MB.reasons).toHaveLength(3);
  });

  it('says no, with a reason, for roles the design does not have', () => {
    const d = exampleDesign('seed-lab');
    d.servers = d.servers.filter((s) => s.name !== 'EX2');
    d.databases = [];
    const v = verdictOf(d);
    expect(v.MB).toEqual({ highlyAvailable: false, reasons: ['MB: no — the design has no Mailbox server'], entityIds: [] });
    // Without Mailbox sites, CAS and HT are judged in the sites that hold them.
    expect(v.CAS.highlyAvailable).toBe(true);
  });
});

describe('HA verdict blocked by errors (issue 13)', () => {
  it('says no for Mailbox when a DAG member runs Windows Standard edition (the DAG cannot exist), naming the finding', () => {
    const d = exampleDesign('minimal-ha');
    d.servers.find((s) => s.name === 'MB2')!.os.edition = 'Standard';
    const plan = planDesign(d);
    expect(plan.verdict.MB.highlyAvailable).toBe(false);
    expect(plan.verdict.MB.blockedBy).toEqual(['dag.windows-edition']);
    expect(plan.verdict.MB.reasons[0]).toMatch(/^MB: no — blocked by error dag\.windows-edition: DAG DAG1: MB2 \(Windows Server 2008 R2 Standard\) cannot be a member/);
    expect(plan.verdict.MB.reasons[1]).toBe('MB: no — (as drawn, once the errors are fixed) DAG1 with MB1 and MB2; DB1 and DB2 each have 2 non-lagged copies');
    // Client Access and Hub Transport do not depend on the DAG.
    expect(plan.verdict.CAS.highlyAvailable).toBe(true);
    expect(plan.verdict.CAS.blockedBy).toBeUndefined();
  });

  it('says no for Mailbox when a server is over its edition\'s database limit', () => {
    const d = exampleDesign('minimal-ha');
    d.servers.find((s) => s.name === 'MB1')!.exchangeEdition = 'Standard';
    for (let i = 3; i <= 6; i++) {
      d.databases.push({ id: `db-${i}`, name: `DB${i}`, existing: false, copies: [
        { serverId: 'srv-mb1', activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 },
        { serverId: 'srv-mb2', activationPreference: 2, replayLagDays: 0, truncationLagDays: 0 },
      ] });
    }
    const plan = planDesign(d);
    expect(plan.verdict.MB.blockedBy).toEqual(['db.edition-limit']);
    expect(plan.verdict.MB.highlyAvailable).toBe(false);
  });

  it('says no for CAS when the CAS array\'s NLB cluster is in error (duplicate host priorities), and yes again once fixed', () => {
    const d = exampleDesign('minimal-ha');
    d.nlbClusters[0].members[1].hostPriority = d.nlbClusters[0].members[0].hostPriority;
    const plan = planDesign(d);
    expect(plan.verdict.CAS.highlyAvailable).toBe(false);
    expect(plan.verdict.CAS.blockedBy).toEqual(['nlb.host-priority']);
    expect(plan.verdict.MB.highlyAvailable).toBe(true);
    expect(planDesign(exampleDesign('minimal-ha')).verdict.CAS.highlyAvailable).toBe(true);
  });

  it('is not blocked by warnings', () => {
    const plan = planDesign(exampleDesign('multi-role-hlb'));
    expect(plan.counts.warning).toBeGreaterThan(0);
    expect([plan.verdict.CAS, plan.verdict.HT, plan.verdict.MB].map((v) => v.highlyAvailable)).toEqual([true, true, true]);
  });
});

describe('HA verdict per failure case of a stretched DAG', () => {
  it('lists one server lost, the primary datacenter lost and the second datacenter lost', () => {
    const v = verdictOf(exampleDesign('two-datacenter'));
    expect(v.MB.highlyAvailable).toBe(true);
    expect(v.MB.reasons).toEqual([
      'MB: yes — DAG1 with PR-MB1, PR-MB2, PR-MB3, DR-MB1 and DR-MB2; 6 databases with 3 non-lagged copies each',
      'MB: DAG1, one server lost: yes — the DAG keeps quorum (4 of 5 votes, 3 needed) and activates another copy automatically',
      'MB: DAG1, primary datacenter Primary lost: yes — after a datacenter switchover: the DAG loses quorum (2 of 5 votes, 3 needed); a datacenter switchover restores service in site DR: ' +
        'Stop-DatabaseAvailabilityGroup -ActiveDirectorySite Primary, then Restore-DatabaseAvailabilityGroup -ActiveDirectorySite DR (the alternate witness DR-CAS1 takes over)',
      'MB: DAG1, datacenter DR lost: yes — the remaining members keep quorum (3 of 5 votes, 3 needed) and fail over automatically',
    ]);
  });

  it('says no for the primary datacenter case without DAC, and the databases without a copy in DR', () => {
    const d = exampleDesign('two-datacenter');
    d.dags[0].datacenterActivationMode = 'Off';
    d.databases[0].copies = d.databases[0].copies.filter((c) => !c.serverId.startsWith('srv-dr-'));
    const v = verdictOf(d);
    const primary = v.MB.reasons.find((r) => r.includes('primary datacenter Primary lost'));
    expect(primary).toContain('MB: DAG1, primary datacenter Primary lost: no — the DAG loses quorum (2 of 5 votes, 3 needed) and Datacenter Activation Coordination is off');
    expect(primary).toContain('1 database has no non-lagged copy left (DB01)');
    // Site resilience is shown but does not decide high availability within a site.
    expect(v.MB.highlyAvailable).toBe(true);
  });
});
