// Effects and checks of the client access namespace's actions in the TypeScript lab (shared/runbook/namespaceActions.ts):
// virtual directory URLs, the Autodiscover SCP, Outlook Anywhere, the SAN certificate (request, the CA's answer,
// completion, copy with the private key) and the verification through the VIP. The host double's cmdlets change the
// same state (main/lab/double/exchangeNamespace.ts) with the helpers of exchangeState.ts.
import type { NamespaceAction, NamespaceOperatorWork } from '../../shared/runbook/namespaceActions';
import { NAMESPACE_ACTION_KINDS } from '../../shared/runbook/namespaceActions';
import type { StepAction } from '../../shared/runbook/actions';
import { nameCovers } from '../../shared/namespace/derive';
import {
  certificateRequestText,
  enableCertificateServices,
  exchangeServerState,
  exchangeServerView,
  issuedCertificateText,
  newCertificateRequest,
  parseCertificateFile,
  subjectCommonName,
} from './exchangeState';
import type { LabExchangeCertificate } from './exchangeState';
import { answeringPorts } from './network';
import type { HostActionResult } from './network';
import { nlbClusterByVip, resolves } from './readers';
import { findHost } from './state';
import type { LabHost, LabState } from './state';
import type { LabWorld } from './world';

interface CheckVerdict {
  readonly done: boolean;
  readonly problems: readonly string[];
}

const KINDS: ReadonlySet<string> = new Set(NAMESPACE_ACTION_KINDS);

export function isNamespaceAction(action: StepAction): action is NamespaceAction {
  return KINDS.has(action.kind);
}

const OK: HostActionResult = { ok: true };
const fail = (command: string, error: string): HostActionResult => ({ ok: false, command, error });
const verdict = (problems: readonly string[]): CheckVerdict => ({ done: problems.length === 0, problems });
const lower = (s: string): string => s.toLowerCase();

// ---------------------------------------------------------------------------------------------------------------
// Files with text (certificate requests and answers)
// ---------------------------------------------------------------------------------------------------------------

export function readLabFile(host: LabHost, path: string): string | undefined {
  return host.fileContents?.[lower(path)];
}

export function writeLabFile(host: LabHost, path: string, text: string): void {
  host.fileContents = { ...(host.fileContents ?? {}), [lower(path)]: text };
  if (!host.files.some((f) => lower(f) === lower(path))) host.files.push(path);
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------------------------

function casHost(state: LabState, name: string): LabHost | null {
  const host = findHost(state, name);
  return host && host.exchangeRoles.includes('ca') ? host : null;
}

function exchangeHost(state: LabState, name: string): LabHost | null {
  const host = findHost(state, name);
  return host && host.exchangeRoles.some((r) => r !== 'mt') ? host : null;
}

/** Certificates of a server (not self-signed) whose names include every planned name. */
function matching(host: LabHost, domains: readonly string[], validOnly: boolean): LabExchangeCertificate[] {
  return exchangeServerView(host).certificates.filter(
    (c) => !c.selfSigned && (!validOnly || c.status === 'Valid') && domains.every((d) => c.domains.some((cd) => lower(cd) === lower(d))),
  );
}

function enabledFor(cert: LabExchangeCertificate, services: readonly string[]): boolean {
  return services.every((s) => cert.services.some((x) => x.toUpperCase() === s.toUpperCase()));
}

function notFound(command: string, identity: string): HostActionResult {
  return fail(command, `${command} : The operation couldn't be performed because object '${identity}' couldn't be found.`);
}

const URL_PATTERN = /^https?:\/\/[^/\s]+/i;

export function applyNamespaceAction(world: LabWorld, _host: LabHost, a: NamespaceAction): HostActionResult {
  const state = world.state;
  switch (a.kind) {
    case 'namespace-urls': {
      const host = casHost(state, a.server);
      if (!host) return notFound('Set-OwaVirtualDirectory', `${a.server}\\owa (Default Web Site)`);
      const ex = exchangeServerState(host);
      for (const u of a.urls) {
        for (const value of [u.internalUrl, u.externalUrl]) {
          if (value !== '' && !URL_PATTERN.test(value)) return fail('Set-OwaVirtualDirectory', `Cannot convert value "${value}" to type "System.Uri".`);
        }
        ex.virtualDirectories[u.service] = { internalUrl: u.internalUrl, externalUrl: u.externalUrl };
      }
      return OK;
    }
    case 'autodiscover-scp': {
      const host = casHost(state, a.server);
      if (!host) return notFound('Set-ClientAccessServer', a.server);
      const ex = exchangeServerState(host);
      ex.autoDiscoverServiceInternalUri = a.uri;
      ex.autoDiscoverSiteScope = [a.siteScope];
      return OK;
    }
    case 'enable-outlook-anywhere': {
      const host = casHost(state, a.server);
      if (!host) return fail('Enable-OutlookAnywhere', `Enable-OutlookAnywhere : ${a.server} isn't a Client Access server.`);
      if (!host.features.includes('RPC-Over-HTTP-Proxy')) {
        return fail('Enable-OutlookAnywhere', `Enable-OutlookAnywhere : The RPC over HTTP Proxy component isn't installed on server ${host.name}. Install it (Add-WindowsFeature RPC-Over-HTTP-Proxy) and run the command again.`);
      }
      const ex = exchangeServerState(host);
      ex.outlookAnywhere = { externalHostname: a.externalHostname, clientAuthenticationMethod: a.clientAuthentication, iisAuthenticationMethods: ['Basic', 'Ntlm'], sslOffloading: a.sslOffloading };
      return OK;
    }
    case 'certificate-request': {
      const host = exchangeHost(state, a.server);
      if (!host) return notFound('New-ExchangeCertificate', a.server);
      const have = matching(host, a.domains, false);
      if (have.some((c) => c.status === 'Valid')) return OK;
      if (have.length > 0 && readLabFile(host, a.requestPath) !== undefined) return OK;
      if (![1024, 2048, 4096].includes(a.keySize)) return fail('New-ExchangeCertificate', `New-ExchangeCertificate : The key size ${a.keySize} isn't valid: use 1024, 2048 or 4096.`);
      const cert = newCertificateRequest(host, a.subjectName, a.domains, true, a.friendlyName);
      writeLabFile(host, a.requestPath, certificateRequestText(cert));
      return OK;
    }
    case 'certificate-complete': {
      const host = exchangeHost(state, a.server);
      if (!host) return notFound('Import-ExchangeCertificate', a.server);
      const have = matching(host, a.domains, false);
      if (have.length === 0) return fail('throw', `No certificate request for ${a.domains[0] ?? ''} on ${a.server}: run the request step first.`);
      const cert = have[0];
      if (cert.status !== 'Valid') {
        const text = readLabFile(host, a.certificatePath);
        if (text === undefined) return fail('throw', `The issued certificate is not at ${a.certificatePath}: save the certification authority's answer there (the operator step before this one), then run this step again.`);
        const issued = parseCertificateFile(text);
        if (!issued || issued.kind !== 'issued') return fail('Import-ExchangeCertificate', 'Import-ExchangeCertificate : ASN1 bad tag value met. The file is not a certificate.');
        const pending = exchangeServerState(host).certificates.find((c) => c.thumbprint === issued.thumbprint);
        if (!pending) return fail('Import-ExchangeCertificate', `Import-ExchangeCertificate : The certificate doesn't match a pending request on ${host.name}.`);
        pending.status = 'Valid';
        pending.selfSigned = false;
        enableCertificateServices(host, pending, a.services);
        return OK;
      }
      enableCertificateServices(host, cert, a.services);
      return OK;
    }
    case 'certificate-copy': {
      const source = exchangeHost(state, a.sourceServer);
      const target = exchangeHost(state, a.server);
      if (!source) return notFound('Export-ExchangeCertificate', a.sourceServer);
      if (!target) return notFound('Import-ExchangeCertificate', a.server);
      const cert = matching(source, a.domains, true)[0];
      if (!cert) return fail('throw', `The certificate for ${a.domains[0] ?? ''} is not complete on ${a.sourceServer} yet: run the steps that request and complete it there first.`);
      if (!cert.privateKeyExportable) return fail('Export-ExchangeCertificate', `Export-ExchangeCertificate : The private key of certificate ${cert.thumbprint} isn't exportable.`);
      const ex = exchangeServerState(target);
      let copy = ex.certificates.find((c) => c.thumbprint === cert.thumbprint);
      if (!copy) {
        copy = { ...cert, domains: [...cert.domains], services: [] };
        ex.certificates.push(copy);
      }
      enableCertificateServices(target, copy, a.services);
      return OK;
    }
    case 'verify-namespace':
      return OK;
  }
}

/** The Client Access servers behind an address: NLB nodes, a hardware load balancer's pool, or the host itself. */
function serversBehind(state: LabState, address: string): LabHost[] {
  const cluster = nlbClusterByVip(state, address);
  if (cluster) return cluster.nodes.map((n) => findHost(state, n.host)).filter((h): h is LabHost => !!h);
  const balanced = state.loadBalancerVips?.find((v) => v.vip === address);
  if (balanced) return balanced.servers.map((n) => findHost(state, n)).filter((h): h is LabHost => !!h);
  return state.hosts.filter((h) => h.nics.some((n) => n.ipv4 === address));
}

/** What a TLS client sees at a server for a name: the IIS certificate, or why the handshake fails. */
export function tlsCertificateProblem(host: LabHost, name: string): { cert: LabExchangeCertificate | null; problem: string | null } {
  const cert = exchangeServerView(host).certificates.find((c) => c.services.some((s) => s.toUpperCase() === 'IIS') && c.status === 'Valid') ?? null;
  if (!cert) return { cert: null, problem: `${host.name} has no certificate enabled for IIS` };
  if (cert.selfSigned) return { cert, problem: `The remote certificate is invalid according to the validation procedure (${host.name} answers with the self-signed certificate ${cert.subject})` };
  if (!cert.domains.some((d) => nameCovers(d, name))) return { cert, problem: `The remote certificate is invalid according to the validation procedure (${host.name}'s certificate ${cert.subject} does not cover ${name})` };
  return { cert, problem: null };
}

export function checkNamespaceAction(world: LabWorld, host: LabHost, a: NamespaceAction): CheckVerdict {
  const state = world.state;
  switch (a.kind) {
    case 'namespace-urls': {
      const server = casHost(state, a.server);
      if (!server) return verdict([`${a.server} is not a Client Access server`]);
      const vdirs = exchangeServerView(server).virtualDirectories;
      const differ = a.urls.filter((u) => lower(vdirs[u.service]?.internalUrl ?? '') !== lower(u.internalUrl) || lower(vdirs[u.service]?.externalUrl ?? '') !== lower(u.externalUrl));
      return verdict(differ.map((u) => `${u.vdir} on ${a.server} has other URLs`));
    }
    case 'autodiscover-scp': {
      const server = casHost(state, a.server);
      return verdict(server && lower(exchangeServerView(server).autoDiscoverServiceInternalUri) === lower(a.uri) ? [] : [`the SCP of ${a.server} is not ${a.uri}`]);
    }
    case 'enable-outlook-anywhere': {
      const server = casHost(state, a.server);
      const oa = server ? exchangeServerView(server).outlookAnywhere : null;
      const ok = oa !== null && lower(oa.externalHostname) === lower(a.externalHostname) && lower(oa.clientAuthenticationMethod) === lower(a.clientAuthentication) && oa.sslOffloading === a.sslOffloading;
      return verdict(ok ? [] : [`Outlook Anywhere on ${a.server} is not enabled as planned`]);
    }
    case 'certificate-request': {
      const server = exchangeHost(state, a.server);
      if (!server) return verdict([`${a.server} is not an Exchange server`]);
      const have = matching(server, a.domains, false);
      const ok = have.some((c) => c.status === 'Valid') || (have.length > 0 && readLabFile(server, a.requestPath) !== undefined);
      return verdict(ok ? [] : [`no certificate request for ${a.domains.join(', ')} on ${a.server}`]);
    }
    case 'certificate-complete': {
      const server = exchangeHost(state, a.server);
      const cert = server ? matching(server, a.domains, true)[0] : undefined;
      return verdict(cert && enabledFor(cert, a.services) ? [] : [`no valid certificate for ${a.domains.join(', ')} enabled for ${a.services.join(', ')} on ${a.server}`]);
    }
    case 'certificate-copy': {
      const source = exchangeHost(state, a.sourceServer);
      const target = exchangeHost(state, a.server);
      const cert = source ? matching(source, a.domains, true)[0] : undefined;
      const copy = cert && target ? exchangeServerView(target).certificates.find((c) => c.thumbprint === cert.thumbprint) : undefined;
      return verdict(copy && enabledFor(copy, a.services) ? [] : [`${a.server} does not have the certificate of ${a.sourceServer} enabled for ${a.services.join(', ')}`]);
    }
    case 'verify-namespace': {
      const problems: string[] = [];
      for (const entry of a.names) {
        const addresses = resolves(state, entry.host);
        if (addresses.length !== 1 || addresses[0] !== entry.address) problems.push(`${entry.host} resolves to ${addresses.join(', ')} on ${a.dnsServer} instead of only ${entry.address}`);
        if (!answeringPorts(world, entry.address, host).has(443)) {
          problems.push(`${entry.host} at ${entry.address}:443: No connection could be made because the target machine actively refused it`);
          continue;
        }
        for (const member of serversBehind(state, entry.address)) {
          const { cert, problem } = tlsCertificateProblem(member, entry.host);
          if (problem) problems.push(`${entry.host} at ${entry.address}:443: ${problem}`);
          else if (cert && lower(subjectCommonName(cert.subject)) !== lower(a.subject)) problems.push(`${entry.host} answers with the certificate of ${cert.subject}, not CN=${a.subject}`);
        }
      }
      return verdict(problems);
    }
  }
}

/** What a person did in a confirmed namespace operator step, applied to the world (rehearsals). */
export function applyNamespaceWork(world: LabWorld, work: NamespaceOperatorWork): void {
  switch (work.kind) {
    case 'dns-zone': {
      const zone = lower(work.zone);
      if (!world.state.org.zones.includes(zone)) world.state.org.zones.push(zone);
      return;
    }
    case 'issue-certificate': {
      const host = findHost(world.state, work.server);
      if (!host) return;
      const request = readLabFile(host, work.requestPath);
      const parsed = request === undefined ? null : parseCertificateFile(request);
      if (!parsed) return;
      writeLabFile(host, work.certificatePath, issuedCertificateText(parsed.thumbprint, parsed.domains));
      return;
    }
  }
}

/**
 * A TLS handshake with a name at an address (the pwsh engine's SslStream): every server behind the address must present
 * a trusted certificate valid for the name (a load balancer may send the client to any of them).
 */
export function tlsHandshake(world: LabWorld, address: string, port: number, name: string): { problem: string | null; subject: string; issuer: string; thumbprint: string } {
  const servers = serversBehind(world.state, address);
  if (servers.length === 0 || !answeringPorts(world, address).has(port)) return { problem: `Unable to read data from the transport connection: no TLS server answers at ${address}:${port}.`, subject: '', issuer: '', thumbprint: '' };
  let first: LabExchangeCertificate | null = null;
  for (const server of servers) {
    const { cert, problem } = tlsCertificateProblem(server, name);
    if (problem) return { problem: `The remote certificate is invalid according to the validation procedure. (${problem})`, subject: '', issuer: '', thumbprint: '' };
    first ??= cert;
  }
  const subject = first ? `CN=${subjectCommonName(first.subject)}` : '';
  return { problem: null, subject, issuer: 'CN=Lab Certification Authority', thumbprint: first?.thumbprint ?? '' };
}
