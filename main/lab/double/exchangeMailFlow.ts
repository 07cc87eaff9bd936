// Mail flow of Exchange 2010 SP3 in the host double (powershell/host-double/Exchange/Exchange2010.MailFlow.ps1): accepted
// domains, e-mail address policies, send and receive connectors, the Edge Subscription and EdgeSync, POP3 / IMAP4
// settings. The state and its rules are the TypeScript lab's (main/lab/mailFlowState.ts, main/lab/mailFlowActions.ts):
// both rehearsal engines refuse the same things with the same words.
//
// On an Edge Transport server (the snap-in loaded in the server's own shell) the commands read the Edge's AD LDS: the
// accepted domains and send connectors EdgeSync replicated; New-EdgeSubscription there takes -FileName. Elsewhere they
// act on the organization (Active Directory) and New-EdgeSubscription takes -FileData and -Site.
import {
  edgeAcceptedDomains,
  edgeSendConnectors,
  edgeSubscriptionFileText,
  edgeSynchronized,
  findAcceptedDomain,
  importEdgeSubscription,
  makeDefaultAcceptedDomain,
  newAcceptedDomain,
  sourceServersProblem,
  synchronizeEdge,
  templateProblem,
  validAddressSpace,
} from '../mailFlowActions';
import {
  acceptedDomainsView,
  edgeSubscriptionsView,
  emailAddressPoliciesView,
  protocolSettingsView,
  receiveConnectorsView,
  sendConnectorsView,
  storedAcceptedDomains,
  storedEmailAddressPolicies,
  storedProtocolSettings,
  storedReceiveConnectors,
  storedSendConnectors,
} from '../mailFlowState';
import type { LabAcceptedDomain, LabAcceptedDomainType, LabReceiveConnector, LabSendConnector } from '../mailFlowState';
import { writeLabFile } from '../namespaceActions';
import { findHost, sameName } from '../state';
import type { LabHost } from '../state';
import type { DoubleContext, DoubleHandlers } from './context';
import { exchangeServers, siteId } from './exchangeObjects';
import { DoubleError } from './protocol';
import { windowsItem } from './windows';
import type { DoubleObject } from './protocol';

const lower = (s: string): string => s.toLowerCase();
const same = (a: string, b: string): boolean => lower(a) === lower(b);

function error(ctx: DoubleContext, message: string, exception = 'InvalidOperationException', target = ''): DoubleError {
  return new DoubleError(message, { errorId: `${exception},Microsoft.Exchange.Management.${ctx.command.replace(/-/g, '')}`, category: 'NotSpecified', target });
}

function dc(ctx: DoubleContext): string {
  return ctx.state.org.dnsServers.find((d) => d.includes('.') && d !== lower(ctx.state.org.adDomain)) ?? ctx.state.org.adDomain;
}

function notFound(ctx: DoubleContext, identity: string): DoubleError {
  return error(ctx, `The operation couldn't be performed because object '${identity}' couldn't be found on '${dc(ctx)}'.`, 'ManagementObjectNotFoundException', identity);
}

/** A lab helper's failure ("Cmdlet : message") as this command's error. */
function fromLab(ctx: DoubleContext, result: { ok: true } | { ok: false; error: string }): void {
  if (!result.ok) throw error(ctx, result.error.replace(/^[\w-]+ : /, ''));
}

/** Whether the command runs in an Edge Transport server's own shell (its AD LDS), not against the organization. */
const onEdge = (ctx: DoubleContext): boolean => ctx.host.exchangeRoles.includes('et');

function organizationOnly(ctx: DoubleContext): void {
  if (onEdge(ctx)) throw error(ctx, `${ctx.command} changes the Edge Transport server's own AD LDS here: on a subscribed Edge, EdgeSync owns these objects (change them in the organization). The rehearsal models the Edge's data only through EdgeSync.`);
  if (ctx.state.org.name === null) throw error(ctx, 'Active Directory operation failed: the Exchange organization does not exist (run setup /PrepareAD first).', 'ADOperationException');
}

/** Bytes of -FileData (a byte array on the wire) as text. */
function fileDataText(ctx: DoubleContext): string {
  const raw = ctx.params.raw('FileData');
  if (Array.isArray(raw)) return String.fromCharCode(...raw.map((b) => (typeof b === 'number' ? b : Number(b)) & 0xff));
  return typeof raw === 'string' ? raw : '';
}

// ---------------------------------------------------------------------------------------------------------------
// Accepted domains
// ---------------------------------------------------------------------------------------------------------------

const DOMAIN_TYPES: readonly LabAcceptedDomainType[] = ['Authoritative', 'InternalRelay', 'ExternalRelay'];

function domainType(ctx: DoubleContext): LabAcceptedDomainType | null {
  if (!ctx.params.has('DomainType')) return null;
  const value = ctx.params.str('DomainType');
  const type = DOMAIN_TYPES.find((t) => same(t, value));
  if (!type) throw error(ctx, `Cannot process argument transformation on parameter 'DomainType'. Cannot convert value "${value}" to type "Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomainType". Valid values: Authoritative, ExternalRelay, InternalRelay.`, 'ParameterBindingException');
  return type;
}

function acceptedDomainObject(d: LabAcceptedDomain): DoubleObject {
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain',
    Name: d.name,
    Identity: d.name,
    DomainName: d.domainName,
    DomainType: d.domainType,
    Default: d.isDefault,
    AddressBookEnabled: d.domainType === 'Authoritative',
  };
}

function oneAcceptedDomain(ctx: DoubleContext, domains: readonly LabAcceptedDomain[], identity: string): LabAcceptedDomain {
  const found = domains.find((d) => same(d.name, identity)) ?? findAcceptedDomain(domains, identity);
  if (!found) throw notFound(ctx, identity);
  return found;
}

const acceptedDomains: DoubleHandlers = {
  'Get-AcceptedDomain': (ctx) => {
    const domains = onEdge(ctx) ? edgeAcceptedDomains(ctx.host) : acceptedDomainsView(ctx.state);
    const identity = ctx.params.str('Identity');
    return (identity === '' ? domains : [oneAcceptedDomain(ctx, domains, identity)]).map(acceptedDomainObject);
  },

  'New-AcceptedDomain': (ctx) => {
    organizationOnly(ctx);
    const domain = ctx.params.need('DomainName');
    fromLab(ctx, newAcceptedDomain(ctx.state, ctx.params.need('Name'), domain, domainType(ctx) ?? 'Authoritative'));
    const made = findAcceptedDomain(acceptedDomainsView(ctx.state), domain);
    return made ? [acceptedDomainObject(made)] : [];
  },

  'Set-AcceptedDomain': (ctx) => {
    organizationOnly(ctx);
    const domain = oneAcceptedDomain(ctx, storedAcceptedDomains(ctx.state), ctx.params.need('Identity'));
    const type = domainType(ctx);
    if (type) domain.domainType = type;
    if (ctx.params.has('Name')) domain.name = ctx.params.str('Name');
    if (ctx.params.has('MakeDefault')) {
      if (ctx.params.bool('MakeDefault')) makeDefaultAcceptedDomain(ctx.state, domain);
      else if (domain.isDefault) throw error(ctx, `${domain.name} is the default accepted domain: make another accepted domain the default instead (-MakeDefault $true on it).`);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// E-mail address policies
// ---------------------------------------------------------------------------------------------------------------

const emailAddressPolicies: DoubleHandlers = {
  'Get-EmailAddressPolicy': (ctx) => {
    const identity = ctx.params.str('Identity');
    const list = emailAddressPoliciesView(ctx.state).filter((p) => identity === '' || same(p.name, identity));
    if (list.length === 0 && identity !== '') throw notFound(ctx, identity);
    return list.map((p) => ({
      __type: 'Microsoft.Exchange.Data.Directory.Management.EmailAddressPolicy',
      Name: p.name,
      Identity: p.name,
      Priority: 'Lowest',
      IncludedRecipients: 'AllRecipients',
      EnabledPrimarySMTPAddressTemplate: (p.templates.find((t) => t.startsWith('SMTP:')) ?? '').slice(5),
      EnabledEmailAddressTemplates: [...p.templates],
      RecipientFilterApplied: p.applied,
      IsValid: true,
    }));
  },

  'Set-EmailAddressPolicy': (ctx) => {
    organizationOnly(ctx);
    const identity = ctx.params.need('Identity');
    const policy = storedEmailAddressPolicies(ctx.state).find((p) => same(p.name, identity));
    if (!policy) throw notFound(ctx, identity);
    if (ctx.params.has('EnabledEmailAddressTemplates') && ctx.params.has('EnabledPrimarySMTPAddressTemplate')) {
      throw error(ctx, "You can't use the EnabledEmailAddressTemplates parameter with the EnabledPrimarySMTPAddressTemplate parameter.", 'ArgumentException');
    }
    let templates: string[] | null = null;
    if (ctx.params.has('EnabledEmailAddressTemplates')) {
      // A template without a type prefix is an smtp proxy address.
      templates = ctx.params.strs('EnabledEmailAddressTemplates').map((t) => (/^[A-Za-z0-9]+:/.test(t) ? t : `smtp:${t}`));
    } else if (ctx.params.has('EnabledPrimarySMTPAddressTemplate')) {
      templates = [`SMTP:${ctx.params.str('EnabledPrimarySMTPAddressTemplate')}`];
    }
    if (!templates) return;
    const problem = templateProblem(ctx.state, templates);
    if (problem) throw error(ctx, problem, 'ArgumentException');
    policy.templates = templates;
    policy.applied = false;
  },

  'Update-EmailAddressPolicy': (ctx) => {
    organizationOnly(ctx);
    const identity = ctx.params.need('Identity');
    const policy = storedEmailAddressPolicies(ctx.state).find((p) => same(p.name, identity));
    if (!policy) throw notFound(ctx, identity);
    policy.applied = true;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Send connectors
// ---------------------------------------------------------------------------------------------------------------

/** "SMTP:*;1", "contoso.com;2", "*" → the address space ("*", "contoso.com"). */
function addressSpaceOf(text: string): string {
  return text.replace(/^smtp:/i, '').replace(/;\d+$/, '').trim();
}

function sendConnectorObject(c: LabSendConnector): DoubleObject {
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig',
    Name: c.name,
    Identity: c.name,
    AddressSpaces: c.addressSpaces.map((s) => `SMTP:${s};1`),
    SourceTransportServers: [...c.sourceServers],
    DNSRoutingEnabled: c.dnsRoutingEnabled,
    SmartHosts: c.dnsRoutingEnabled ? [] : c.addressSpaces.includes('--') ? ['--'] : [],
    Enabled: true,
    IsScopedConnector: false,
  };
}

function addressSpaces(ctx: DoubleContext): string[] {
  const spaces = ctx.params.strs('AddressSpaces').flatMap((s) => s.split(',')).map(addressSpaceOf).filter((s) => s !== '');
  const bad = spaces.find((s) => !validAddressSpace(s));
  if (bad !== undefined) throw error(ctx, `"${bad}" isn't a valid SMTP address space: use *, a domain (contoso.com) or *.domain.`, 'ArgumentException');
  return spaces;
}

function sources(ctx: DoubleContext): string[] {
  const names = ctx.params.strs('SourceTransportServers');
  const problem = sourceServersProblem(ctx.state, ctx.command, names);
  if (problem) throw error(ctx, problem.replace(/^[\w-]+ : /, ''), 'ManagementObjectNotFoundException');
  return names.map((n) => findHost(ctx.state, n)?.name ?? n);
}

const USAGES = ['Custom', 'Internal', 'Internet', 'Partner'] as const;

const sendConnectors: DoubleHandlers = {
  'Get-SendConnector': (ctx) => {
    const list = onEdge(ctx) ? edgeSendConnectors(ctx.host) : sendConnectorsView(ctx.state);
    const identity = ctx.params.str('Identity');
    if (identity === '') return list.map(sendConnectorObject);
    const found = list.find((c) => same(c.name, identity));
    if (!found) throw notFound(ctx, identity);
    return [sendConnectorObject(found)];
  },

  'New-SendConnector': (ctx) => {
    organizationOnly(ctx);
    const name = ctx.params.need('Name');
    const connectors = storedSendConnectors(ctx.state);
    if (connectors.some((c) => same(c.name, name))) throw error(ctx, `A send connector with the name ${name} already exists.`, 'ADObjectAlreadyExistsException', name);
    const switches = USAGES.filter((u) => ctx.params.bool(u));
    if (ctx.params.has('Usage') && switches.length > 0) throw error(ctx, "You can't use the Usage parameter with the Custom, Internal, Internet or Partner switch.", 'ArgumentException');
    const usageText = ctx.params.has('Usage') ? ctx.params.str('Usage') : (switches[0] ?? 'Custom');
    const usage = USAGES.find((u) => same(u, usageText));
    if (!usage) throw error(ctx, `Cannot process argument transformation on parameter 'Usage'. Cannot convert value "${usageText}": valid values are Custom, Internal, Internet, Partner.`, 'ParameterBindingException');
    const dns = ctx.params.boolOr('DNSRoutingEnabled', true);
    if (!dns && ctx.params.strs('SmartHosts').length === 0) throw error(ctx, 'A send connector with DNS routing disabled needs smart hosts: set the SmartHosts parameter on the same command line.', 'ArgumentException');
    connectors.push({ name, addressSpaces: addressSpaces(ctx), sourceServers: sources(ctx), dnsRoutingEnabled: dns, usage, edgeSync: false });
  },

  'Set-SendConnector': (ctx) => {
    organizationOnly(ctx);
    const identity = ctx.params.need('Identity');
    const connector = storedSendConnectors(ctx.state).find((c) => same(c.name, identity));
    if (!connector) throw notFound(ctx, identity);
    if (connector.edgeSync) throw error(ctx, `${connector.name} was created by an Edge Subscription: change it by subscribing the Edge Transport server again.`);
    if (ctx.params.has('AddressSpaces')) connector.addressSpaces = addressSpaces(ctx);
    if (ctx.params.has('SourceTransportServers')) connector.sourceServers = sources(ctx);
    if (ctx.params.has('DNSRoutingEnabled')) connector.dnsRoutingEnabled = ctx.params.bool('DNSRoutingEnabled');
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Receive connectors
// ---------------------------------------------------------------------------------------------------------------

const PERMISSION_GROUPS = ['None', 'AnonymousUsers', 'ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers', 'Partners', 'Custom'] as const;

function receiveConnectorObject(host: LabHost, c: LabReceiveConnector): DoubleObject {
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector',
    Name: c.name,
    Identity: `${host.name}\\${c.name}`,
    Server: host.name,
    Bindings: [...c.bindings],
    // The flags enum's ToString: "ExchangeUsers, ExchangeServers, ExchangeLegacyServers".
    PermissionGroups: c.permissionGroups.length === 0 ? 'None' : c.permissionGroups.join(', '),
    Enabled: true,
  };
}

function transportServers(ctx: DoubleContext): LabHost[] {
  return ctx.state.hosts.filter((h) => h.exchangeRoles.includes('ht') || h.exchangeRoles.includes('et'));
}

/** The connector an identity names: "SERVER\Name", or the name alone on the local server. */
function oneReceiveConnector(ctx: DoubleContext, identity: string, stored: boolean): { host: LabHost; connector: LabReceiveConnector } {
  const slash = identity.indexOf('\\');
  const host = slash < 0 ? ctx.host : transportServers(ctx).find((h) => sameName(h, identity.slice(0, slash)));
  const name = slash < 0 ? identity : identity.slice(slash + 1);
  if (!host) throw notFound(ctx, identity);
  const list = stored ? storedReceiveConnectors(host) : receiveConnectorsView(host);
  const connector = list.find((c) => same(c.name, name));
  if (!connector) throw notFound(ctx, identity);
  return { host, connector };
}

const receiveConnectors: DoubleHandlers = {
  'Get-ReceiveConnector': (ctx) => {
    if (ctx.params.has('Identity')) {
      const { host, connector } = oneReceiveConnector(ctx, ctx.params.str('Identity'), false);
      return [receiveConnectorObject(host, connector)];
    }
    const hosts = ctx.params.has('Server') ? transportServers(ctx).filter((h) => sameName(h, ctx.params.str('Server'))) : onEdge(ctx) ? [ctx.host] : transportServers(ctx).filter((h) => h.exchangeRoles.includes('ht'));
    if (hosts.length === 0 && ctx.params.has('Server')) throw notFound(ctx, ctx.params.str('Server'));
    return hosts.flatMap((h) => receiveConnectorsView(h).map((c) => receiveConnectorObject(h, c)));
  },

  'Set-ReceiveConnector': (ctx) => {
    const { connector } = oneReceiveConnector(ctx, ctx.params.need('Identity'), true);
    if (!ctx.params.has('PermissionGroups')) return;
    const groups = ctx.params
      .strs('PermissionGroups')
      .flatMap((g) => g.split(','))
      .map((g) => g.trim())
      .filter((g) => g !== '');
    const known = groups.map((g) => PERMISSION_GROUPS.find((p) => same(p, g)));
    const bad = groups.find((_, i) => known[i] === undefined);
    if (bad !== undefined) {
      throw error(ctx, `Cannot process argument transformation on parameter 'PermissionGroups'. Cannot convert value "${bad}" to type "Microsoft.Exchange.Data.PermissionGroups". Valid values: ${PERMISSION_GROUPS.join(', ')}.`, 'ParameterBindingException');
    }
    connector.permissionGroups = [...new Set(known.filter((g): g is (typeof PERMISSION_GROUPS)[number] => g !== undefined && g !== 'None'))];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Edge Subscriptions and EdgeSync
// ---------------------------------------------------------------------------------------------------------------

const edgeSync: DoubleHandlers = {
  'New-EdgeSubscription': (ctx) => {
    if (onEdge(ctx)) {
      if (ctx.params.has('FileData') || ctx.params.has('Site')) throw error(ctx, 'The FileData and Site parameters can only be used when you run the command on a Hub Transport server.', 'ArgumentException');
      const path = ctx.params.str('FileName');
      if (path === '') throw error(ctx, 'On an Edge Transport server, New-EdgeSubscription needs the FileName parameter: the path of the Edge Subscription file to write.', 'ArgumentException');
      const folder = path.slice(0, Math.max(0, path.lastIndexOf('\\')));
      if (folder.length > 2 && windowsItem(ctx.host, folder) === null) {
        throw error(ctx, `Could not find a part of the path '${path}'.`, 'DirectoryNotFoundException', path);
      }
      if (!ctx.params.bool('Force')) {
        ctx.warn('If you create an Edge Subscription, this Edge Transport server will be managed via EdgeSync replication: accepted domains, message classifications, remote domains and send connectors created by hand are deleted.');
      }
      writeLabFile(ctx.host, path, edgeSubscriptionFileText(ctx.host));
      return;
    }
    organizationOnly(ctx);
    if (ctx.params.has('FileName')) throw error(ctx, 'The FileName parameter can only be used when you run the command on an Edge Transport server: import the file here with -FileData.', 'ArgumentException');
    if (!ctx.params.has('FileData')) throw error(ctx, 'The FileData parameter is required on a Hub Transport server: the bytes of the Edge Subscription file.', 'ArgumentException');
    const site = ctx.params.str('Site');
    if (site === '') throw error(ctx, 'The Site parameter is required on a Hub Transport server: the Active Directory site to subscribe the Edge Transport server to.', 'ArgumentException');
    fromLab(ctx, importEdgeSubscription(ctx.state, fileDataText(ctx), site));
  },

  'Get-EdgeSubscription': (ctx) => {
    const identity = ctx.params.str('Identity');
    const list = edgeSubscriptionsView(ctx.state).filter((s) => identity === '' || same(s.name, identity));
    if (list.length === 0 && identity !== '') throw notFound(ctx, identity);
    return list.map((s) => ({
      __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.EdgeSubscription',
      Name: s.name,
      Identity: s.name,
      Site: siteId(ctx.state, s.site),
      Domain: s.fqdn.includes('.') ? s.fqdn.slice(s.fqdn.indexOf('.') + 1) : '',
    }));
  },

  'Start-EdgeSynchronization': (ctx) => {
    organizationOnly(ctx);
    const server = ctx.params.has('Server') ? exchangeServers(ctx.state).find((h) => sameName(h, ctx.params.str('Server'))) : ctx.host;
    if (!server) throw notFound(ctx, ctx.params.str('Server'));
    if (!server.exchangeRoles.includes('ht')) throw error(ctx, `${server.name} isn't a Hub Transport server: EdgeSync runs on Hub Transport servers.`);
    const target = ctx.params.str('TargetServer');
    const edges = edgeSubscriptionsView(ctx.state).filter((s) => target === '' || same(s.name, target) || same(s.fqdn, target));
    if (edges.length === 0) throw error(ctx, target === '' ? 'There are no Edge Subscriptions in this organization.' : `There is no Edge Subscription for ${target}.`);
    for (const e of edges) fromLab(ctx, synchronizeEdge(ctx.state, e.name));
    return edges.map((e) => ({ __type: 'Microsoft.Exchange.EdgeSync.Common.Internal.Status', Result: 'Success', Type: 'Configuration', Name: e.name, FailureDetails: '' }));
  },

  'Test-EdgeSynchronization': (ctx) => {
    organizationOnly(ctx);
    const target = ctx.params.str('TargetServer');
    return edgeSubscriptionsView(ctx.state)
      .filter((s) => target === '' || same(s.name, target) || same(s.fqdn, target))
      .map((s) => {
        const normal = edgeSynchronized(ctx.state, s.name);
        return {
          __type: 'Microsoft.Exchange.Management.SystemConfigurationTasks.EdgeSubscriptionStatus',
          Name: s.name,
          SyncStatus: normal ? 'Normal' : 'Failed',
          FailureDetail: normal ? '' : 'EdgeSync has not synchronized this Edge Transport server yet.',
          TransportConfigStatus: normal ? 'Synchronized' : 'NotSynchronized',
          AcceptedDomainStatus: normal ? 'Synchronized' : 'NotSynchronized',
          SendConnectorStatus: normal ? 'Synchronized' : 'NotSynchronized',
        };
      });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// POP3 / IMAP4
// ---------------------------------------------------------------------------------------------------------------

function casFor(ctx: DoubleContext): LabHost {
  const name = ctx.params.str('Server');
  const host = name === '' ? ctx.host : exchangeServers(ctx.state).find((h) => sameName(h, name));
  if (!host) throw notFound(ctx, name);
  if (!host.exchangeRoles.includes('ca')) throw error(ctx, `${host.name} isn't a Client Access server: the Microsoft Exchange ${ctx.command.includes('Pop') ? 'POP3' : 'IMAP4'} service runs on Client Access servers.`);
  return host;
}

function protocolHandlers(protocol: 'POP' | 'IMAP'): DoubleHandlers {
  const get = protocol === 'POP' ? 'Get-PopSettings' : 'Get-ImapSettings';
  const set = protocol === 'POP' ? 'Set-PopSettings' : 'Set-ImapSettings';
  const ports = protocol === 'POP' ? { ssl: 995, tls: 110 } : { ssl: 993, tls: 143 };
  return {
    [get]: (ctx) => {
      const host = casFor(ctx);
      const settings = protocolSettingsView(host, protocol);
      const fqdn = host.fqdn || host.name;
      return [
        {
          __type: protocol === 'POP' ? 'Microsoft.Exchange.Data.Directory.SystemConfiguration.Pop3AdConfiguration' : 'Microsoft.Exchange.Data.Directory.SystemConfiguration.Imap4AdConfiguration',
          Name: '1',
          Server: host.name,
          X509CertificateName: settings.x509CertificateName,
          SSLBindings: [`0.0.0.0:${ports.ssl}`],
          UnencryptedOrTLSBindings: [`0.0.0.0:${ports.tls}`],
          InternalConnectionSettings: [`${fqdn}:${ports.ssl}:SSL`, `${fqdn}:${ports.tls}:TLS`],
          LoginType: 'SecureLogin',
        },
      ];
    },
    [set]: (ctx) => {
      const host = casFor(ctx);
      if (ctx.params.has('X509CertificateName')) storedProtocolSettings(host, protocol).x509CertificateName = ctx.params.str('X509CertificateName');
      ctx.warn(`Changes to ${protocol === 'POP' ? 'POP3' : 'IMAP4'} settings will only take effect after all Microsoft Exchange ${protocol === 'POP' ? 'POP3' : 'IMAP4'} services are restarted on server ${host.name}.`);
    },
  };
}

export const mailFlowCmdlets: DoubleHandlers = {
  ...acceptedDomains,
  ...emailAddressPolicies,
  ...sendConnectors,
  ...receiveConnectors,
  ...edgeSync,
  ...protocolHandlers('POP'),
  ...protocolHandlers('IMAP'),
};
