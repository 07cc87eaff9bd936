// Exchange 2010 SP3 cmdlets of the host double (powershell/host-double/Exchange/ExTopo.Exchange2010.psm1): what each
// does to the lab world. Changes a runbook action also makes go through the lab's effects (applyThroughLab: one model
// of what Exchange refuses and with which words); the rest is modelled here on the lab state.
//
// Errors are NON-terminating, as the admin sees them from a remote Exchange shell: implicit remoting writes the remote
// command's errors to the caller's error stream, and only an explicit -ErrorAction Stop on the command makes one stop
// the script (the caller's $ErrorActionPreference does not reach it). The PowerShell side applies -ErrorAction.
import { MAX_LAG_DAYS } from '../../../shared/planner/limits';
import { dagByName, dagOf, databaseByName } from '../checks';
import { exchangeServerState, parseTimeSpanDays, productKeyEdition, storedMailboxes, systemMailboxes } from '../exchangeState';
import type { LabMailbox } from '../exchangeState';
import { findHost, sameName } from '../state';
import type { LabDag, LabDatabase, LabDatabaseCopy, LabHost, LabState } from '../state';
import { applyThroughLab, identityOf } from './context';
import type { DoubleContext, DoubleHandlers } from './context';
import {
  casInSite,
  clientAccessArrayObject,
  clientAccessServerObject,
  copyStatusObject,
  copyStatusText,
  dagNetworkObject,
  dagObject,
  dcName,
  exchangeServerObject,
  exchangeServers,
  mailboxDatabaseObject,
  mailboxServerObject,
  orderedCopies,
} from './exchangeObjects';
import { namespaceCmdlets } from './exchangeNamespace';
import { mailFlowCmdlets } from './exchangeMailFlow';
import { DoubleError } from './protocol';
import type { DoubleObject, WireValue } from './protocol';

// ---------------------------------------------------------------------------------------------------------------
// Lookups and errors
// ---------------------------------------------------------------------------------------------------------------

/** An Exchange error as the remote shell shows it: non-terminating, FullyQualifiedErrorId "<Exception>,<Cmdlet>". */
export function exchangeError(ctx: DoubleContext, message: string, exception = 'InvalidOperationException', target = ''): DoubleError {
  return new DoubleError(message, { errorId: `${exception},Microsoft.Exchange.Management.${ctx.command.replace(/-/g, '')}`, category: 'NotSpecified', target });
}

/** "The operation couldn't be performed because object 'X' couldn't be found on 'dc01.contoso.com'." */
export function notFound(ctx: DoubleContext, identity: string): DoubleError {
  return exchangeError(ctx, `The operation couldn't be performed because object '${identity}' couldn't be found on '${dcName(ctx.state)}'.`, 'ManagementObjectNotFoundException', identity);
}

/** Identity texts may use wildcards (*, ?) where the real cmdlet accepts them. */
export function glob(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase();
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** The __type of an object that came through the pipeline ('' for strings). */
function wireType(value: WireValue | undefined): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const t = (value as { readonly [key: string]: WireValue }).__type;
    return typeof t === 'string' ? t : '';
  }
  return '';
}

/** Exchange servers an identity designates (name, FQDN, wildcard); the local server when none is given. */
export function serversFor(ctx: DoubleContext, identity: string, filter: (h: LabHost) => boolean = () => true): LabHost[] {
  const all = exchangeServers(ctx.state).filter(filter);
  if (identity === '') return all;
  if (/[*?]/.test(identity)) return all.filter((h) => glob(identity, h.name) || glob(identity, h.fqdn));
  return all.filter((h) => sameName(h, identity));
}

/** One server (a Mailbox server for -MailboxServer parameters), or the not-found error. */
export function oneServer(ctx: DoubleContext, identity: string, filter: (h: LabHost) => boolean = () => true): LabHost {
  const host = serversFor(ctx, identity, filter)[0];
  if (!host) throw notFound(ctx, identity);
  return host;
}

const isMailbox = (h: LabHost): boolean => h.exchangeRoles.includes('mb');
const isCas = (h: LabHost): boolean => h.exchangeRoles.includes('ca');

function databasesMatching(state: LabState, identity: string): LabDatabase[] {
  if (identity === '') return [...state.databases];
  return state.databases.filter((d) => glob(identity, d.name));
}

export function oneDatabase(ctx: DoubleContext, identity: string): LabDatabase {
  const db = databaseByName(ctx.state, identity);
  if (!db) throw notFound(ctx, identity);
  return db;
}

/** A database copy identity "DB\SERVER". */
function oneCopy(ctx: DoubleContext, identity: string): { db: LabDatabase; copy: LabDatabaseCopy } {
  const slash = identity.lastIndexOf('\\');
  if (slash < 0) throw exchangeError(ctx, `The database copy identity '${identity}' isn't valid: give it as <database>\\<server>.`, 'ArgumentException', identity);
  const db = oneDatabase(ctx, identity.slice(0, slash));
  const server = identity.slice(slash + 1);
  const host = findHost(ctx.state, server);
  const copy = db.copies.find((c) => (host ? c.server === host.name : c.server.toLowerCase() === server.toLowerCase()));
  if (!copy) throw notFound(ctx, identity);
  return { db, copy };
}

function oneDag(ctx: DoubleContext, identity: string): LabDag {
  const dag = dagByName(ctx.state, identity);
  if (!dag) throw notFound(ctx, identity);
  return dag;
}

function reachable(ctx: DoubleContext, host: LabHost): boolean {
  return ctx.world.reachable(host) && !ctx.world.hostFault(host, 'unreachable');
}

/** A change on another server that does not answer: what Exchange's RPC to it says. */
function rpcDown(ctx: DoubleContext, host: LabHost): DoubleError {
  return exchangeError(ctx, `The Microsoft Exchange Replication service RPC failed on server ${host.name}: the RPC server is unavailable. (Exception from HRESULT: 0x800706BA)`, 'TaskServerException', host.name);
}

function lagDays(ctx: DoubleContext, name: string): number | null {
  if (!ctx.params.has(name)) return null;
  const days = parseTimeSpanDays(ctx.params.str(name));
  if (days === null) throw exchangeError(ctx, `Cannot process argument transformation on parameter '${name}'. Cannot convert value "${ctx.params.str(name)}" to type "Microsoft.Exchange.Data.EnhancedTimeSpan".`, 'ParameterBindingException');
  if (days < 0 || days > MAX_LAG_DAYS) throw exchangeError(ctx, `The value of ${name} must be between 00:00:00 and ${MAX_LAG_DAYS}.00:00:00.`, 'ArgumentOutOfRangeException');
  return days;
}

// ---------------------------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------------------------

const servers: DoubleHandlers = {
  'Get-ExchangeServer': (ctx) => {
    const domain = ctx.params.str('Domain');
    // Every server of the lab is in the organization's one domain.
    const list = domain === '' || ctx.state.org.adDomain.toLowerCase() === domain.toLowerCase() ? serversFor(ctx, ctx.params.str('Identity')) : [];
    if (list.length === 0 && ctx.params.str('Identity') !== '' && !/[*?]/.test(ctx.params.str('Identity'))) throw notFound(ctx, ctx.params.str('Identity'));
    return list.map((h) => exchangeServerObject(ctx.state, h, ctx.params.bool('Status')));
  },

  'Set-ExchangeServer': (ctx) => {
    const host = oneServer(ctx, ctx.params.need('Identity'));
    if (!ctx.params.has('ProductKey')) return;
    const key = ctx.params.str('ProductKey').trim().toUpperCase();
    const edition = productKeyEdition(ctx.state, key);
    if (edition === null) {
      throw exchangeError(ctx, `Cannot process argument transformation on parameter 'ProductKey'. The product key '${key}' isn't valid: a product key has 25 characters in five groups of five (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX).`, 'ParameterBindingException', key);
    }
    const ex = exchangeServerState(host);
    if (ex.licensedEdition === 'Enterprise' && edition === 'Standard') {
      throw exchangeError(ctx, `The product key can't be applied to server ${host.name}: downgrading from Enterprise Edition to Standard Edition isn't supported.`, 'InvalidOperationException', host.name);
    }
    ex.productKey = key;
    ex.licensedEdition = edition;
    if (host.exchangeRoles.includes('mb')) {
      ctx.warn(`The product key has been validated and the product ID has been successfully created. You must restart the Microsoft Exchange Information Store service for the change to take effect on ${host.name}.`);
    }
  },

  'Get-MailboxServer': (ctx) => {
    const identity = ctx.params.str('Identity');
    const list = serversFor(ctx, identity, isMailbox);
    if (list.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return list.map((h) => mailboxServerObject(ctx.state, h));
  },

  'Set-MailboxServer': (ctx) => {
    const host = oneServer(ctx, ctx.params.need('Identity'), isMailbox);
    const ex = exchangeServerState(host);
    if (ctx.params.has('DatabaseCopyAutoActivationPolicy')) {
      const value = ctx.params.str('DatabaseCopyAutoActivationPolicy');
      const policy = (['Unrestricted', 'IntrasiteOnly', 'Blocked'] as const).find((p) => p.toLowerCase() === value.toLowerCase());
      if (!policy) throw exchangeError(ctx, `Cannot process argument transformation on parameter 'DatabaseCopyAutoActivationPolicy'. The value '${value}' isn't valid: use Unrestricted, IntrasiteOnly or Blocked.`, 'ParameterBindingException');
      ex.databaseCopyAutoActivationPolicy = policy;
    }
    if (ctx.params.has('DatabaseCopyActivationDisabledAndMoveNow')) ex.databaseCopyActivationDisabledAndMoveNow = ctx.params.bool('DatabaseCopyActivationDisabledAndMoveNow');
  },

  'Get-ClientAccessServer': (ctx) => {
    const identity = ctx.params.str('Identity');
    const list = serversFor(ctx, identity, isCas);
    if (list.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return list.map((h) => clientAccessServerObject(ctx.state, h));
  },

  'Set-ClientAccessServer': (ctx) => {
    const host = oneServer(ctx, ctx.params.need('Identity'), isCas);
    const ex = exchangeServerState(host);
    if (ctx.params.has('AutoDiscoverServiceInternalUri') || ctx.params.raw('AutoDiscoverServiceInternalUri') === null) {
      const uri = ctx.params.str('AutoDiscoverServiceInternalUri');
      if (uri !== '' && !/^https?:\/\/[^/\s]+/i.test(uri)) throw exchangeError(ctx, `Cannot process argument transformation on parameter 'AutoDiscoverServiceInternalUri'. Cannot convert value "${uri}" to type "System.Uri".`, 'ParameterBindingException');
      ex.autoDiscoverServiceInternalUri = uri;
    }
    if (ctx.params.has('AutoDiscoverSiteScope')) ex.autoDiscoverSiteScope = ctx.params.strs('AutoDiscoverSiteScope');
  },

  'Get-OrganizationConfig': (ctx) => {
    const name = ctx.state.org.name ?? ctx.state.org.designName;
    return [
      {
        __type: 'Microsoft.Exchange.Data.Directory.Management.OrganizationConfig',
        Name: name,
        Identity: name,
        DistinguishedName: `CN=${name},CN=Microsoft Exchange,CN=Services,CN=Configuration,${ctx.state.org.adDomain
          .split('.')
          .map((p) => `DC=${p}`)
          .join(',')}`,
        IsMixedMode: false,
        ExchangeVersion: '0.10 (14.0.100.0)',
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Client Access arrays
// ---------------------------------------------------------------------------------------------------------------

const casArrays: DoubleHandlers = {
  'Get-ClientAccessArray': (ctx) => {
    const identity = ctx.params.str('Identity');
    const site = ctx.params.str('Site');
    if (site !== '' && !ctx.state.org.sites.some((s) => s.toLowerCase() === site.toLowerCase())) throw notFound(ctx, site);
    const list = ctx.state.casArrays.filter((a) => (identity === '' || glob(identity, a.name) || a.fqdn.toLowerCase() === identity.toLowerCase()) && (site === '' || a.site.toLowerCase() === site.toLowerCase()));
    if (list.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return list.map((a) => clientAccessArrayObject(ctx.state, a));
  },

  'New-ClientAccessArray': (ctx) => {
    const fqdn = ctx.params.need('Fqdn');
    const site = ctx.params.need('Site');
    // Without -Name the array is named after the first label of its FQDN (documented example).
    const name = ctx.params.str('Name') || fqdn.split('.')[0];
    applyThroughLab(ctx, { kind: 'new-cas-array', name, site, fqdn }, { errorId: 'InvalidOperationException,Microsoft.Exchange.Management.NewClientAccessArray' });
    const array = ctx.state.casArrays.find((a) => a.name === name);
    return array ? [clientAccessArrayObject(ctx.state, array)] : [];
  },

  'Set-ClientAccessArray': (ctx) => {
    const identity = ctx.params.need('Identity');
    const index = ctx.state.casArrays.findIndex((a) => a.name.toLowerCase() === identity.toLowerCase() || a.fqdn.toLowerCase() === identity.toLowerCase());
    if (index < 0) throw notFound(ctx, identity);
    const array = ctx.state.casArrays[index];
    const site = ctx.params.str('Site') || array.site;
    if (!ctx.state.org.sites.some((s) => s.toLowerCase() === site.toLowerCase())) throw notFound(ctx, site);
    const other = ctx.state.casArrays.find((a, i) => i !== index && a.site.toLowerCase() === site.toLowerCase());
    if (other) throw exchangeError(ctx, `Active Directory site '${site}' already has the client access array '${other.name}' (${other.fqdn}); a site has at most one.`);
    ctx.state.casArrays[index] = { name: ctx.params.str('Name') || array.name, site, fqdn: ctx.params.str('Fqdn') || array.fqdn };
  },

  'Remove-ClientAccessArray': (ctx) => {
    const identity = ctx.params.need('Identity');
    const index = ctx.state.casArrays.findIndex((a) => a.name.toLowerCase() === identity.toLowerCase() || a.fqdn.toLowerCase() === identity.toLowerCase());
    if (index < 0) throw notFound(ctx, identity);
    ctx.state.casArrays.splice(index, 1);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Mailbox databases
// ---------------------------------------------------------------------------------------------------------------

const databases: DoubleHandlers = {
  'Get-MailboxDatabase': (ctx) => {
    const raw = ctx.params.raw('Identity');
    let serverName = ctx.params.str('Server');
    let identity = ctx.params.str('Identity');
    // A server object piped in (Get-MailboxServer | Get-MailboxDatabase) binds to -Server on the real cmdlet.
    if (/Server$/.test(wireType(raw))) {
      serverName = identity;
      identity = '';
    }
    const status = ctx.params.bool('Status');
    if (serverName !== '') {
      const host = oneServer(ctx, serverName);
      return ctx.state.databases.filter((d) => d.copies.some((c) => c.server === host.name)).map((d) => mailboxDatabaseObject(ctx.world, d, status));
    }
    const list = databasesMatching(ctx.state, identity);
    if (list.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return list.map((d) => mailboxDatabaseObject(ctx.world, d, status));
  },

  'New-MailboxDatabase': (ctx) => {
    const name = ctx.params.need('Name');
    const server = oneServer(ctx, ctx.params.need('Server'), isMailbox);
    if (databaseByName(ctx.state, name)) throw exchangeError(ctx, `A mailbox database named '${name}' already exists in the organization; database names are unique.`, 'ADObjectAlreadyExistsException', name);
    const folder = `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${name}`;
    const edbFilePath = ctx.params.str('EdbFilePath') || `${folder}\\${name}.edb`;
    const logFolderPath = ctx.params.str('LogFolderPath') || folder;
    applyThroughLab(ctx, { kind: 'new-mailbox-database', name, server: server.name, edbFilePath, logFolderPath });
    const db = databaseByName(ctx.state, name);
    if (!db) return [];
    // New-MailboxDatabase creates the AD object only: the database is dismounted, and the store on the server sees
    // it once AD replication reaches it.
    db.mounted = false;
    db.awaitingAdReplication = true;
    ctx.warn(`Please restart the Microsoft Exchange Information Store service on server ${server.name} after adding new mailbox databases.`);
    return [mailboxDatabaseObject(ctx.world, db, false)];
  },

  'Set-MailboxDatabase': (ctx) => {
    const db = oneDatabase(ctx, ctx.params.need('Identity'));
    if (ctx.params.has('RpcClientAccessServer')) {
      const fqdn = ctx.params.str('RpcClientAccessServer');
      // The lab's set-rpc-client-access changes every database of a server: keep the others as they were.
      const others = ctx.state.databases.filter((d) => d !== db).map((d) => [d, d.rpcClientAccessServer] as const);
      try {
        applyThroughLab(ctx, { kind: 'set-rpc-client-access', mailboxServer: db.activeServer, fqdn, exceptDatabases: [] });
      } finally {
        for (const [d, value] of others) d.rpcClientAccessServer = value;
      }
      db.rpcClientAccessServer = fqdn;
    }
    if (ctx.params.has('Name')) {
      const name = ctx.params.str('Name');
      if (databaseByName(ctx.state, name) && name.toLowerCase() !== db.name.toLowerCase()) throw exchangeError(ctx, `A mailbox database named '${name}' already exists in the organization.`, 'ADObjectAlreadyExistsException', name);
      (db as { name: string }).name = name;
    }
  },

  'Remove-MailboxDatabase': (ctx) => {
    const db = oneDatabase(ctx, ctx.params.need('Identity'));
    if (systemMailboxes(ctx.state).some((m) => m.database === db.name)) {
      throw exchangeError(
        ctx,
        `This mailbox database contains one or more mailboxes, mailbox plans, archive mailboxes, or arbitration mailboxes. To get a list of all mailboxes in this database, run the command Get-Mailbox -Database <Database ID>. To get a list of all arbitration mailboxes in this database, run the command Get-Mailbox -Database <Database ID> -Arbitration. To disable a non-arbitration mailbox so that you can delete the mailbox database, run the command Disable-Mailbox <Mailbox ID>. Arbitration mailboxes should be moved to another server; to do this, run the command New-MoveRequest <parameters>.`,
        'AssociatedUserMailboxExistException',
        db.name,
      );
    }
    if (db.copies.length > 1) {
      throw exchangeError(
        ctx,
        `Database '${db.name}' has ${db.copies.length - 1} passive copies. Remove them with Remove-MailboxDatabaseCopy before you remove the database.`,
        'InvalidOperationException',
        db.name,
      );
    }
    ctx.state.databases.splice(ctx.state.databases.indexOf(db), 1);
    ctx.warn(`The specified database has been removed. You must remove the database file located in ${db.edbFilePath} from your computer manually if it exists. Specified database: ${db.name}`);
  },

  'Move-DatabasePath': (ctx) => {
    const db = oneDatabase(ctx, ctx.params.need('Identity'));
    if (db.copies.length > 1) {
      throw exchangeError(ctx, `Database '${db.name}' is replicated (it has ${db.copies.length} copies): remove its passive copies before you move its files, and add them again afterwards.`, 'InvalidOperationException', db.name);
    }
    const edb = ctx.params.str('EdbFilePath');
    const logs = ctx.params.str('LogFolderPath');
    if (edb !== '' && !/^[A-Za-z]:\\.+\.edb$/i.test(edb)) throw exchangeError(ctx, `The path '${edb}' isn't a valid database file path: give a full local path ending in .edb.`, 'ArgumentException');
    // The database is dismounted while its files move, then mounted again (unless -ConfigurationOnly).
    const mutable = db as { edbFilePath: string; logFolderPath: string };
    if (edb !== '') mutable.edbFilePath = edb;
    if (logs !== '') mutable.logFolderPath = logs;
  },

  'Mount-Database': (ctx) => {
    const db = oneDatabase(ctx, ctx.params.need('Identity'));
    const active = findHost(ctx.state, db.activeServer);
    if (!active || !reachable(ctx, active)) {
      throw exchangeError(ctx, `Couldn't mount the database that you specified. Specified database: ${db.name}; Error code: MapiExceptionNetworkError: Unable to make admin interface connection to server. (hr=0x80040115, ec=-2147221227)`, 'InvalidOperationException', db.name);
    }
    if (db.awaitingAdReplication) {
      // The store on the server has not yet seen the new database in Active Directory: the first attempt fails.
      db.awaitingAdReplication = false;
      throw exchangeError(ctx, `Couldn't mount the database that you specified. Specified database: ${db.name}; Error code: MapiExceptionNotFound: Unable to mount database. (hr=0x8004010f, ec=-2147221233)`, 'InvalidOperationException', db.name);
    }
    db.mounted = true;
  },

  'Dismount-Database': (ctx) => {
    const db = oneDatabase(ctx, ctx.params.need('Identity'));
    db.mounted = false;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Database availability groups
// ---------------------------------------------------------------------------------------------------------------

const dags: DoubleHandlers = {
  'Get-DatabaseAvailabilityGroup': (ctx) => {
    const identity = ctx.params.str('Identity');
    const list = identity === '' ? ctx.state.dags : ctx.state.dags.filter((d) => glob(identity, d.name));
    if (list.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return list.map((d) => dagObject(ctx.world, d, ctx.params.bool('Status')));
  },

  'New-DatabaseAvailabilityGroup': (ctx) => {
    const name = ctx.params.need('Name');
    applyThroughLab(ctx, {
      kind: 'new-dag',
      name,
      witnessServer: ctx.params.str('WitnessServer'),
      witnessDirectory: ctx.params.str('WitnessDirectory'),
      ipAddresses: ctx.params.strs('DatabaseAvailabilityGroupIpAddresses').flatMap((s) => s.split(',').map((p) => p.trim())).filter((s) => s !== ''),
    });
    const dag = dagByName(ctx.state, name);
    return dag ? [dagObject(ctx.world, dag, false)] : [];
  },

  'Set-DatabaseAvailabilityGroup': (ctx) => {
    const dag = oneDag(ctx, ctx.params.need('Identity'));
    const index = ctx.state.dags.indexOf(dag);
    const next: LabDag = {
      ...dag,
      witnessServer: ctx.params.has('WitnessServer') ? ctx.params.str('WitnessServer') : dag.witnessServer,
      witnessDirectory: ctx.params.has('WitnessDirectory') ? ctx.params.str('WitnessDirectory') : dag.witnessDirectory,
      ipAddresses: ctx.params.has('DatabaseAvailabilityGroupIpAddresses') ? ctx.params.strs('DatabaseAvailabilityGroupIpAddresses').flatMap((s) => s.split(',').map((p) => p.trim())) : dag.ipAddresses,
      alternateWitnessServer: ctx.params.has('AlternateWitnessServer') ? ctx.params.str('AlternateWitnessServer') : dag.alternateWitnessServer,
      alternateWitnessDirectory: ctx.params.has('AlternateWitnessDirectory') ? ctx.params.str('AlternateWitnessDirectory') : dag.alternateWitnessDirectory,
    };
    if (ctx.params.has('DatacenterActivationMode')) {
      // DatacenterActivationModeOption: Off or DagOnly (the parameter's enum; anything else fails its conversion).
      const mode = ['Off', 'DagOnly'].find((m) => m.toLowerCase() === ctx.params.str('DatacenterActivationMode').toLowerCase());
      if (!mode) {
        throw exchangeError(ctx, `Cannot process argument transformation on parameter 'DatacenterActivationMode'. Cannot convert value "${ctx.params.str('DatacenterActivationMode')}" to type "Microsoft.Exchange.Data.DatacenterActivationModeOption". Specify one of the following enumerator names and try again: Off, DagOnly`, 'ParameterBindingException', ctx.params.str('DatacenterActivationMode'));
      }
      next.datacenterActivationMode = mode as 'Off' | 'DagOnly';
    }
    for (const witness of [next.witnessServer, next.alternateWitnessServer ?? '']) {
      if (witness !== '' && !findHost(ctx.state, witness)) {
        throw exchangeError(ctx, `The witness server '${witness}' couldn't be found. Check its name and that it is registered in DNS.`, 'InvalidOperationException', witness);
      }
    }
    ctx.state.dags[index] = next;
  },

  'Add-DatabaseAvailabilityGroupServer': (ctx) => {
    applyThroughLab(ctx, { kind: 'add-dag-member', dag: ctx.params.need('Identity'), mailboxServer: ctx.params.need('MailboxServer') });
  },

  'Get-DatabaseAvailabilityGroupNetwork': (ctx) => {
    const identity = ctx.params.str('Identity');
    const out: DoubleObject[] = [];
    for (const dag of ctx.state.dags) {
      for (const network of dag.networks) {
        const id = `${dag.name}\\${network.name}`;
        if (identity === '' || glob(identity, id) || glob(identity, dag.name)) out.push(dagNetworkObject(ctx.world, dag, network));
      }
    }
    if (out.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return out;
  },

  'New-DatabaseAvailabilityGroupNetwork': (ctx) => {
    const dag = oneDag(ctx, ctx.params.need('DatabaseAvailabilityGroup'));
    const name = ctx.params.need('Name');
    if (dag.networks.some((n) => n.name.toLowerCase() === name.toLowerCase())) throw exchangeError(ctx, `The database availability group network '${dag.name}\\${name}' already exists.`, 'ADObjectAlreadyExistsException');
    const subnets = ctx.params.strs('Subnets').map((s) => s.replace(/^\{|,\w+\}$/g, ''));
    const taken = dag.networks.find((n) => n.subnets.some((s) => subnets.includes(s)));
    if (taken) throw exchangeError(ctx, `A subnet can belong to one network only: ${taken.subnets.join(', ')} is part of network '${dag.name}\\${taken.name}'.`);
    const network = { name, subnets, replicationEnabled: ctx.params.boolOr('ReplicationEnabled', true) };
    dag.networks.push(network);
    return [dagNetworkObject(ctx.world, dag, network)];
  },

  'Set-DatabaseAvailabilityGroupNetwork': (ctx) => {
    const identity = ctx.params.need('Identity');
    const slash = identity.indexOf('\\');
    const dag = oneDag(ctx, slash < 0 ? identity : identity.slice(0, slash));
    const network = dag.networks.find((n) => n.name.toLowerCase() === identity.slice(slash + 1).toLowerCase());
    if (slash < 0 || !network) throw notFound(ctx, identity);
    if (ctx.params.has('ReplicationEnabled')) {
      // The lab's dag-networks action, for this one network: its subnets are replication or MAPI-only subnets.
      const replication = ctx.params.bool('ReplicationEnabled');
      applyThroughLab(ctx, { kind: 'dag-networks', dag: dag.name, mapiSubnets: replication ? [] : [...network.subnets], replicationSubnets: replication ? [...network.subnets] : [] });
    }
    if (ctx.params.has('Subnets')) {
      const subnets = ctx.params.strs('Subnets').map((s) => s.replace(/^\{|,\w+\}$/g, ''));
      (network as { subnets: string[] }).subnets = subnets;
    }
    if (ctx.params.has('Name')) (network as { name: string }).name = ctx.params.str('Name');
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Database copies
// ---------------------------------------------------------------------------------------------------------------

/** Puts a copy at an activation preference and renumbers the others (1..n without gaps, as Exchange keeps them). */
function setPreference(ctx: DoubleContext, db: LabDatabase, copy: LabDatabaseCopy, preference: number): void {
  if (preference < 1 || preference > db.copies.length) {
    throw exchangeError(ctx, `The value ${preference} of ActivationPreference isn't valid for database '${db.name}': it must be between 1 and ${db.copies.length}, the number of its copies.`, 'ArgumentOutOfRangeException');
  }
  const others = orderedCopies(db).filter((c) => c !== copy);
  others.splice(preference - 1, 0, copy);
  others.forEach((c, i) => {
    c.activationPreference = i + 1;
  });
}

const copies: DoubleHandlers = {
  'Add-MailboxDatabaseCopy': (ctx) => {
    const db = oneDatabase(ctx, ctx.params.need('Identity'));
    const server = ctx.params.need('MailboxServer');
    const replayLag = lagDays(ctx, 'ReplayLagTime') ?? 0;
    const truncationLag = lagDays(ctx, 'TruncationLagTime') ?? 0;
    const requested = ctx.params.has('ActivationPreference') ? ctx.params.int('ActivationPreference') : db.copies.length + 1;
    if (requested > db.copies.length + 1) {
      throw exchangeError(ctx, `The value ${requested} of ActivationPreference isn't valid for database '${db.name}': it must be between 1 and ${db.copies.length + 1}.`, 'ArgumentOutOfRangeException');
    }
    applyThroughLab(ctx, { kind: 'add-database-copy', database: db.name, server, activationPreference: db.copies.length + 1, replayLagDays: replayLag, truncationLagDays: truncationLag });
    const host = findHost(ctx.state, server);
    const copy = db.copies.find((c) => c.server === host?.name);
    if (!copy) return;
    if (requested !== copy.activationPreference) setPreference(ctx, db, copy, requested);
    if (ctx.params.bool('SeedingPostponed')) {
      copy.suspended = true;
      copy.activationSuspended = true;
      copy.suspendComment = `Replication is suspended for database copy '${db.name}' because the database needs to be seeded.`;
    }
  },

  'Set-MailboxDatabaseCopy': (ctx) => {
    const { db, copy } = oneCopy(ctx, ctx.params.need('Identity'));
    const replay = lagDays(ctx, 'ReplayLagTime');
    const truncation = lagDays(ctx, 'TruncationLagTime');
    if (ctx.params.has('ActivationPreference')) setPreference(ctx, db, copy, ctx.params.int('ActivationPreference'));
    if (replay !== null) copy.replayLagDays = replay;
    if (truncation !== null) copy.truncationLagDays = truncation;
  },

  'Suspend-MailboxDatabaseCopy': (ctx) => {
    const { db, copy } = oneCopy(ctx, ctx.params.need('Identity'));
    if (db.activeServer === copy.server) {
      throw exchangeError(ctx, `The suspend operation can't proceed because database '${db.name}' on Exchange Mailbox server '${copy.server}' is the active mailbox database copy.`, 'InvalidOperationException', `${db.name}\\${copy.server}`);
    }
    const host = findHost(ctx.state, copy.server);
    if (host && !reachable(ctx, host)) throw rpcDown(ctx, host);
    copy.activationSuspended = true;
    if (!ctx.params.bool('ActivationOnly')) copy.suspended = true;
    if (ctx.params.has('SuspendComment')) copy.suspendComment = ctx.params.str('SuspendComment');
  },

  'Resume-MailboxDatabaseCopy': (ctx) => {
    const { db, copy } = oneCopy(ctx, ctx.params.need('Identity'));
    if (db.activeServer === copy.server) return;
    const host = findHost(ctx.state, copy.server);
    if (host && !reachable(ctx, host)) throw rpcDown(ctx, host);
    copy.suspended = false;
    if (!ctx.params.bool('ReplicationOnly')) copy.activationSuspended = false;
    if (!copy.suspended && !copy.activationSuspended) copy.suspendComment = undefined;
  },

  'Update-MailboxDatabaseCopy': (ctx) => {
    const { db, copy } = oneCopy(ctx, ctx.params.need('Identity'));
    if (ctx.params.bool('CancelSeed')) return;
    if (db.activeServer === copy.server) {
      throw exchangeError(ctx, `Database '${db.name}' on server '${copy.server}' is the active copy: it can't be seeded.`, 'InvalidOperationException');
    }
    const host = findHost(ctx.state, copy.server);
    if (host && !reachable(ctx, host)) throw rpcDown(ctx, host);
    // Seeding completes (a copy-initializing fault keeps the copy Initializing whatever is done); -ManualResume leaves it suspended.
    if (!ctx.params.bool('ManualResume')) {
      copy.suspended = false;
      copy.activationSuspended = false;
      copy.suspendComment = undefined;
    }
  },

  'Get-MailboxDatabaseCopyStatus': (ctx) => {
    const state = ctx.state;
    const raw = ctx.params.raw('Identity');
    let identity = ctx.params.str('Identity');
    if (wireType(raw).endsWith('MailboxDatabase')) identity = identityOf(raw);
    const serverName = ctx.params.str('Server');
    let pairs: { db: LabDatabase; copy: LabDatabaseCopy }[] = [];
    if (serverName !== '') {
      const host = oneServer(ctx, serverName, isMailbox);
      pairs = state.databases.flatMap((db) => db.copies.filter((c) => c.server === host.name).map((copy) => ({ db, copy })));
    } else if (identity === '' || identity === '*') {
      pairs = state.databases.flatMap((db) => db.copies.map((copy) => ({ db, copy })));
    } else if (identity.includes('\\')) {
      const slash = identity.lastIndexOf('\\');
      const dbPart = identity.slice(0, slash);
      const serverPart = identity.slice(slash + 1);
      const dbs = databasesMatching(state, dbPart);
      if (dbs.length === 0) throw notFound(ctx, identity);
      pairs = dbs.flatMap((db) => db.copies.filter((c) => glob(serverPart, c.server) || findHost(state, serverPart)?.name === c.server).map((copy) => ({ db, copy })));
      if (pairs.length === 0 && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    } else {
      const dbs = databasesMatching(state, identity);
      if (dbs.length === 0 && !/[*?]/.test(identity)) throw notFound(ctx, identity);
      pairs = dbs.flatMap((db) => db.copies.map((copy) => ({ db, copy })));
    }
    if (ctx.params.bool('Local')) pairs = pairs.filter((p) => p.copy.server === ctx.host.name);
    if (ctx.params.bool('Active')) pairs = pairs.filter((p) => p.db.activeServer === p.copy.server);
    return pairs.map((p) => copyStatusObject(ctx.world, p.db, p.copy));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Mailboxes (those setup creates: arbitration and discovery mailboxes) and moving them
// ---------------------------------------------------------------------------------------------------------------

function mailboxObject(ctx: DoubleContext, m: LabMailbox): DoubleObject {
  const db = databaseByName(ctx.state, m.database);
  return {
    __type: 'Microsoft.Exchange.Data.Directory.Management.Mailbox',
    Name: m.name,
    Alias: m.alias,
    DisplayName: m.displayName,
    Identity: `${ctx.state.org.adDomain}/Users/${m.name}`,
    Database: m.database,
    ServerName: (db?.activeServer ?? '').toLowerCase(),
    RecipientTypeDetails: m.recipientTypeDetails,
  };
}

function mailboxesFor(ctx: DoubleContext, identity: string, arbitration: boolean): LabMailbox[] {
  return systemMailboxes(ctx.state).filter((m) => (m.recipientTypeDetails === 'ArbitrationMailbox') === arbitration && (identity === '' || glob(identity, m.name) || glob(identity, m.alias) || glob(identity, m.displayName) || identity.endsWith(`/${m.name}`)));
}

const mailboxes: DoubleHandlers = {
  'Get-Mailbox': (ctx) => {
    const identity = ctx.params.str('Identity');
    let list = mailboxesFor(ctx, identity, ctx.params.bool('Arbitration'));
    if (ctx.params.has('Database')) {
      const db = oneDatabase(ctx, ctx.params.str('Database'));
      list = list.filter((m) => m.database === db.name);
    }
    if (ctx.params.has('Server')) {
      const host = oneServer(ctx, ctx.params.str('Server'), isMailbox);
      list = list.filter((m) => databaseByName(ctx.state, m.database)?.activeServer === host.name);
    }
    const size = ctx.params.str('ResultSize');
    if (size !== '' && size.toLowerCase() !== 'unlimited' && /^\d+$/.test(size)) list = list.slice(0, Number(size));
    if (list.length === 0 && identity !== '' && !/[*?]/.test(identity)) throw notFound(ctx, identity);
    return list.map((m) => mailboxObject(ctx, m));
  },

  'New-MoveRequest': (ctx) => {
    const identity = ctx.params.need('Identity');
    const mailbox = storedMailboxes(ctx.state).find((m) => glob(identity, m.name) || glob(identity, m.alias) || identity.endsWith(`/${m.name}`) || identity === m.displayName);
    if (!mailbox) throw notFound(ctx, identity);
    const target = ctx.params.has('TargetDatabase') ? oneDatabase(ctx, ctx.params.str('TargetDatabase')) : undefined;
    if (target && target.name === mailbox.database) throw exchangeError(ctx, `The mailbox '${mailbox.name}' is already in the target database '${target.name}'.`, 'RecipientTaskException', identity);
    const source = mailbox.database;
    // The lab's move completes at once (a real one is queued and done by the Mailbox Replication service).
    mailbox.database = (target ?? ctx.state.databases.find((d) => d.name !== source) ?? { name: source }).name;
    return [
      {
        __type: 'Microsoft.Exchange.Data.Directory.Management.MoveRequest',
        DisplayName: mailbox.displayName,
        Identity: `${ctx.state.org.adDomain}/Users/${mailbox.name}`,
        Alias: mailbox.alias,
        Status: 'Queued',
        SourceDatabase: source,
        TargetDatabase: mailbox.database,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------------

function outcome(server: LabHost, check: string, description: string, error: string): DoubleObject {
  return { __type: 'Microsoft.Exchange.Monitoring.ReplicationCheckOutcome', Server: server.name, Check: check, CheckDescription: description, Result: error === '' ? 'Passed' : 'Failed', Error: error === '' ? null : error };
}

function replicationHealth(ctx: DoubleContext, server: LabHost, dag: LabDag | undefined): DoubleObject[] {
  const state = ctx.state;
  const up = reachable(ctx, server);
  const clusterRunning = up && server.services.ClusSvc?.running === true;
  const notMember = dag ? '' : `${server.name} isn't a member of a database availability group.`;
  const out: DoubleObject[] = [
    outcome(server, 'ClusterService', 'Checks if the cluster service is healthy.', notMember || (clusterRunning ? '' : `The cluster service on ${server.name} isn't running.`)),
    outcome(server, 'ReplayService', 'Checks if the Microsoft Exchange Replication service is running.', up && server.services.MSExchangeRepl?.running !== false ? '' : 'The Microsoft Exchange Replication service is not running.'),
    outcome(server, 'ActiveManager', 'Checks that Active Manager is running and has a valid role.', notMember || (clusterRunning ? '' : 'Active Manager is in an unknown role.')),
    outcome(server, 'TasksRpcListener', 'Checks that the Tasks RPC Listener is running and is responding to remote requests.', up ? '' : `The Tasks RPC listener on ${server.name} isn't responding.`),
    outcome(server, 'TcpListener', 'Checks that the TCP Listener is running and is responding to requests.', up ? '' : `The TCP listener on ${server.name} isn't responding.`),
  ];
  if (dag) {
    const down = dag.members.filter((m) => {
      const h = findHost(state, m);
      return !h || !reachable(ctx, h);
    });
    out.push(outcome(server, 'DagMembersUp', 'Verifies that the members of a database availability group are up and running.', down.length > 0 ? `The following servers in the database availability group are not available: ${down.join(', ')}` : ''));
    out.push(outcome(server, 'ClusterNetwork', 'Checks that the networks are healthy.', ''));
    out.push(outcome(server, 'QuorumGroup', 'Checks that the quorum and witness for the database availability group is healthy.', down.length * 2 >= dag.members.length + (dag.members.length % 2 === 0 ? 1 : 0) ? 'The cluster has lost quorum.' : ''));
    if (dag.members.length % 2 === 0 && dag.witnessServer !== '') {
      const witness = findHost(state, dag.witnessServer);
      out.push(outcome(server, 'FileShareQuorum', 'Verifies that the path used for the file share witness can be reached.', witness && reachable(ctx, witness) ? '' : `The file share witness ${dag.witnessServer}\\${dag.witnessDirectory} can't be reached.`));
    }
    const copiesHere = state.databases.flatMap((db) => db.copies.filter((c) => c.server === server.name && db.activeServer !== server.name).map((copy) => ({ db, copy })));
    const named = (list: { db: LabDatabase; copy: LabDatabaseCopy }[]): string => list.map((p) => `${p.db.name}\\${p.copy.server}`).join(', ');
    const withStatus = copiesHere.map((p) => ({ ...p, status: copyStatusText(ctx.world, p.db, p.copy) }));
    const suspended = withStatus.filter((p) => p.status === 'Suspended' || p.status === 'FailedAndSuspended');
    const failed = withStatus.filter((p) => p.status === 'Failed' || p.status === 'FailedAndSuspended' || p.status === 'ServiceDown');
    const initializing = withStatus.filter((p) => p.status === 'Initializing');
    out.push(outcome(server, 'DBCopySuspended', 'Checks whether any mailbox database copies are in a state of Suspended.', suspended.length > 0 ? `The following database copies are suspended: ${named(suspended)}` : ''));
    out.push(outcome(server, 'DBCopyFailed', 'Checks whether any mailbox database copies are in a state of Failed.', failed.length > 0 ? `The following database copies have failed: ${named(failed)}` : ''));
    out.push(outcome(server, 'DBInitializing', 'Checks whether any mailbox database copies are in a state of Initializing.', initializing.length > 0 ? `The following database copies are initializing: ${named(initializing)}` : ''));
    out.push(outcome(server, 'DBDisconnected', 'Checks whether any mailbox database copies are in a state of Disconnected.', ''));
    out.push(outcome(server, 'DBLogCopyKeepingUp', 'Verifies log copying and inspection by the passive database copies.', ''));
    out.push(outcome(server, 'DBLogReplayKeepingUp', 'Verifies log replay by the passive database copies.', ''));
  }
  return out;
}

const tests: DoubleHandlers = {
  'Test-ReplicationHealth': (ctx) => {
    const identity = ctx.params.str('Identity');
    const server = identity === '' ? ctx.host : oneServer(ctx, identity, isMailbox);
    if (!server.exchangeRoles.includes('mb')) throw exchangeError(ctx, `${server.name} isn't a Mailbox server.`);
    return replicationHealth(ctx, server, dagOf(ctx.state, server));
  },

  'Test-MAPIConnectivity': (ctx) => {
    const state = ctx.state;
    let dbs: LabDatabase[];
    if (ctx.params.has('Identity')) {
      throw exchangeError(ctx, `The mailbox '${ctx.params.str('Identity')}' couldn't be found: the host double models no mailboxes; test with -Server or -Database.`, 'ManagementObjectNotFoundException');
    } else if (ctx.params.has('Database')) {
      dbs = [oneDatabase(ctx, ctx.params.str('Database'))];
    } else {
      const server = ctx.params.has('Server') ? oneServer(ctx, ctx.params.str('Server'), isMailbox) : ctx.host;
      dbs = state.databases.filter((d) => d.activeServer === server.name);
    }
    return dbs.map((db) => {
      const active = findHost(state, db.activeServer);
      const ok = db.mounted && active !== undefined && reachable(ctx, active);
      return {
        __type: 'Microsoft.Exchange.Monitoring.MapiTransactionOutcome',
        Server: db.activeServer,
        MailboxServer: db.activeServer,
        Database: db.name,
        Mailbox: `SystemMailbox{${db.name}}`,
        IsArchive: false,
        Result: ok ? 'Success' : 'Failure',
        Latency: ok ? '00:00:00.0156250' : '00:00:00',
        Error: ok ? null : `[Microsoft.Exchange.Data.Storage.MailboxOfflineException]: Cannot open mailbox /o=${state.org.name ?? state.org.designName}/cn=Microsoft System Attendant. The database ${db.name} is dismounted.`,
      };
    });
  },
};

export const exchangeCmdlets: DoubleHandlers = {
  ...servers,
  ...casArrays,
  ...databases,
  ...dags,
  ...copies,
  ...mailboxes,
  ...tests,
  ...namespaceCmdlets,
  ...mailFlowCmdlets,
};

/** Every cmdlet the Exchange double defines (the PowerShell module must define exactly these). */
export const EXCHANGE_CMDLET_NAMES: readonly string[] = Object.keys(exchangeCmdlets);

/** Database activation helpers other families may need (CAS array members for namespace checks). */
export { casInSite };
