// The "Namespace and certificates" chapter of the runbook documents: names, DNS records per zone, the certificate
// request and what the operator does with the CA, and the hardware load balancer worksheet (Markdown; the PDF renders
// the same report tables).
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../main/exporters/report';
import { renderMarkdown } from '../../main/exporters/markdown';
import { planDesign } from '../../shared/planner/engine';
import { generateRunbook } from '../../shared/runbook/generate';
import type { DesignDocument } from '../../shared/model/types';
import { loadExample } from '../fixtures/designs';

function markdown(doc: DesignDocument): string {
  const generated = generateRunbook(doc, { generatedAt: '2026-01-01T00:00:00Z' });
  if (!generated.ok) throw new Error(generated.message);
  return renderMarkdown(buildReport(doc, generated.runbook, planDesign(doc.design), { generatedAt: new Date('2026-01-01T00:00:00Z') }));
}

describe('the Namespace and certificates chapter', () => {
  it('lists the names, the DNS records per zone, the certificate request and the CA steps', () => {
    const doc = structuredClone(loadExample('minimal-ha'));
    doc.design.namespace = {};
    const md = markdown(doc);
    expect(md).toContain('## Namespace and certificates');
    expect(md).toContain('https://mail.contoso.com/owa');
    expect(md).toContain('https://mail.contoso.com/Autodiscover/Autodiscover.xml');
    expect(md).toMatch(/internal \(split-brain\) \| mail\.contoso\.com \| A \| 10\.0\.1\.40/);
    expect(md).toContain('o=Contoso, cn=mail.contoso.com');
    expect(md).toContain('2048-bit RSA');
    expect(md).toContain('Have the public certification authority issue mail.contoso.com');
    expect(md).toContain('The runbook sets every URL');
  });

  it('an old design gets the chapter with the defaults and says the runbook does not configure them yet', () => {
    const md = markdown(loadExample('minimal-ha'));
    expect(md).toContain('## Namespace and certificates');
    expect(md).toContain('The design states no namespace');
    expect(md).toContain('New-ExchangeCertificate -GenerateRequest');
  });

  it('prints the load balancer worksheet for a hardware load balancer', () => {
    const md = markdown(loadExample('multi-role-hlb'));
    expect(md).toContain('Load balancer worksheet: HLB-HQ');
    expect(md).toContain('/owa/auth/logon.aspx');
    expect(md).toContain('59532, 59533');
    expect(md).toContain('SNAT on');
  });
});
