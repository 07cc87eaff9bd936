// The client access namespace's runbook actions (../shared/domain/namespace.md §1, §3, §4): URLs of the virtual
// directories, the Autodiscover SCP, Outlook Anywhere, the SAN certificate (request, completion, copy with its private
// key to every other member) and the verification through the VIP. Part of StepAction (actions.ts).
import type { CertificateService, NamespaceService } from '../model/namespace';

export interface VirtualDirectoryUrls {
  readonly service: NamespaceService;
  /** IIS name of the virtual directory (owa, ecp, EWS, OAB, Microsoft-Server-ActiveSync). */
  readonly vdir: string;
  readonly internalUrl: string;
  /** '' = $null (not published: proxied by an Internet-facing site). */
  readonly externalUrl: string;
}

export type NamespaceAction =
  /** Set-OwaVirtualDirectory, Set-EcpVirtualDirectory, Set-WebServicesVirtualDirectory, Set-OabVirtualDirectory, Set-ActiveSyncVirtualDirectory on one Client Access server. */
  | { readonly kind: 'namespace-urls'; readonly server: string; readonly urls: readonly VirtualDirectoryUrls[] }
  /** Set-ClientAccessServer -AutoDiscoverServiceInternalUri (the SCP domain-joined Outlook reads) and -AutoDiscoverSiteScope. */
  | { readonly kind: 'autodiscover-scp'; readonly server: string; readonly uri: string; readonly siteScope: string }
  /** Enable-OutlookAnywhere (2010) with the external host name, client authentication and SSL offloading. */
  | {
      readonly kind: 'enable-outlook-anywhere';
      readonly server: string;
      readonly externalHostname: string;
      readonly clientAuthentication: 'Basic' | 'Ntlm';
      readonly sslOffloading: boolean;
    }
  /** New-ExchangeCertificate -GenerateRequest (2010 returns the PKCS#10 text) written with Set-Content. */
  | {
      readonly kind: 'certificate-request';
      readonly server: string;
      readonly subjectName: string;
      /** Every name of the certificate (the subject's CN first). */
      readonly domains: readonly string[];
      readonly keySize: number;
      readonly friendlyName: string;
      readonly requestPath: string;
    }
  /** Import-ExchangeCertificate -FileData (the CA's answer) on the requesting server, then Enable-ExchangeCertificate. */
  | {
      readonly kind: 'certificate-complete';
      readonly server: string;
      readonly certificatePath: string;
      readonly domains: readonly string[];
      readonly services: readonly CertificateService[];
    }
  /**
   * Export-ExchangeCertificate with the private key from the requesting server and Import-ExchangeCertificate on
   * another member, then Enable-ExchangeCertificate. The PFX password is made at run time in memory and never stored.
   */
  | {
      readonly kind: 'certificate-copy';
      readonly sourceServer: string;
      readonly server: string;
      readonly domains: readonly string[];
      readonly services: readonly CertificateService[];
    }
  /**
   * Check-only: each name resolves to its address on the DNS server and answers HTTPS there with a certificate that
   * is trusted and valid for the name, issued for the planned subject.
   */
  | {
      readonly kind: 'verify-namespace';
      readonly dnsServer: string;
      readonly subject: string;
      readonly names: readonly { readonly host: string; readonly address: string }[];
    };

export type NamespaceActionKind = NamespaceAction['kind'];

export const NAMESPACE_ACTION_KINDS: readonly NamespaceActionKind[] = [
  'namespace-urls',
  'autodiscover-scp',
  'enable-outlook-anywhere',
  'certificate-request',
  'certificate-complete',
  'certificate-copy',
  'verify-namespace',
];

/** What a person does in the namespace's operator steps (a rehearsal applies it once the step is confirmed). */
export type NamespaceOperatorWork = IssueCertificateWork | DnsZoneWork;

/** The split-brain zone: the internal DNS server gets a zone for the public domain (Active Directory-integrated). */
export interface DnsZoneWork {
  readonly kind: 'dns-zone';
  readonly dnsServer: string;
  readonly zone: string;
}

/** What the certification authority's administrator does with a request (operator step; a rehearsal issues it). */
export interface IssueCertificateWork {
  readonly kind: 'issue-certificate';
  readonly server: string;
  readonly requestPath: string;
  readonly certificatePath: string;
  readonly issuer: 'public' | 'internal';
}
