// The mail flow's runbook actions (Exchange 2010 SP3): authoritative accepted domains and the default e-mail address
// policy; Internet mail through the Hub Transport servers (the Internet send connector and the anonymous permission on
// their Default receive connectors) or through subscribed Edge Transport servers (the Edge Subscription exported on
// the Edge, imported on a Hub Transport server of the subscribed site, EdgeSync started); POP3 / IMAP4 on the Client
// Access servers whose certificate plan enables them; the verification. Part of StepAction (actions.ts).
//
// Sources (MicrosoftDocs/office-docs-powershell, exchange-ps, Exchange 2010 applicability): New-AcceptedDomain,
// Set-AcceptedDomain, Get-AcceptedDomain, Set-EmailAddressPolicy, Update-EmailAddressPolicy, New-SendConnector,
// Set-SendConnector, Get-ReceiveConnector, Set-ReceiveConnector, New-EdgeSubscription, Get-EdgeSubscription,
// Start-EdgeSynchronization, Test-EdgeSynchronization, Set-PopSettings, Set-ImapSettings; TechNet (Exchange 2010)
// "Configure Internet Mail Flow Directly Through a Hub Transport Server", "Understanding Edge Subscriptions".

/** The mail protocols a certificate plan can enable on the Client Access servers. */
export type MailProtocol = 'POP' | 'IMAP';

/** The Windows service of each protocol on an Exchange 2010 Client Access server (Manual startup after setup). */
export const PROTOCOL_SERVICES: Readonly<Record<MailProtocol, string>> = { POP: 'MSExchangePOP3', IMAP: 'MSExchangeIMAP4' };

/** Where the runbook records, per protocol service, the certificate name it restarted the service for. */
export const PROTOCOL_RESTART_KEY = 'HKLM:\\SOFTWARE\\ExTopo\\ProtocolCertificates';

/** The Exchange Management Shell snap-in of an Edge Transport server (no remote Exchange endpoint on the Edge). */
export const EXCHANGE_SNAPIN = 'Microsoft.Exchange.Management.PowerShell.E2010';

/** The e-mail address policy setup creates (applies to every recipient, lowest priority). */
export const DEFAULT_EMAIL_ADDRESS_POLICY = 'Default Policy';

/** The name of the Internet send connector the runbook creates on the Hub Transport servers. */
export const INTERNET_SEND_CONNECTOR = 'Internet';

/** The send connector an Edge Subscription creates for Internet mail of a site (New-EdgeSubscription -CreateInternetSendConnector, default $true). */
export function edgeSyncInternetConnector(site: string): string {
  return `EdgeSync - ${site} to Internet`;
}

/** The Hub Transport server's receive connector that listens on TCP 25 ("Default <server>"). */
export function defaultReceiveConnector(server: string): string {
  return `Default ${server}`;
}

/** Minutes an Edge Subscription file stays valid (its EdgeSync bootstrap replication account expires: 24 hours). */
export const EDGE_SUBSCRIPTION_VALID_MINUTES = 1440;

export type MailFlowAction =
  /** New-AcceptedDomain -DomainType Authoritative (or Set-AcceptedDomain to Authoritative); -MakeDefault $true when asked. */
  | { readonly kind: 'accepted-domain'; readonly name: string; readonly domainName: string; readonly makeDefault: boolean }
  /**
   * Set-EmailAddressPolicy -EnabledEmailAddressTemplates on the default policy: the primary SMTP address in the
   * primary domain, proxy addresses in the other accepted domains (the templates it has are kept, the old primary as
   * a proxy address); then Update-EmailAddressPolicy applies it to the recipients.
   */
  | { readonly kind: 'email-address-policy'; readonly policy: string; readonly primaryDomain: string; readonly additionalDomains: readonly string[] }
  /** New-SendConnector -Usage Internet -AddressSpaces * -SourceTransportServers … -DNSRoutingEnabled $true (Set-SendConnector when it exists). */
  | { readonly kind: 'internet-send-connector'; readonly name: string; readonly addressSpaces: readonly string[]; readonly sourceServers: readonly string[] }
  /** Set-ReceiveConnector -PermissionGroups: the connector's groups plus AnonymousUsers (mail from the Internet). */
  | { readonly kind: 'receive-connector-anonymous'; readonly server: string; readonly connector: string }
  /** On the Edge Transport server itself: New-EdgeSubscription -FileName (the Exchange snap-in loaded first). */
  | { readonly kind: 'edge-subscription-export'; readonly edgeServer: string; readonly filePath: string }
  /** On a Hub Transport server of the site: New-EdgeSubscription -FileData (the file's bytes) -Site. */
  | { readonly kind: 'edge-subscription-import'; readonly edgeServer: string; readonly site: string; readonly filePath: string }
  /** Start-EdgeSynchronization -Server <hub> -TargetServer <edge>; done when Test-EdgeSynchronization reports Normal. */
  | { readonly kind: 'edge-synchronization'; readonly hubServer: string; readonly edgeServer: string }
  /** Set-PopSettings / Set-ImapSettings -Server -X509CertificateName (the certificate is enabled for the service already). */
  | { readonly kind: 'protocol-certificate'; readonly protocol: MailProtocol; readonly server: string; readonly certificateName: string }
  /** On the Client Access server: the protocol's service set to Automatic and (re)started, so it uses the certificate. */
  | { readonly kind: 'protocol-service'; readonly protocol: MailProtocol; readonly service: string; readonly certificateName: string }
  /** Check-only: the accepted domains exist (authoritative) and every planned send connector exists with address space *. */
  | {
      readonly kind: 'verify-mail-flow';
      readonly acceptedDomains: readonly string[];
      readonly sendConnectors: readonly string[];
      readonly edgeSubscriptions: readonly string[];
    };

export type MailFlowActionKind = MailFlowAction['kind'];

export const MAIL_FLOW_ACTION_KINDS: readonly MailFlowActionKind[] = [
  'accepted-domain',
  'email-address-policy',
  'internet-send-connector',
  'receive-connector-anonymous',
  'edge-subscription-export',
  'edge-subscription-import',
  'edge-synchronization',
  'protocol-certificate',
  'protocol-service',
  'verify-mail-flow',
];

/** What a person does in the mail flow's operator steps (a rehearsal applies it once the step is confirmed). */
export type MailFlowOperatorWork = CopyEdgeSubscriptionWork;

/** The Edge Subscription file carried from the Edge server to the computer that imports it (within 1440 minutes). */
export interface CopyEdgeSubscriptionWork {
  readonly kind: 'copy-edge-subscription';
  readonly fromServer: string;
  readonly toServer: string;
  readonly path: string;
}
