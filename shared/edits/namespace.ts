// Edit commands of the client access namespace (the designer's Namespace panel): plan the namespace (the runbook then
// configures it), a site's host names, the Autodiscover name, the certificate's issuer and key size. Every result is
// checked against the schema; a value left empty where a name is optional goes back to the 2010 default.
import { Namespace } from '../model/namespace';
import type { CertificatePlan, SiteNamespace } from '../model/namespace';
import type { DesignDocument } from '../model/types';
import { effectiveNamespace } from '../namespace/derive';
import { done, refuse } from './types';
import type { EditResult } from './types';

function withNamespace(doc: DesignDocument, next: unknown): EditResult {
  const parsed = Namespace.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`Namespace${issue.path.length > 0 ? `, ${issue.path.map(String).join('.')}` : ''}: ${issue.message}`);
  }
  return done({ ...doc, design: { ...doc.design, namespace: parsed.data } });
}

/** Starts planning the namespace (the 2010 defaults, until names are changed): the runbook gains its phase. */
export function planNamespace(doc: DesignDocument): EditResult {
  if (doc.design.namespace) return done(doc);
  return withNamespace(doc, {});
}

/** Stops planning the namespace: the stated names are dropped and the runbook leaves the namespace alone. */
export function removeNamespace(doc: DesignDocument): EditResult {
  if (!doc.design.namespace) return done(doc);
  const { namespace: _dropped, ...design } = doc.design;
  return done({ ...doc, design });
}

export type SiteHostField = 'internalHost' | 'externalHost' | 'autodiscoverInternalHost';

/**
 * Sets one host name of an AD site. `null` (or an empty internal / Autodiscover name) goes back to the default; an
 * empty external name means "not published" (ExternalUrl $null).
 */
export function setSiteHost(doc: DesignDocument, siteId: string, field: SiteHostField, value: string | null): EditResult {
  if (!doc.design.sites.some((s) => s.id === siteId)) return refuse(`There is no AD site "${siteId}".`);
  const trimmed = value === null ? null : value.trim().toLowerCase();
  const ns = doc.design.namespace ?? {};
  const sites = [...(ns.sites ?? [])];
  const i = sites.findIndex((s) => s.siteId === siteId);
  const current: SiteNamespace = i >= 0 ? sites[i] : { siteId };
  const next: Record<string, unknown> = { ...current };
  if (trimmed === null || (trimmed === '' && field !== 'externalHost')) delete next[field];
  else next[field] = trimmed;
  if (i >= 0) sites[i] = next as SiteNamespace;
  else sites.push(next as SiteNamespace);
  return withNamespace(doc, { ...ns, sites });
}

/** Sets the external Autodiscover name (null = autodiscover.<domain>; '' = none) and whether an SRV record is used. */
export function setAutodiscover(doc: DesignDocument, patch: { readonly host?: string | null; readonly srv?: boolean }): EditResult {
  const ns: Record<string, unknown> = { ...(doc.design.namespace ?? {}) };
  if (patch.host === null) delete ns.autodiscoverHost;
  else if (patch.host !== undefined) ns.autodiscoverHost = patch.host.trim().toLowerCase();
  if (patch.srv !== undefined) ns.autodiscoverSrv = patch.srv;
  return withNamespace(doc, ns);
}

/**
 * Changes the certificate plan. A design whose certificate is derived gets it written down first (its names then no
 * longer follow the host names: the planner says when a name is missing).
 */
export function updateCertificate(doc: DesignDocument, id: string, patch: Partial<Pick<CertificatePlan, 'issuer' | 'keySize' | 'services'>>): EditResult {
  const ns = doc.design.namespace ?? {};
  let certs: CertificatePlan[] = ns.certificates ? [...ns.certificates] : [];
  if (certs.length === 0) {
    certs = effectiveNamespace(doc.design).certificates.map((c) => ({
      id: c.id,
      subject: c.subject,
      names: c.names.filter((n) => n.toLowerCase() !== c.subject.toLowerCase()),
      issuer: c.issuer,
      keySize: c.keySize,
      services: [...c.services],
    }));
  }
  const i = certs.findIndex((c) => c.id === id);
  if (i < 0) return refuse(`There is no certificate "${id}" in the namespace.`);
  certs[i] = { ...certs[i], ...patch };
  return withNamespace(doc, { ...ns, certificates: certs });
}
