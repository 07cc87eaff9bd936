// External programs of the host double (kind 'native'): Exchange 2010 SP3's setup.com, netsh.exe, net.exe,
// nslookup.exe, schtasks.exe, msiexec.exe and installers (FilterPack64bit.exe), plus Start-Process for Windows paths.
// Their failures are exit codes and printed lines, as the real programs', never exceptions (a host that does not
// answer is the exception: PowerShell remoting breaks). dnscmd.exe lives in dns.ts.
//
// setup.com's switches: "Install Exchange 2010 using unattended setup mode" and "Prepare Active Directory and
// domains" (Exchange 2010 documentation, learn.microsoft.com/previous-versions/office/exchange-server-2010/aa997281 and
// bb125224). /IAcceptExchangeServerLicenseTerms belongs to Exchange 2013 and later: 2010's setup rejects it.
import type { OutputStream } from '../../executor/transport';
import type { SetupRole, StepAction } from '../../../shared/runbook/actions';
import { applyActionEffect } from '../effects';
import { SETUP_MEDIA_BUILD } from '../exchangeState';
import { EXCHANGE_2010_SP3_AD, EXCHANGE_TRUSTED_SUBSYSTEM, FILTER_PACK_PRODUCT } from '../knowledge';
import type { LabHost, LabScheduledTask } from '../state';
import type { DoubleContext, DoubleHandlers } from './context';
import { dnscmd, dnscmdAvailable, dnsServerAddress, namedDnsServer } from './dns';
import { DoubleError } from './protocol';
import type { DoubleObject } from './protocol';
import { addressesOf, fail, hostAnswers, netbiosDomain, restartHost, windowsItem } from './windows';

/** Where a program runs: in the WinRM remote shell of the step (its memory quota applies) or as a scheduled task. */
type RunContext = 'remote' | 'task';

interface Run {
  readonly ctx: DoubleContext;
  readonly host: LabHost;
  readonly print: (line: string) => void;
  readonly context: RunContext;
}

function leafOf(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).toLowerCase();
}

function folderOf(path: string): string {
  const i = path.replace(/\//g, '\\').lastIndexOf('\\');
  return i <= 0 ? path : path.slice(0, i === 2 && path[1] === ':' ? 3 : i);
}

// ---------------------------------------------------------------------------------------------------------------
// setup.com (Exchange 2010 SP3)
// ---------------------------------------------------------------------------------------------------------------

/** setup.com's switches and their short forms ("setup /?"). */
const SETUP_SWITCHES: Readonly<Record<string, string>> = {
  mode: 'mode', m: 'mode',
  roles: 'roles', role: 'roles', r: 'roles',
  prepareschema: 'prepareschema', ps: 'prepareschema',
  preparead: 'preparead', p: 'preparead',
  preparedomain: 'preparedomain', pd: 'preparedomain',
  preparealldomains: 'preparealldomains', pad: 'preparealldomains',
  preparelegacyexchangepermissions: 'preparelegacyexchangepermissions', pl: 'preparelegacyexchangepermissions',
  organizationname: 'organizationname', on: 'organizationname',
  targetdir: 'targetdir', t: 'targetdir',
  sourcedir: 'sourcedir', s: 'sourcedir',
  updatesdir: 'updatesdir', u: 'updatesdir',
  domaincontroller: 'domaincontroller', dc: 'domaincontroller',
  answerfile: 'answerfile', af: 'answerfile',
  donotstarttransport: 'donotstarttransport',
  enablelegacyoutlook: 'enablelegacyoutlook',
  legacyroutingserver: 'legacyroutingserver',
  externalcasserverdomain: 'externalcasserverdomain',
  enableerrorreporting: 'enableerrorreporting',
  noselfsignedcertificates: 'noselfsignedcertificates',
  adamldapport: 'adamldapport',
  adamsslport: 'adamsslport',
  addumlanguagepack: 'addumlanguagepack',
  removeumlanguagepack: 'removeumlanguagepack',
  newprovisionedserver: 'newprovisionedserver', nprs: 'newprovisionedserver',
  removeprovisionedserver: 'removeprovisionedserver', rprs: 'removeprovisionedserver',
  foreignforestfqdn: 'foreignforestfqdn',
  serveradminpassword: 'serveradminpassword',
  activedirectorysplitpermissions: 'activedirectorysplitpermissions',
  customerfeedbackenabled: 'customerfeedbackenabled',
  mdbname: 'mdbname',
  dbfilepath: 'dbfilepath',
  logfolderpath: 'logfolderpath',
  installwindowscomponents: 'installwindowscomponents',
  '?': 'help',
};

const ROLE_NAMES: Readonly<Record<string, SetupRole>> = {
  clientaccess: 'ca', ca: 'ca', c: 'ca',
  hubtransport: 'ht', ht: 'ht', h: 'ht',
  mailbox: 'mb', mb: 'mb', m: 'mb',
  unifiedmessaging: 'um', um: 'um', u: 'um',
  edgetransport: 'et', et: 'et', e: 'et',
  managementtools: 'mt', mt: 'mt', t: 'mt',
};

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) ? t.slice(1, -1) : t;
}

/** Applies an action through the lab's effects, printing what it prints; returns the error text or null. */
function throughLab(run: Run, action: StepAction): string | null {
  const out = (stream: OutputStream, line: string): void => {
    run.print(stream === 'warning' ? line.replace(/^WARNING:\s*/i, 'Warning: ') : line);
  };
  // A scheduled task runs on the host itself, outside any WinRM shell: no memory quota applies to it.
  const wsman = run.host.wsman;
  if (run.context === 'task') run.host.wsman = { ...wsman, shellMaxMemoryMb: Number.MAX_SAFE_INTEGER, pluginMaxMemoryMb: null };
  let result: ReturnType<typeof applyActionEffect>;
  try {
    result = applyActionEffect({ world: run.ctx.world, host: run.host, out }, action);
  } finally {
    run.host.wsman = wsman;
  }
  if (result.ok) return null;
  if (result.unreachable) throw new DoubleError(result.error, { errorId: 'JobFailure', category: 'OpenError', terminating: true, transport: true });
  return result.error.replace(/^[\w/.:-]+ : /, '');
}

function prepareAction(run: Run, media: string, organizationName: string): StepAction {
  return {
    kind: 'prepare-ad',
    organizationName,
    setupMediaPath: media,
    schemaVersion: EXCHANGE_2010_SP3_AD.schemaRangeUpper,
    organizationVersion: EXCHANGE_2010_SP3_AD.organizationObjectVersion,
    domainVersion: EXCHANGE_2010_SP3_AD.domainObjectVersion,
  };
}

function runSetup(run: Run, setupPath: string, args: readonly string[]): number {
  const { ctx, host, print } = run;
  const org = ctx.state.org;
  print('Welcome to Microsoft Exchange Server 2010 Unattended Setup');
  const options = new Map<string, string>();
  for (const raw of args) {
    const arg = unquote(raw);
    const m = /^[/-]([^:]+)(?::(.*))?$/.exec(arg);
    const name = m ? SETUP_SWITCHES[m[1].toLowerCase()] : undefined;
    if (!m || !name) {
      print(`The following parameter is not valid: ${arg}`);
      print('Run setup.com /? for the list of valid parameters.');
      return 1;
    }
    options.set(name, unquote(m[2] ?? ''));
  }
  if (options.size === 0 || options.has('help')) {
    print('Usage: setup.com /mode:<install|uninstall|upgrade|recoverserver> /roles:<roles> | /PrepareSchema | /PrepareAD [/OrganizationName:<name>] | /PrepareDomain[:<domain>] | /PrepareAllDomains');
    return 0;
  }
  const media = folderOf(setupPath);
  const orgName = options.get('organizationname') ?? '';
  const failed = (error: string): number => {
    print('');
    print(error);
    print(`The Exchange Server setup operation didn't complete. More details can be found in ExchangeSetup.log located in the <SystemDrive>:\\ExchangeSetupLogs folder.`);
    return 1;
  };
  const prepareWanted = options.has('prepareschema') || options.has('preparead') || options.has('preparedomain') || options.has('preparealldomains');
  if (prepareWanted) {
    const before = { name: org.name, schema: org.schemaVersion, orgVersion: org.orgObjectVersion, domain: org.domainObjectVersion };
    if (options.has('preparead')) {
      const name = orgName !== '' ? orgName : (org.name ?? '');
      if (name === '') return failed('The Exchange organization name is required: give /OrganizationName:<name> to the first /PrepareAD of the forest.');
      print('Preparing Exchange Setup');
      const error = throughLab(run, prepareAction(run, media, name));
      if (error) return failed(error);
      org.schemaVersion = Math.max(org.schemaVersion, EXCHANGE_2010_SP3_AD.schemaRangeUpper);
      org.orgObjectVersion = Math.max(org.orgObjectVersion, EXCHANGE_2010_SP3_AD.organizationObjectVersion);
      org.domainObjectVersion = Math.max(org.domainObjectVersion, EXCHANGE_2010_SP3_AD.domainObjectVersion);
    } else if (options.has('prepareschema')) {
      print('Preparing Exchange Setup');
      // The lab's /PrepareAD rules (media, pending restart, domain member, .NET 3.5, LDIFDE) without creating the organization.
      const error = throughLab(run, prepareAction(run, media, org.name ?? org.designName));
      org.name = before.name;
      org.orgObjectVersion = before.orgVersion;
      org.domainObjectVersion = before.domain;
      if (error) return failed(error);
      org.schemaVersion = Math.max(before.schema, EXCHANGE_2010_SP3_AD.schemaRangeUpper);
    }
    if (options.has('preparedomain') || options.has('preparealldomains')) {
      if (org.orgObjectVersion === 0 || org.name === null) return failed('The organization must be prepared first: run setup /PrepareAD /OrganizationName:<name>.');
      if (host.domain === '') return failed(`${host.name} is not a member of an Active Directory domain.`);
      print(`Preparing the domain ${org.adDomain} ...... COMPLETED`);
      org.domainObjectVersion = Math.max(org.domainObjectVersion, EXCHANGE_2010_SP3_AD.domainObjectVersion);
    }
    print('The Microsoft Exchange Server setup operation completed successfully.');
    return 0;
  }

  const mode = (options.get('mode') ?? '').toLowerCase();
  if (mode === '') return failed('The /mode parameter is required (/mode:install, for example).');
  if (mode !== 'install') return failed(`The ExTopo host double does not model setup /mode:${mode}.`);
  const roleText = options.get('roles') ?? '';
  const roles: SetupRole[] = [];
  for (const r of roleText.split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== '')) {
    const role = ROLE_NAMES[r];
    if (!role) return failed(`The role '${r}' is not valid. Valid roles: ClientAccess (CA), HubTransport (HT), Mailbox (MB), UnifiedMessaging (UM), EdgeTransport (ET), ManagementTools (MT).`);
    if (!roles.includes(role)) roles.push(role);
  }
  if (roles.length === 0) return failed('The /roles parameter is required with /mode:install.');
  const already = roles.filter((r) => host.exchangeRoles.includes(r));
  if (already.length > 0) return failed(`The following roles are already installed on ${host.name}: ${already.join(', ')}. Run setup only for the roles that are missing.`);
  if (orgName !== '' && org.name === null && !roles.includes('et')) {
    const error = throughLab(run, prepareAction(run, media, orgName));
    if (error) return failed(error);
    org.schemaVersion = EXCHANGE_2010_SP3_AD.schemaRangeUpper;
    org.orgObjectVersion = EXCHANGE_2010_SP3_AD.organizationObjectVersion;
    org.domainObjectVersion = EXCHANGE_2010_SP3_AD.domainObjectVersion;
  }
  const error = throughLab(run, { kind: 'exchange-setup', roles, setupMediaPath: media });
  if (error) return failed(error);
  host.exchangeBuild ??= { ...SETUP_MEDIA_BUILD };
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// msiexec.exe and installers
// ---------------------------------------------------------------------------------------------------------------

function runMsiexec(run: Run, args: readonly string[]): number {
  const { host } = run;
  let action = '';
  let target = '';
  let norestart = false;
  for (let i = 0; i < args.length; i++) {
    const a = unquote(args[i]).toLowerCase();
    if (a === '/i' || a === '/update' || a === '/p' || a === '/x' || a === '/package') {
      action = a === '/package' ? '/i' : a;
      target = unquote(args[i + 1] ?? '');
      i++;
    } else if (a === '/norestart') norestart = true;
  }
  if (action === '' || target === '') return 1639;
  if (windowsItem(host, target) !== 'leaf') return 1619;
  const installer = host.installers[target.toLowerCase()];
  if (action === '/update' || action === '/p') {
    if (installer?.rollup !== undefined) {
      if (host.exchangeRoles.length === 0) return 1642;
      host.exchangeBuild = { servicePack: 3, rollup: installer.rollup };
    }
    const product = installer?.product ?? `Update ${leafOf(target)}`;
    if (!host.products.includes(product)) host.products.push(product);
    host.pendingRestart = true;
    if (!norestart) restartHost(run.ctx, host);
    return 3010;
  }
  const product = installer?.product ?? leafOf(target);
  if (action === '/x') host.products = host.products.filter((p) => p !== product);
  else if (!host.products.includes(product)) host.products.push(product);
  return 0;
}

/** An installer .exe (the Office 2010 Filter Pack): /quiet /norestart installs its product. */
function runInstaller(run: Run, path: string): number {
  const installer = run.host.installers[path.toLowerCase()];
  if (installer?.product === FILTER_PACK_PRODUCT || leafOf(path).startsWith('filterpack')) {
    const error = throughLab(run, { kind: 'install-filter-pack', installerPath: path });
    return error ? 1603 : 0;
  }
  const product = installer?.product ?? leafOf(path);
  if (!run.host.products.includes(product)) run.host.products.push(product);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// netsh.exe, net.exe, nslookup.exe
// ---------------------------------------------------------------------------------------------------------------

function runNetsh(run: Run, args: readonly string[]): number {
  const { host, print } = run;
  const words = args.map(unquote);
  const lower = words.map((w) => w.toLowerCase());
  const isInterface = (w: string | undefined): boolean => w === 'interface' || w === 'int';
  if (!(isInterface(lower[0]) && (lower[1] === 'ipv4' || lower[1] === 'ip') && isInterface(lower[3]) && (lower[2] === 'set' || lower[2] === 'show'))) {
    print(`The following command was not found: ${words.join(' ')}.`);
    return 1;
  }
  const rest = words.slice(4);
  let nicName = '';
  const settings = new Map<string, string>();
  for (const w of rest) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(w);
    if (m && m[1].toLowerCase() !== 'interface') settings.set(m[1].toLowerCase(), m[2].toLowerCase());
    else nicName = m ? m[2] : w;
  }
  const nic = host.nics.find((n) => n.name.toLowerCase() === nicName.toLowerCase());
  if (!nic) {
    print('The filename, directory name, or volume label syntax is incorrect.');
    return 1;
  }
  if (lower[2] === 'set') {
    const forwarding = settings.get('forwarding');
    if (forwarding === 'enabled' || forwarding === 'disabled') nic.forwarding = forwarding === 'enabled';
    print('Ok.');
    return 0;
  }
  print('');
  print(`Interface ${nic.name} Parameters`);
  print('----------------------------------------------');
  print(`IfLuid                             : ethernet_${nic.index}`);
  print(`IfIndex                            : ${nic.index + 4}`);
  print('State                              : connected');
  print('Metric                             : 10');
  print('Link MTU                           : 1500 bytes');
  print('Reachable Time                     : 30000 ms');
  print('Base Reachable Time                : 30000 ms');
  print('Retransmission Interval            : 1000 ms');
  print('DAD Transmits                      : 3');
  print('Site Prefix Length                 : 64');
  print('Site Id                            : 1');
  print(`Forwarding                         : ${nic.forwarding ? 'enabled' : 'disabled'}`);
  print('Advertising                        : disabled');
  print('Neighbor Discovery                 : enabled');
  print('Neighbor Unreachability Detection  : enabled');
  print('Router Discovery                   : dhcp');
  print('Managed Address Configuration      : enabled');
  print('Other Stateful Configuration       : enabled');
  print('Weak Host Sends                    : disabled');
  print('Weak Host Receives                 : disabled');
  print('Use Automatic Metric               : enabled');
  print('Ignore Default Routes              : disabled');
  print('Advertised Router Lifetime         : 1800 seconds');
  print('Advertise Default Route            : disabled');
  print('Current Hop Limit                  : 0');
  print('');
  return 0;
}

/** How a member of the local Administrators group is shown (domain groups with their NetBIOS domain). */
function memberName(host: LabHost, member: string): string {
  if (member.includes('\\') || member.toLowerCase() === 'administrator') return member;
  return `${netbiosDomain(host)}\\${member}`;
}

function runNet(run: Run, args: readonly string[]): number {
  const { ctx, host, print } = run;
  const words = args.map(unquote);
  if ((words[0] ?? '').toLowerCase() !== 'localgroup' || (words[1] ?? '').toLowerCase() !== 'administrators') {
    print('The syntax of this command is:');
    print('');
    print('NET');
    print('    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |');
    print('      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |');
    print('      STATISTICS | STOP | TIME | USE | USER | VIEW ]');
    return 1;
  }
  const member = words[2];
  const flag = (words[3] ?? '').toLowerCase();
  if (member === undefined) {
    print('Alias name     administrators');
    print('Comment        Administrators have complete and unrestricted access to the computer/domain');
    print('');
    print('Members');
    print('');
    print('-------------------------------------------------------------------------------');
    for (const m of host.localAdministrators) print(memberName(host, m));
    print('The command completed successfully.');
    print('');
    return 0;
  }
  const [domain, account] = member.includes('\\') ? member.split('\\', 2) : ['', member];
  const ownDomain = domain === '' || domain.toUpperCase() === netbiosDomain(host);
  const stored = ownDomain && account.toLowerCase() === EXCHANGE_TRUSTED_SUBSYSTEM.toLowerCase() ? EXCHANGE_TRUSTED_SUBSYSTEM : member;
  const known =
    (stored === EXCHANGE_TRUSTED_SUBSYSTEM && ctx.state.org.name !== null) ||
    account.toLowerCase() === 'domain admins' ||
    account.toLowerCase() === 'administrator' ||
    host.localAdministrators.some((m) => m.toLowerCase() === stored.toLowerCase());
  if (flag === '/add') {
    if (!known) {
      print(`There is no such global user or group: ${member}.`);
      print('');
      print('More help is available by typing NET HELPMSG 3783.');
      return 2;
    }
    if (host.localAdministrators.some((m) => m.toLowerCase() === stored.toLowerCase())) {
      print('System error 1378 has occurred.');
      print('');
      print('The specified account name is already a member of the group.');
      return 2;
    }
    host.localAdministrators.push(stored);
    print('The command completed successfully.');
    return 0;
  }
  if (flag === '/delete') {
    const before = host.localAdministrators.length;
    host.localAdministrators = host.localAdministrators.filter((m) => m.toLowerCase() !== stored.toLowerCase());
    if (before === host.localAdministrators.length) {
      print('System error 1377 has occurred.');
      print('');
      print('The specified account name is not a member of the group.');
      return 2;
    }
    print('The command completed successfully.');
    return 0;
  }
  print('The syntax of this command is:');
  print('');
  print('NET LOCALGROUP [groupname [/COMMENT:"text"]] [/DOMAIN] groupname {/ADD [/COMMENT:"text"] | /DELETE} [/DOMAIN] groupname name [...] {/ADD | /DELETE} [/DOMAIN]');
  return 1;
}

function runNslookup(run: Run, args: readonly string[]): number {
  const { ctx, host, print } = run;
  const words = args.map(unquote).filter((w) => !w.startsWith('-'));
  const query = words[0] ?? '';
  const serverName = words[1] ?? '';
  const server = serverName === '' ? ctx.state.org.dnsServers.map((d) => namedDnsServer(ctx, d)).find((s) => s !== null) ?? null : namedDnsServer(ctx, serverName);
  if (serverName !== '' && !server) {
    print(`*** Can't find server address for '${serverName}':`);
    return 1;
  }
  if (query === '') return 1;
  print(`Server:  ${server?.name ?? 'UnKnown'}`);
  print(`Address:  ${server ? dnsServerAddress(ctx, server.name) : '127.0.0.1'}`);
  print('');
  const fqdn = query.includes('.') || host.domain === '' ? query : `${query}.${host.domain}`;
  const addresses = server && hostAnswers(ctx.world, server.host ?? host) ? addressesOf(ctx.state, fqdn) : [];
  if (addresses.length === 0) {
    print(`*** ${server?.name ?? 'UnKnown'} can't find ${query}: Non-existent domain`);
    return 1;
  }
  print(`Name:    ${fqdn.toLowerCase()}`);
  if (addresses.length === 1) print(`Address:  ${addresses[0]}`);
  else {
    print(`Addresses:  ${addresses[0]}`);
    for (const a of addresses.slice(1)) print(`          ${a}`);
  }
  print('');
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// schtasks.exe: a task runs its program on the host itself, outside the WinRM shell (no memory quota)
// ---------------------------------------------------------------------------------------------------------------

/** Splits a Windows command line into words (double quotes group, as CommandLineToArgvW does for simple lines). */
function splitCommandLine(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let has = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      has = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (has) out.push(current);
      current = '';
      has = false;
    } else {
      current += ch;
      has = true;
    }
  }
  if (has) out.push(current);
  return out;
}

/** Runs a task's command line on the host; returns its exit code (Last Result). */
function runTaskCommand(run: Run, commandLine: string): number {
  let words = splitCommandLine(commandLine);
  if (words.length >= 2 && /^(cmd|cmd\.exe)$/i.test(leafOf(words[0])) && words[1].toLowerCase() === '/c') words = splitCommandLine(words.slice(2).join(' '));
  const redirect = words.findIndex((w) => /^(\d?>>?|\d?>&\d)/.test(w));
  if (redirect >= 0) words = words.slice(0, redirect);
  const [program, ...args] = words;
  if (program === undefined) return 1;
  return runProgram(run, program, args) ?? 1;
}

function taskRow(run: Run, task: LabScheduledTask, verbose: boolean): string[] {
  const base = [`\\${task.name}`, 'N/A', task.status];
  if (!verbose) return base;
  return [
    run.host.name.toUpperCase(),
    `\\${task.name}`,
    'N/A',
    task.status,
    'Interactive/Background',
    task.lastRunTime === '' ? 'N/A' : task.lastRunTime,
    String(task.lastResult),
    `${netbiosDomain(run.host)}\\Administrator`,
    task.command,
    'N/A',
    'N/A',
    'Enabled',
    'Disabled',
    'Stop On Battery Mode, No Start On Batteries',
    task.runAs,
    'Disabled',
    '72:00:00',
    'Scheduling data is not available in this format.',
    task.schedule === 'ONCE' ? 'One Time Only' : task.schedule,
    task.startTime,
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'Disabled',
    'Disabled',
    'Disabled',
    'Disabled',
  ];
}

const TASK_COLUMNS = ['HostName', 'TaskName', 'Next Run Time', 'Status', 'Logon Mode', 'Last Run Time', 'Last Result', 'Author', 'Task To Run', 'Start In', 'Comment', 'Scheduled Task State', 'Idle Time', 'Power Management', 'Run As User', 'Delete Task If Not Rescheduled', 'Stop Task If Runs X Hours and X Mins', 'Schedule', 'Schedule Type', 'Start Time', 'Start Date', 'End Date', 'Days', 'Months', 'Repeat: Every', 'Repeat: Until: Time', 'Repeat: Until: Duration', 'Repeat: Stop If Still Running'];

function csv(values: readonly string[]): string {
  return values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',');
}

function runSchtasks(run: Run, args: readonly string[]): number {
  const { host, print } = run;
  const words = args.map(unquote);
  const verb = (words[0] ?? '').toLowerCase();
  const opt = new Map<string, string>();
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('/')) continue;
    const next = words[i + 1];
    if (next !== undefined && !next.startsWith('/')) {
      opt.set(w.toLowerCase(), next);
      i++;
    } else opt.set(w.toLowerCase(), '');
  }
  const name = (opt.get('/tn') ?? '').replace(/^\\/, '');
  const find = (): LabScheduledTask | undefined => host.scheduledTasks.find((t) => t.name.toLowerCase() === name.toLowerCase());
  const notFound = (): number => {
    print('ERROR: The system cannot find the file specified.');
    return 1;
  };
  switch (verb) {
    case '/create': {
      if (name === '' || !opt.has('/tr') || !opt.has('/sc')) {
        print("ERROR: Invalid syntax. Mandatory option '/sc' is missing.");
        print('Type "SCHTASKS /CREATE /?" for usage.');
        return 1;
      }
      if (find() && !opt.has('/f')) {
        print('ERROR: Cannot create a file when that file already exists.');
        return 1;
      }
      host.scheduledTasks = host.scheduledTasks.filter((t) => t.name.toLowerCase() !== name.toLowerCase());
      const runAs = (opt.get('/ru') ?? '').toUpperCase() === 'SYSTEM' ? 'SYSTEM' : (opt.get('/ru') ?? `${netbiosDomain(host)}\\Administrator`);
      host.scheduledTasks.push({ name, command: opt.get('/tr') ?? '', runAs, highest: (opt.get('/rl') ?? '').toUpperCase() === 'HIGHEST', schedule: (opt.get('/sc') ?? '').toUpperCase(), startTime: opt.get('/st') ?? 'N/A', lastResult: 267011, lastRunTime: '', status: 'Ready' });
      print(`SUCCESS: The scheduled task "${name}" has successfully been created.`);
      return 0;
    }
    case '/run': {
      const task = find();
      if (!task) return notFound();
      print(`SUCCESS: Attempted to run the scheduled task "${name}".`);
      const taskRun: Run = { ...run, print: () => undefined, context: 'task' };
      task.status = 'Running';
      task.lastRunTime = new Date().toLocaleString('en-US');
      task.lastResult = runTaskCommand(taskRun, task.command);
      task.status = 'Ready';
      return 0;
    }
    case '/end': {
      const task = find();
      if (!task) return notFound();
      task.status = 'Ready';
      print(`SUCCESS: The scheduled task "${name}" has been terminated successfully.`);
      return 0;
    }
    case '/delete': {
      const task = find();
      if (!task) return notFound();
      if (!opt.has('/f')) {
        print(`WARNING: Are you sure you want to remove the task "${name}" (Y/N)? `);
        return 1;
      }
      host.scheduledTasks = host.scheduledTasks.filter((t) => t !== task);
      print(`SUCCESS: The scheduled task "${name}" was successfully deleted.`);
      return 0;
    }
    case '/query': {
      const tasks = name === '' ? host.scheduledTasks : [find()].filter((t): t is LabScheduledTask => t !== undefined);
      if (name !== '' && tasks.length === 0) return notFound();
      const verbose = opt.has('/v');
      const format = (opt.get('/fo') ?? 'TABLE').toUpperCase();
      if (format === 'CSV') {
        if (!opt.has('/nh')) print(csv(verbose ? TASK_COLUMNS : ['TaskName', 'Next Run Time', 'Status']));
        for (const t of tasks) print(csv(taskRow(run, t, verbose)));
        return 0;
      }
      if (format === 'LIST') {
        const columns = verbose ? TASK_COLUMNS : ['TaskName', 'Next Run Time', 'Status'];
        for (const t of tasks) {
          const row = taskRow(run, t, verbose);
          columns.forEach((c, i) => print(`${`${c}:`.padEnd(38)}${row[i]}`));
          print('');
        }
        return 0;
      }
      print('');
      print('Folder: \\');
      print('TaskName                                 Next Run Time          Status');
      print('======================================== ====================== ===============');
      for (const t of tasks) print(`${t.name.padEnd(40)} ${'N/A'.padEnd(22)} ${t.status}`);
      return 0;
    }
    default:
      print('ERROR: Invalid argument/option - ' + (words[0] ?? '') + '.');
      print('Type "SCHTASKS /?" for usage.');
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------------------------

/** Which program a name or path designates on this host ('' when the host has no such program). */
export function programKind(host: LabHost, program: string): string {
  const leaf = leafOf(program);
  const withPath = /[\\/]/.test(program);
  const system = ['netsh.exe', 'net.exe', 'nslookup.exe', 'schtasks.exe', 'msiexec.exe', 'dnscmd.exe'];
  const bare = leaf.endsWith('.exe') || leaf.endsWith('.com') ? leaf : `${leaf}.exe`;
  if (system.includes(bare) && (!withPath || /^c:\\windows\\system32\\/i.test(program))) {
    if (bare === 'dnscmd.exe' && !dnscmdAvailable(host)) return '';
    return bare;
  }
  if (!withPath) return '';
  if (windowsItem(host, program) !== 'leaf') return '';
  if (leaf === 'setup.com' || leaf === 'setup.exe') return 'setup';
  if (leaf.endsWith('.exe') || leaf.endsWith('.msi') || leaf.endsWith('.msp')) return 'installer';
  return '';
}

/** Runs a program of the host; null when the host has no such program. */
export function runProgram(run: Run, program: string, args: readonly string[]): number | null {
  const kind = programKind(run.host, program);
  switch (kind) {
    case 'setup':
      return runSetup(run, program, args);
    case 'netsh.exe':
      return runNetsh(run, args);
    case 'net.exe':
      return runNet(run, args);
    case 'nslookup.exe':
      return runNslookup(run, args);
    case 'schtasks.exe':
      return runSchtasks(run, args);
    case 'msiexec.exe':
      return runMsiexec(run, args);
    case 'dnscmd.exe':
      return dnscmd(run.ctx, run.print, args);
    case 'installer':
      return /\.ms[ip]$/i.test(program) ? runMsiexec(run, [/\.msp$/i.test(program) ? '/update' : '/i', program, ...args]) : runInstaller(run, program);
    default:
      return null;
  }
}

/** Programs called by path arrive as 'setup.com' / 'program' with the path as their first argument. */
const PATH_COMMANDS: ReadonlySet<string> = new Set(['setup.com', 'setup.exe', 'program']);

function nativeHandler(ctx: DoubleContext): void {
  const all = ctx.params.strs('args');
  const byPath = PATH_COMMANDS.has(ctx.command.toLowerCase());
  const program = byPath ? (all[0] ?? '') : ctx.command;
  const args = byPath ? all.slice(1) : all;
  const code = runProgram({ ctx, host: ctx.host, print: (l) => ctx.print(l), context: 'remote' }, program, args);
  if (code === null) throw new DoubleError(`The term '${program}' is not recognized as the name of a cmdlet, function, script file, or operable program.`, { errorId: 'CommandNotFoundException', category: 'ObjectNotFound', terminating: true });
  ctx.exit(code);
}

export const programNatives: DoubleHandlers = {
  'setup.com': nativeHandler,
  'setup.exe': nativeHandler,
  'netsh.exe': nativeHandler,
  'net.exe': nativeHandler,
  'nslookup.exe': nativeHandler,
  'schtasks.exe': nativeHandler,
  'msiexec.exe': nativeHandler,
  'dnscmd.exe': nativeHandler,
  program: nativeHandler,
};

export const programProviders: DoubleHandlers = {
  /** Whether the host has the program (by name, or a Windows path to an existing file). */
  'Program.Available': (ctx) => [{ __type: 'System.Boolean', Exists: programKind(ctx.host, ctx.params.need('Program')) !== '' }],
};

export const programCmdlets: DoubleHandlers = {
  'Start-Process': (ctx): DoubleObject[] => {
    const file = ctx.params.need('FilePath');
    const args = ctx.params.strs('ArgumentList').flatMap((a) => splitCommandLine(a));
    const code = runProgram({ ctx, host: ctx.host, print: () => undefined, context: 'remote' }, file, args);
    if (code === null) {
      throw fail('This command cannot be run due to the error: The system cannot find the file specified.', 'InvalidOperationException,Microsoft.PowerShell.Commands.StartProcessCommand', 'InvalidOperation', { terminating: false });
    }
    if (!ctx.params.bool('PassThru')) return [];
    return [{ __type: 'System.Diagnostics.Process', Id: 4000 + ctx.host.restarts, ProcessName: leafOf(file).replace(/\.[^.]+$/, ''), Path: file, ExitCode: code, HasExited: true }];
  },
};
