// The client access namespace and its certificates (../shared/domain/namespace.md §5): names on the certificate,
// internal names on public certificates, the CAS array name kept internal, Autodiscover, Internet-facing sites,
// Outlook Anywhere, load balancer SSL offloading, coexistence, DNS TTL. The rules read the effective namespace
// (shared/namespace): what the design states, else the 2010 defaults, so old designs are checked the same way.
//
// Severity: errors only where Exchange or Windows refuses the configuration or clients break (a certificate that does
// not cover a URL's name, a public certificate that cannot be issued, members behind one VIP without the certificate);
// everything else is a warning or information.
import { certificateCovers, effectiveNamespace, hasNamespace, internalNameReason, siteHostNames } from '../../namespace/derive';
import type { EffectiveCertificate, EffectiveNamespace } from '../../namespace/derive';
import { listNames, plural, serverNames } from '../text';
import type { PlannerContext } from '../context';
import type { Rule } from '../types';

/** The effective namespace, computed once per planner context (the namespace and mail flow rules share it). */
const cache = new WeakMap<PlannerContext, EffectiveNamespace | null>();
export function namespaceOf(ctx: PlannerContext): EffectiveNamespace | null {
  if (cache.has(ctx)) return cache.get(ctx) ?? null;
  const ns = hasNamespace(ctx.design) ? effectiveNamespace(ctx.design) : null;
  cache.set(ctx, ns);
  return ns;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * A certificate's names and servers as sets (built once per certificate): a large design has one certificate with a
 * name per site and a server per Client Access server, and the rules ask per site and per CAS array.
 */
interface CertificateIndex {
  /** Every name, lower case (wildcards as written: "*.contoso.com"). */
  readonly names: ReadonlySet<string>;
  /** The parent domains of the wildcard names ("contoso.com" for "*.contoso.com"). */
  readonly wildcardParents: ReadonlySet<string>;
  readonly serverIds: ReadonlySet<string>;
}
const certificateIndexes = new WeakMap<EffectiveCertificate, CertificateIndex>();
function indexOf(cert: EffectiveCertificate): CertificateIndex {
  let index = certificateIndexes.get(cert);
  if (!index) {
    const names = new Set(cert.names.map(lower));
    const wildcardParents = new Set<string>();
    for (const n of names) if (n.startsWith('*.')) wildcardParents.add(n.slice(2));
    index = { names, wildcardParents, serverIds: new Set(cert.servers.map((s) => s.id)) };
    certificateIndexes.set(cert, index);
  }
  return index;
}

/** certificateCovers (shared/namespace) through the index: the name itself, or a wildcard one label up. */
function covers(cert: EffectiveCertificate, host: string): boolean {
  const index = indexOf(cert);
  const h = lower(host);
  if (index.names.has(h)) return true;
  const dot = h.indexOf('.');
  return dot > 0 && index.wildcardParents.has(h.slice(dot + 1));
}

const casArrayNotInSan: Rule = {
  id: 'ns.casarray-not-in-san',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const cert of ns.certificates) {
      const names = indexOf(cert).names;
      for (const array of ctx.design.casArrays) {
        if (array.fqdn === '' || !names.has(lower(array.fqdn))) continue;
        emit({
          message: `Certificate ${cert.subject} lists ${array.fqdn}, the FQDN of CAS array ${array.name}: Outlook reaches the array over RPC, which does not use the certificate, and a name on a public certificate invites publishing it.`,
          hint: `Remove ${array.fqdn} from the certificate's names; keep the array name internal only (it serves no HTTPS).`,
          entityIds: [array.id],
        });
      }
    }
  },
};

const casArrayNoExternalDns: Rule = {
  id: 'ns.casarray-no-external-dns',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    // casarray.fqdn-external already reports the organization's external host names.
    const already = new Set(ctx.design.organization.externalHostnames.map(lower));
    const external = new Set(ns.dns.filter((r) => r.zone === 'external').map((r) => lower(r.name)));
    for (const array of ctx.design.casArrays) {
      const fqdn = lower(array.fqdn);
      if (fqdn === '' || !external.has(fqdn) || already.has(fqdn)) continue;
      emit({
        message: `CAS array ${array.name}'s FQDN ${array.fqdn} is also a published client access name, so it resolves in external DNS: Outlook Anywhere clients resolve the array name first and can wait a long time for RPC before they fall back to HTTPS.`,
        hint: `Use a different name for the Internet-facing URLs (e.g. mail.${ns.domain}) and keep ${array.fqdn} out of the external zone.`,
        entityIds: [array.id],
      });
    }
  },
};

const internalNamePublicCa: Rule = {
  id: 'ns.internal-name-public-ca',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const cert of ns.certificates) {
      if (cert.issuer !== 'public') continue;
      const bad = cert.names.map((n) => ({ n, why: internalNameReason(n) })).filter((x) => x.why !== null);
      if (bad.length === 0) continue;
      emit({
        message: `Certificate ${cert.subject} is to come from a public certification authority but lists ${bad.map((b) => `${b.n} (${b.why})`).join(', ')}: public CAs have not issued certificates with internal names since 1 November 2015.`,
        hint: 'Use public names inside too (split-brain DNS: an internal zone for the public domain) and set the InternalUrls to them, or have the internal certification authority issue this certificate.',
        entityIds: cert.servers.map((s) => s.id),
      });
    }
  },
};

const sanCoversUrls: Rule = {
  id: 'ns.san-covers-urls',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      const certs = ns.certificates.filter((c) => c.services.includes('IIS') && site.casServers.some((s) => indexOf(c).serverIds.has(s.id)));
      const names = siteHostNames(site);
      const missing = certs.length === 0 ? names : names.filter((n) => !certs.some((c) => covers(c, n)));
      if (names.length === 0 || missing.length === 0) continue;
      emit({
        message:
          certs.length === 0
            ? `The Client Access servers of AD site ${site.siteName} (${serverNames(site.casServers)}) get no certificate for IIS, so ${listNames(missing)} answer with setup's self-signed certificate: browsers, Outlook and devices reject it.`
            : `The certificate of AD site ${site.siteName} (${listNames(certs.map((c) => c.subject))}) does not cover ${listNames(missing)}, used by its URLs, the Autodiscover SCP or Outlook Anywhere: clients get a certificate name mismatch.`,
        hint: certs.length === 0 ? `Add the site's Client Access servers to a certificate plan enabled for IIS.` : `Add ${listNames(missing)} to the certificate's names, or change the URLs to names it has.`,
        entityIds: [site.siteId, ...site.casServers.map((s) => s.id)],
      });
    }
    // POP / IMAP: the certificate names the exact name (a wildcard is not supported for them).
    for (const cert of ns.certificates) {
      if (!cert.services.includes('POP') && !cert.services.includes('IMAP')) continue;
      if (cert.names.some((n) => !n.startsWith('*.'))) continue;
      emit({
        message: `Certificate ${cert.subject} is for POP/IMAP but has only wildcard names: Exchange 2010 needs an exact name for POP3 and IMAP4.`,
        hint: 'Add the POP/IMAP host name itself to the certificate.',
        entityIds: cert.servers.map((s) => s.id),
      });
    }
  },
};

const scpLoadBalanced: Rule = {
  id: 'ns.scp-loadbalanced',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      const host = lower(site.autodiscoverInternalHost);
      const server = host === '' ? undefined : ctx.serversByFqdn.get(host)?.[0];
      if (host !== '' && !server) continue;
      emit({
        message:
          host === ''
            ? `AD site ${site.siteName} has no AutoDiscoverServiceInternalUri name: its Client Access servers keep the SCP setup wrote, on their own server names.`
            : `The Autodiscover SCP of AD site ${site.siteName} (AutoDiscoverServiceInternalUri) uses ${site.autodiscoverInternalHost}, the name of server ${server?.name}: domain-joined Outlook reaches one server, with no load balancing, and the certificate must carry a server name.`,
        hint: `Set the SCP of every Client Access server of the site to the load-balanced name ${site.internalHost || `mail.${ns.domain}`}.`,
        entityIds: [site.siteId, ...(server ? [server.id] : [])],
      });
    }
  },
};

const sameCert: Rule = {
  id: 'ns.same-cert',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      if (!site.address || site.address.kind === 'server' || site.casServers.length < 2) continue;
      const certs = ns.certificates.filter((c) => c.services.includes('IIS') && site.casServers.some((s) => c.servers.some((x) => x.id === s.id)));
      for (const cert of certs) {
        const without = site.casServers.filter((s) => !cert.servers.some((x) => x.id === s.id));
        if (without.length === 0) continue;
        emit({
          message: `Certificate ${cert.subject} goes on ${plural(site.casServers.length - without.length, 'Client Access server')} of AD site ${site.siteName} but not on ${serverNames(without)}, behind the same ${site.address.label}: clients balanced to ${without.length === 1 ? 'it' : 'them'} get the self-signed certificate.`,
          hint: `Give the certificate to every Client Access server behind ${site.address.label} (the runbook exports it with its private key and imports it on each).`,
          entityIds: [site.siteId, ...without.map((s) => s.id)],
        });
      }
    }
  },
};

const autodiscoverExternal: Rule = {
  id: 'ns.autodiscover-external',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns || !ns.sites.some((s) => s.internetFacing)) return;
    if (ns.autodiscoverHost !== '' || ns.autodiscoverSrv) return;
    emit({
      message: `AD site${ns.sites.filter((s) => s.internetFacing).length === 1 ? '' : 's'} ${listNames(ns.sites.filter((s) => s.internetFacing).map((s) => s.siteName))} ${ns.sites.filter((s) => s.internetFacing).length === 1 ? 'is' : 'are'} published to the Internet, but ${ns.domain} has neither an autodiscover.${ns.domain} record nor an _autodiscover._tcp SRV record: Outlook and ActiveSync devices outside the network cannot set up their profiles.`,
      hint: `Publish autodiscover.${ns.domain} (on the certificate) or the SRV record _autodiscover._tcp.${ns.domain} pointing at the main name.`,
      entityIds: ns.sites.filter((s) => s.internetFacing).map((s) => s.siteId),
    });
  },
};

const nonFacingExternalUrl: Rule = {
  id: 'ns.nonfacing-externalurl',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      if (site.internetFacing) continue;
      const published = site.urls.filter((u) => u.externalHost !== '');
      if (published.length === 0) continue;
      emit({
        message: `AD site ${site.siteName} is not Internet-facing but its ${listNames(published.map((u) => u.service.toUpperCase()))} ExternalUrl is set (${listNames([...new Set(published.map((u) => u.externalHost))])}): Exchange 2010 redirects users of this site to that URL instead of proxying them, and it does not answer from the Internet.`,
        hint: `Leave the ExternalUrls of AD site ${site.siteName} empty ($null) so an Internet-facing site proxies its users, or mark the site as Internet-facing and publish the name.`,
        entityIds: [site.siteId],
      });
    }
  },
};

const oaPrereq: Rule = {
  id: 'ns.oa-prereq',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      if (!site.outlookAnywhere.enabled) continue;
      const existing = site.casServers.filter((s) => s.existing);
      if (existing.length === 0) continue;
      emit({
        message: `Outlook Anywhere is to be enabled on ${serverNames(existing)} in AD site ${site.siteName}, which already exist${existing.length === 1 ? 's' : ''}: this runbook installs the Windows feature RPC over HTTP Proxy only on the servers it sets up, and Enable-OutlookAnywhere fails without it.`,
        hint: `Check Get-WindowsFeature RPC-Over-HTTP-Proxy on ${serverNames(existing)} and install it (Add-WindowsFeature RPC-Over-HTTP-Proxy) before the namespace phase.`,
        entityIds: existing.map((s) => s.id),
      });
    }
  },
};

const sslOffload: Rule = {
  id: 'ns.ssl-offload',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      if (!site.outlookAnywhere.enabled || !site.address) continue;
      const lb = ns.loadBalancers.find((l) => l.siteId === site.siteId);
      const terminates = lb?.sslOffload ?? false;
      if (site.outlookAnywhere.sslOffloading === terminates) continue;
      emit({
        message: site.outlookAnywhere.sslOffloading
          ? `Outlook Anywhere in AD site ${site.siteName} is planned with -SSLOffloading $true, but ${site.address.label} does not terminate SSL: the Client Access servers then refuse HTTPS requests to /rpc.`
          : `${site.address.label} terminates SSL for AD site ${site.siteName}, but Outlook Anywhere is planned with -SSLOffloading $false: the Client Access servers expect HTTPS and Outlook Anywhere fails.`,
        hint: site.outlookAnywhere.sslOffloading ? 'Set SSL offloading off for Outlook Anywhere, or plan SSL offload on the hardware load balancer.' : 'Set Outlook Anywhere SSL offloading on (-SSLOffloading $true), or use SSL pass-through on the load balancer.',
        entityIds: [site.siteId, site.address.entityId],
      });
    }
  },
};

const legacy: Rule = {
  id: 'ns.legacy',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    const legacyCas = ctx.design.servers.filter((s) => s.legacy && s.roles.includes('CAS'));
    if (legacyCas.length === 0) return;
    if (ns.legacyHost === '') {
      emit({
        message: `Exchange ${legacyCas[0].legacy?.version} Client Access server${legacyCas.length === 1 ? '' : 's'} ${serverNames(legacyCas)} stay${legacyCas.length === 1 ? 's' : ''} during coexistence but the namespace has no legacy. name: once mail.${ns.domain} moves to Exchange 2010, users with legacy mailboxes have nowhere to be redirected.`,
        hint: `Plan legacy.${ns.domain} in internal and external DNS, on a certificate, pointing at the legacy Client Access servers.`,
        entityIds: legacyCas.map((s) => s.id),
      });
      return;
    }
    if (!ns.certificates.some((c) => certificateCovers(c, ns.legacyHost))) {
      emit({
        message: `The coexistence name ${ns.legacyHost} is on no certificate: users redirected to the legacy Client Access servers get a certificate error.`,
        hint: `Add ${ns.legacyHost} to the certificate's names (the legacy servers get a certificate with it too).`,
        entityIds: legacyCas.map((s) => s.id),
      });
    }
  },
};

const ttl: Rule = {
  id: 'ns.ttl',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns || ns.sites.length < 2) return;
    emit({
      message: `The namespace spans ${plural(ns.sites.length, 'AD site')} (${listNames(ns.sites.map((s) => s.siteName))}): a datacenter switchover in Exchange 2010 is a DNS change, and clients keep the old address until the record's TTL${ns.dnsTtlSeconds === null ? '' : ` (${ns.dnsTtlSeconds} s planned)`} and their caches expire.`,
      hint: 'Lower the TTL of the client access names and the CAS array names (e.g. 5 minutes) well before a planned switchover.',
      entityIds: ns.sites.map((s) => s.siteId),
    });
  },
};

const nameOneSite: Rule = {
  id: 'ns.name-one-site',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    const byName = new Map<string, Set<string>>();
    for (const r of ns.dns) {
      if (r.zone !== 'internal' || r.type !== 'A' || r.target === '') continue;
      const set = byName.get(lower(r.name)) ?? new Set<string>();
      set.add(r.target);
      byName.set(lower(r.name), set);
    }
    for (const [name, targets] of byName) {
      if (targets.size < 2) continue;
      const sites = ns.sites.filter((s) => siteHostNames(s).some((n) => lower(n) === name));
      emit({
        message: `${name} is a client access name of ${plural(sites.length, 'AD site')} (${listNames(sites.map((s) => s.siteName))}) whose load balancers have different addresses (${[...targets].join(', ')}): a DNS name points at one of them, so clients of the other site cross the WAN or miss their site's servers.`,
        hint: 'Give each site its own name (e.g. mail-<site>.<domain>) or let the second site be proxied (not Internet-facing, no ExternalUrl).',
        entityIds: sites.map((s) => s.siteId),
      });
    }
  },
};

const nameResolves: Rule = {
  id: 'ns.name-resolves',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    for (const site of ns.sites) {
      if (site.address) continue;
      emit({
        message: `The client access names of AD site ${site.siteName} (${listNames(siteHostNames(site))}) have no address to point at: its Client Access servers have no network address and no load balancer.`,
        hint: `Give the Client Access servers of ${site.siteName} a MAPI network address, or put them behind a CAS array with a load balancer.`,
        entityIds: [site.siteId],
      });
    }
  },
};

const proxy: Rule = {
  id: 'ns.proxy',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    const facing = ns.sites.filter((s) => s.internetFacing);
    if (facing.length === 0) return;
    for (const site of ns.sites) {
      if (site.internetFacing || site.urls.some((u) => u.externalHost !== '')) continue;
      emit({
        message: `AD site ${site.siteName} is not Internet-facing: users whose mailboxes are there connect from the Internet to ${listNames(facing.map((s) => s.externalHost || s.siteName))}, whose Client Access servers proxy OWA, ActiveSync and EWS to ${site.siteName}'s Client Access servers (ExternalUrl $null); Outlook Anywhere reaches the mailbox over RPC from the Internet-facing site.`,
        hint: `Keep a Client Access server in ${site.siteName} (proxy target, setup's self-signed certificate is enough for proxied traffic) and make sure the WAN carries the proxied traffic.`,
        entityIds: [site.siteId],
      });
    }
  },
};

/**
 * The namespace is derived (from the organization's external host names) but not planned: the runbook then sets no
 * URL, SCP, Outlook Anywhere, DNS record or certificate, and every Client Access server keeps setup's self-signed
 * certificate (SSLCA) and its server-name URLs.
 */
const notPlanned: Rule = {
  id: 'ns.not-planned',
  check(ctx, emit) {
    if (ctx.design.namespace !== undefined) return;
    const ns = namespaceOf(ctx);
    if (!ns || ns.sites.length === 0) return;
    const names = [...new Set(ns.sites.flatMap((s) => siteHostNames(s)))];
    const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${plural(names.length - 4, 'more name')}` : listNames(names);
    emit({
      message: `The runbook does not configure the client access namespace (${shown}): it is derived from the external host names but not planned, so after deployment the Client Access servers keep setup's self-signed certificate and URLs with their own server names, and clients get certificate warnings.`,
      hint: 'Open the Namespace tab and choose "Plan this namespace" (or change a name there): the runbook then sets the URLs, the Autodiscover SCP, Outlook Anywhere, the DNS records and the certificate.',
      entityIds: ns.sites.map((s) => s.siteId),
    });
  },
};

export const namespaceRules: readonly Rule[] = [
  casArrayNotInSan,
  casArrayNoExternalDns,
  internalNamePublicCa,
  sanCoversUrls,
  scpLoadBalanced,
  sameCert,
  autodiscoverExternal,
  nonFacingExternalUrl,
  oaPrereq,
  sslOffload,
  legacy,
  ttl,
  nameOneSite,
  nameResolves,
  proxy,
  notPlanned,
];
