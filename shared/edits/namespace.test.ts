import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { effectiveNamespace } from '../namespace/derive';
import { planNamespace, removeNamespace, setAutodiscover, setSiteHost, updateCertificate } from './namespace';

describe('namespace edit commands', () => {
  it('plans and unplans the namespace', () => {
    const doc = loadExample('minimal-ha');
    const planned = planNamespace(doc);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.doc.design.namespace).toEqual({});
    const back = removeNamespace(planned.doc);
    if (!back.ok) throw new Error(back.reason);
    expect(back.doc.design.namespace).toBeUndefined();
  });

  it('sets a site host name (lower case), resets it with an empty value, refuses a bad name or site', () => {
    const doc = loadExample('minimal-ha');
    const r = setSiteHost(doc, 'site-hq', 'internalHost', 'WebMail.Contoso.com');
    if (!r.ok) throw new Error(r.reason);
    expect(effectiveNamespace(r.doc.design).sites[0].internalHost).toBe('webmail.contoso.com');
    const reset = setSiteHost(r.doc, 'site-hq', 'internalHost', '');
    if (!reset.ok) throw new Error(reset.reason);
    expect(effectiveNamespace(reset.doc.design).sites[0].internalHost).toBe('mail.contoso.com');
    const unpublished = setSiteHost(doc, 'site-hq', 'externalHost', '');
    if (!unpublished.ok) throw new Error(unpublished.reason);
    expect(effectiveNamespace(unpublished.doc.design).sites[0].externalHost).toBe('');
    expect(setSiteHost(doc, 'site-hq', 'internalHost', 'mail contoso').ok).toBe(false);
    expect(setSiteHost(doc, 'nowhere', 'internalHost', 'a.b').ok).toBe(false);
  });

  it('writes the derived certificate down when its issuer changes; the Autodiscover name', () => {
    const doc = loadExample('minimal-ha');
    const r = updateCertificate(doc, 'cert-cas', { issuer: 'internal' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.doc.design.namespace?.certificates).toEqual([{ id: 'cert-cas', subject: 'mail.contoso.com', names: ['autodiscover.contoso.com'], issuer: 'internal', keySize: 2048, services: ['IIS'] }]);
    const a = setAutodiscover(doc, { host: '', srv: true });
    if (!a.ok) throw new Error(a.reason);
    expect(effectiveNamespace(a.doc.design).autodiscoverHost).toBe('');
    expect(effectiveNamespace(a.doc.design).dns.some((x) => x.type === 'SRV')).toBe(true);
  });
});
