// The client access namespace of Exchange 2010 SP3 in the host double: virtual directory URLs, the Autodiscover SCP
// (Set-ClientAccessServer, in exchange.ts), Outlook Anywhere and certificates (shared/domain/namespace.md).
import { CERTIFICATE_REQUEST_MARKER, certificateRequestText, exchangeServerState, exchangeServerView, ISSUED_CERTIFICATE_MARKER, issuedCertificateText, labThumbprint, VIRTUAL_DIRECTORIES } from '../exchangeState';
import type { LabExchangeCertificate } from '../exchangeState';
import { findHost, sameName } from '../state';
import type { LabHost } from '../state';
import type { DoubleContext, DoubleHandler, DoubleHandlers } from './context';
import { exchangeServers } from './exchangeObjects';
import { DoubleError } from './protocol';
import type { DoubleObject } from './protocol';

const WEB_SITE = 'Default Web Site';

function error(ctx: DoubleContext, message: string, exception = 'InvalidOperationException', target = ''): DoubleError {
  return new DoubleError(message, { errorId: `${exception},Microsoft.Exchange.Management.${ctx.command.replace(/-/g, '')}`, category: 'NotSpecified', target });
}

function notFound(ctx: DoubleContext, identity: string): DoubleError {
  const dc = ctx.state.org.dnsServers.find((d) => d.includes('.') && d !== ctx.state.org.adDomain.toLowerCase()) ?? ctx.state.org.adDomain;
  return error(ctx, `The operation couldn't be performed because object '${identity}' couldn't be found on '${dc}'.`, 'ManagementObjectNotFoundException', identity);
}

function casServers(ctx: DoubleContext): LabHost[] {
  return exchangeServers(ctx.state).filter((h) => h.exchangeRoles.includes('ca'));
}

function oneCas(ctx: DoubleContext, name: string): LabHost {
  const host = casServers(ctx).find((h) => sameName(h, name));
  if (!host) throw notFound(ctx, name);
  return host;
}

/** The servers a Get-*VirtualDirectory call covers, with the vdir name the identity asks for ('' = any). */
function vdirTargets(ctx: DoubleContext): { hosts: LabHost[]; name: string } {
  if (ctx.params.has('Server')) return { hosts: [oneCas(ctx, ctx.params.str('Server'))], name: '' };
  const identity = ctx.params.str('Identity');
  if (identity === '') return { hosts: casServers(ctx), name: '' };
  // SERVER\owa (Default Web Site), or the vdir name alone (on every server).
  const slash = identity.indexOf('\\');
  if (slash < 0) return { hosts: casServers(ctx), name: identity };
  return { hosts: [oneCas(ctx, identity.slice(0, slash))], name: identity.slice(slash + 1) };
}

function vdirObject(host: LabHost, key: string): DoubleObject {
  const vdir = VIRTUAL_DIRECTORIES[key];
  const urls = exchangeServerView(host).virtualDirectories[key];
  const name = `${vdir.name} (${WEB_SITE})`;
  return {
    __type: vdir.type,
    Name: name,
    Identity: `${host.name}\\${name}`,
    Server: host.name,
    InternalUrl: urls.internalUrl === '' ? null : urls.internalUrl,
    ExternalUrl: urls.externalUrl === '' ? null : urls.externalUrl,
    MetabasePath: `IIS://${host.fqdn}/W3SVC/1/ROOT/${vdir.name}`,
    Path: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\ClientAccess\\${vdir.name}`,
  };
}

function getVdir(key: string): DoubleHandler {
  return (ctx) => {
    const { hosts, name } = vdirTargets(ctx);
    const vdir = VIRTUAL_DIRECTORIES[key];
    if (name !== '' && name.toLowerCase() !== vdir.name.toLowerCase() && name.toLowerCase() !== `${vdir.name} (${WEB_SITE})`.toLowerCase()) throw notFound(ctx, ctx.params.str('Identity'));
    return hosts.filter((h) => h.exchangeRoles.includes('ca')).map((h) => vdirObject(h, key));
  };
}

function url(ctx: DoubleContext, name: string): string {
  const value = ctx.params.str(name);
  if (value !== '' && !/^https?:\/\/[^/\s]+/i.test(value)) {
    throw error(ctx, `Cannot process argument transformation on parameter '${name}'. Cannot convert value "${value}" to type "System.Uri".`, 'ParameterBindingException');
  }
  return value;
}

function setVdir(key: string): DoubleHandler {
  return (ctx) => {
    const identity = ctx.params.need('Identity');
    const slash = identity.indexOf('\\');
    if (slash < 0) throw notFound(ctx, identity);
    const host = oneCas(ctx, identity.slice(0, slash));
    const vdir = VIRTUAL_DIRECTORIES[key];
    const name = identity.slice(slash + 1).toLowerCase();
    if (name !== vdir.name.toLowerCase() && name !== `${vdir.name} (${WEB_SITE})`.toLowerCase()) throw notFound(ctx, identity);
    const urls = exchangeServerState(host).virtualDirectories[key];
    // -InternalUrl $null clears the URL (the parameter is passed with no value).
    if (ctx.params.raw('InternalUrl') !== undefined) urls.internalUrl = url(ctx, 'InternalUrl');
    if (ctx.params.raw('ExternalUrl') !== undefined) urls.externalUrl = url(ctx, 'ExternalUrl');
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Outlook Anywhere
// ---------------------------------------------------------------------------------------------------------------

function outlookAnywhereObject(host: LabHost): DoubleObject {
  const oa = exchangeServerView(host).outlookAnywhere;
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADRpcHttpVirtualDirectory',
    Name: `Rpc (${WEB_SITE})`,
    Identity: `${host.name}\\Rpc (${WEB_SITE})`,
    Server: host.name,
    ExternalHostname: oa?.externalHostname ?? null,
    ClientAuthenticationMethod: oa?.clientAuthenticationMethod ?? null,
    IISAuthenticationMethods: oa?.iisAuthenticationMethods ?? [],
    SSLOffloading: oa?.sslOffloading ?? false,
    MetabasePath: `IIS://${host.fqdn}/W3SVC/1/ROOT/Rpc`,
  };
}

const outlookAnywhere: DoubleHandlers = {
  'Get-OutlookAnywhere': (ctx) => {
    const { hosts } = vdirTargets(ctx);
    return hosts.filter((h) => exchangeServerView(h).outlookAnywhere !== null).map(outlookAnywhereObject);
  },

  'Enable-OutlookAnywhere': (ctx) => {
    const host = ctx.params.has('Server') ? oneCas(ctx, ctx.params.str('Server')) : ctx.host;
    if (!host.exchangeRoles.includes('ca')) throw error(ctx, `${host.name} isn't a Client Access server.`);
    const ex = exchangeServerState(host);
    if (ex.outlookAnywhere) throw error(ctx, `Outlook Anywhere is already enabled on server ${host.name}.`, 'InvalidOperationException', host.name);
    if (!host.features.includes('RPC-Over-HTTP-Proxy')) {
      throw error(ctx, `The RPC over HTTP Proxy component isn't installed on server ${host.name}. Install it (Add-WindowsFeature RPC-Over-HTTP-Proxy) and run the command again.`, 'InvalidOperationException', host.name);
    }
    const auth = ctx.params.str('DefaultAuthenticationMethod') || ctx.params.str('ClientAuthenticationMethod') || 'Basic';
    ex.outlookAnywhere = {
      externalHostname: ctx.params.need('ExternalHostname'),
      clientAuthenticationMethod: auth,
      iisAuthenticationMethods: ctx.params.has('IISAuthenticationMethods') ? ctx.params.strs('IISAuthenticationMethods') : ctx.params.has('DefaultAuthenticationMethod') ? [auth] : ['Basic', 'Ntlm'],
      sslOffloading: ctx.params.bool('SSLOffloading'),
    };
    ctx.warn(`Outlook Anywhere is being enabled on ${host.name}. It may take up to 15 minutes for the change to take effect.`);
  },

  'Set-OutlookAnywhere': (ctx) => {
    const identity = ctx.params.need('Identity');
    const host = oneCas(ctx, identity.split('\\')[0]);
    const oa = exchangeServerState(host).outlookAnywhere;
    if (!oa) throw notFound(ctx, identity);
    if (ctx.params.has('ExternalHostname')) oa.externalHostname = ctx.params.str('ExternalHostname');
    if (ctx.params.has('ClientAuthenticationMethod')) oa.clientAuthenticationMethod = ctx.params.str('ClientAuthenticationMethod');
    if (ctx.params.has('DefaultAuthenticationMethod')) oa.clientAuthenticationMethod = ctx.params.str('DefaultAuthenticationMethod');
    if (ctx.params.has('IISAuthenticationMethods')) oa.iisAuthenticationMethods = ctx.params.strs('IISAuthenticationMethods');
    if (ctx.params.has('SSLOffloading')) oa.sslOffloading = ctx.params.bool('SSLOffloading');
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------------------------

/**
 * The lab's stand-in for certificate files: a request text and an issued certificate carry a marker line naming the
 * request's thumbprint and names; a real certificate authority's answer cannot be parsed by the lab.
 */
const REQUEST_MARKER = CERTIFICATE_REQUEST_MARKER;
const ISSUED_MARKER = ISSUED_CERTIFICATE_MARKER;

function certificateObject(host: LabHost, cert: LabExchangeCertificate): DoubleObject {
  return {
    __type: 'Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate',
    Thumbprint: cert.thumbprint,
    Identity: `${host.fqdn || host.name}\\${cert.thumbprint}`,
    Subject: cert.subject,
    Issuer: cert.selfSigned || cert.status === 'PendingRequest' ? cert.subject : 'CN=Lab Certification Authority',
    CertificateDomains: [...cert.domains],
    FriendlyName: cert.friendlyName,
    Services: cert.services.length === 0 ? 'None' : cert.services.join(', '),
    Status: cert.status,
    IsSelfSigned: cert.selfSigned,
    PrivateKeyExportable: cert.privateKeyExportable,
    HasPrivateKey: true,
    NotBefore: cert.notBefore,
    NotAfter: cert.notAfter,
  };
}

function certHost(ctx: DoubleContext): LabHost {
  if (!ctx.params.has('Server')) return ctx.host;
  const host = findHost(ctx.state, ctx.params.str('Server'));
  if (!host || !host.exchangeRoles.some((r) => r !== 'mt')) throw notFound(ctx, ctx.params.str('Server'));
  return host;
}

function thumbprintParam(ctx: DoubleContext): string {
  const identity = ctx.params.str('Identity');
  const value = ctx.params.str('Thumbprint') || (identity.includes('\\') ? identity.slice(identity.lastIndexOf('\\') + 1) : identity);
  return value.replace(/\s/g, '').toUpperCase();
}

function hostFromIdentity(ctx: DoubleContext): LabHost {
  const identity = ctx.params.str('Identity');
  if (identity.includes('\\')) {
    const host = findHost(ctx.state, identity.slice(0, identity.lastIndexOf('\\')));
    if (!host) throw notFound(ctx, identity);
    return host;
  }
  return certHost(ctx);
}

/** Bytes of -FileData (a byte array on the wire) as text, for the lab's markers. */
function fileDataText(ctx: DoubleContext): string {
  const raw = ctx.params.raw('FileData');
  if (Array.isArray(raw)) return String.fromCharCode(...raw.map((b) => (typeof b === 'number' ? b : Number(b)) & 0xff));
  return typeof raw === 'string' ? raw : '';
}

const certificates: DoubleHandlers = {
  'Get-ExchangeCertificate': (ctx) => {
    const host = hostFromIdentity(ctx);
    const thumb = thumbprintParam(ctx);
    const domains = ctx.params.strs('DomainName').map((d) => d.toLowerCase());
    const list = exchangeServerView(host).certificates.filter(
      (c) => (thumb === '' || c.thumbprint === thumb) && (domains.length === 0 || domains.some((d) => c.domains.some((cd) => cd.toLowerCase() === d))),
    );
    if (list.length === 0 && thumb !== '') throw notFound(ctx, thumb);
    return list.map((c) => certificateObject(host, c));
  },

  'New-ExchangeCertificate': (ctx) => {
    const host = certHost(ctx);
    const ex = exchangeServerState(host);
    const subject = ctx.params.str('SubjectName') || `CN=${host.name}`;
    const cn = /(?:^|,)\s*cn=([^,]+)/i.exec(subject)?.[1]?.trim() ?? '';
    const domains = [...new Set([...(cn !== '' ? [cn] : []), ...ctx.params.strs('DomainName').flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '')])];
    const keySize = ctx.params.int('KeySize', 2048);
    if (![1024, 2048, 4096].includes(keySize)) throw error(ctx, `The key size ${keySize} isn't valid: use 1024, 2048 or 4096.`, 'ArgumentException');
    const now = new Date();
    const later = new Date(now);
    later.setUTCFullYear(later.getUTCFullYear() + 5);
    const cert: LabExchangeCertificate = {
      thumbprint: labThumbprint(`${host.name}|${subject}|${domains.join(',')}|${ex.certificates.length}|${now.toISOString()}`),
      subject,
      domains,
      friendlyName: ctx.params.str('FriendlyName') || 'Microsoft Exchange',
      status: ctx.params.bool('GenerateRequest') ? 'PendingRequest' : 'Valid',
      selfSigned: !ctx.params.bool('GenerateRequest'),
      privateKeyExportable: ctx.params.bool('PrivateKeyExportable'),
      services: [],
      notBefore: now.toISOString(),
      notAfter: later.toISOString(),
    };
    ex.certificates.push(cert);
    if (ctx.params.bool('GenerateRequest')) {
      // The PKCS#10 request text (2010: the cmdlet returns it; there is no -RequestFile).
      return [{ __type: 'System.String', Value: certificateRequestText(cert) }];
    }
    if (ctx.params.has('Services')) cert.services = ctx.params.strs('Services').flatMap((s) => s.split(',').map((p) => p.trim()));
    return [certificateObject(host, cert)];
  },

  'Import-ExchangeCertificate': (ctx) => {
    const host = certHost(ctx);
    const ex = exchangeServerState(host);
    const text = fileDataText(ctx);
    const marker = new RegExp(`(?:${REQUEST_MARKER}|${ISSUED_MARKER}) thumbprint=([0-9A-F]{40}); domains=([^\\s;]*)`).exec(text);
    if (!marker) {
      throw error(ctx, 'ASN1 bad tag value met. The certificate data is not a certificate the lab can read: in a rehearsal, import the issued certificate file the lab made for the request.', 'CryptographicException');
    }
    const pending = ex.certificates.find((c) => c.thumbprint === marker[1]);
    if (pending) {
      if (pending.status === 'Valid') throw error(ctx, `The certificate with thumbprint ${pending.thumbprint} already exists on ${host.name}.`, 'InvalidOperationException');
      pending.status = 'Valid';
      pending.selfSigned = false;
      return [certificateObject(host, pending)];
    }
    // A certificate exported from another server (PFX with its key): it needs the -Password it was exported with.
    if (!ctx.params.has('Password')) throw error(ctx, 'The PFX file needs the password it was exported with (-Password).', 'CryptographicException');
    const source = state0(ctx, marker[1]);
    const now = new Date();
    const later = new Date(now);
    later.setUTCFullYear(later.getUTCFullYear() + 5);
    const cert: LabExchangeCertificate = source
      ? { ...source, domains: [...source.domains], services: [] }
      : { thumbprint: marker[1], subject: `CN=${marker[2].split(',')[0]}`, domains: marker[2].split(',').filter((d) => d !== ''), friendlyName: ctx.params.str('FriendlyName') || 'Imported', status: 'Valid', selfSigned: false, privateKeyExportable: ctx.params.bool('PrivateKeyExportable'), services: [], notBefore: now.toISOString(), notAfter: later.toISOString() };
    ex.certificates.push(cert);
    return [certificateObject(host, cert)];
  },

  // Exchange 2010: the PFX (with -Password: the private key too) comes back in FileData; there is no -FileName.
  'Export-ExchangeCertificate': (ctx) => {
    const host = hostFromIdentity(ctx);
    const thumb = thumbprintParam(ctx);
    const cert = exchangeServerView(host).certificates.find((c) => c.thumbprint === thumb);
    if (!cert) throw notFound(ctx, thumb);
    if (ctx.params.has('Password') && !cert.privateKeyExportable) {
      throw error(ctx, `The private key of certificate ${thumb} on ${host.name} isn't exportable: request it again with -PrivateKeyExportable $true.`, 'InvalidOperationException', thumb);
    }
    const text = cert.status === 'PendingRequest' ? certificateRequestText(cert) : issuedCertificateText(cert.thumbprint, cert.domains);
    return [{ __type: 'Microsoft.Exchange.Data.BinaryFileDataObject', FileData: [...Buffer.from(text, 'latin1')] }];
  },

  'Enable-ExchangeCertificate': (ctx) => {
    const host = hostFromIdentity(ctx);
    const ex = exchangeServerState(host);
    const thumb = thumbprintParam(ctx);
    const cert = ex.certificates.find((c) => c.thumbprint === thumb);
    if (!cert) throw notFound(ctx, thumb);
    if (cert.status !== 'Valid') throw error(ctx, `The certificate with thumbprint ${thumb} is a pending request: complete it with Import-ExchangeCertificate before you enable it.`, 'InvalidOperationException', thumb);
    const services = ctx.params.strs('Services').flatMap((s) => s.split(',').map((p) => p.trim())).filter((s) => s !== '' && s.toLowerCase() !== 'none');
    for (const service of services) {
      // One certificate serves IIS at a time: enabling it here moves the binding.
      if (service.toUpperCase() === 'IIS') for (const other of ex.certificates) if (other !== cert) other.services = other.services.filter((s) => s.toUpperCase() !== 'IIS');
      if (!cert.services.some((s) => s.toUpperCase() === service.toUpperCase())) cert.services.push(service.toUpperCase() === 'IIS' ? 'IIS' : service.toUpperCase());
    }
  },
};

/** A certificate with that thumbprint anywhere in the lab (the source of an exported PFX). */
function state0(ctx: DoubleContext, thumbprint: string): LabExchangeCertificate | undefined {
  for (const h of ctx.state.hosts) {
    const found = h.exchange?.certificates.find((c) => c.thumbprint === thumbprint);
    if (found) return found;
  }
  return undefined;
}

export const namespaceCmdlets: DoubleHandlers = {
  'Get-OwaVirtualDirectory': getVdir('owa'),
  'Set-OwaVirtualDirectory': setVdir('owa'),
  'Get-EcpVirtualDirectory': getVdir('ecp'),
  'Set-EcpVirtualDirectory': setVdir('ecp'),
  'Get-WebServicesVirtualDirectory': getVdir('ews'),
  'Set-WebServicesVirtualDirectory': setVdir('ews'),
  'Get-OabVirtualDirectory': getVdir('oab'),
  'Set-OabVirtualDirectory': setVdir('oab'),
  'Get-ActiveSyncVirtualDirectory': getVdir('eas'),
  'Set-ActiveSyncVirtualDirectory': setVdir('eas'),
  ...outlookAnywhere,
  ...certificates,
};
