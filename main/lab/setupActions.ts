// Phase 2, Exchange setup: /PrepareSchema and /PrepareAD, setup /m:install of the server roles (its prerequisite
// checks, the first database of a Mailbox server, the restart it asks for), the remote shell's memory quota that
// stops setup through remoting, and the static RPC ports of the Client Access role.
import { databaseByName } from './checks';
import { FILTER_PACK_PRODUCT, ROLE_TITLES, setupPrerequisites } from './knowledge';
import { NET_FRAMEWORK_2012 } from '../../shared/runbook/windowsFeatures';
import { defaultDatabaseName, installRoleArtifacts } from './state';
import type { LabHost } from './state';
import { OK, fail } from './actionEffect';
import type { Action, ActionCall, EffectResult } from './actionEffect';

function pendingRestart(command: string, host: LabHost, what: string): EffectResult | null {
  return host.pendingRestart ? fail(command, `${what} A restart from a previous installation is pending on ${host.name}. Restart it and run the step again.`) : null;
}

function setupMedia(host: LabHost, media: string): EffectResult | null {
  const path = `${media.replace(/\\$/, '')}\\setup.com`;
  return host.files.some((f) => f.toLowerCase() === path.toLowerCase())
    ? null
    : fail('Test-Path', `Exchange setup was not found at ${path}: put the Exchange 2010 media there or change the setup media path in the design.`);
}

function hasNet35(host: LabHost): boolean {
  return host.features.includes('NET-Framework') || host.features.includes(NET_FRAMEWORK_2012);
}

export function prepareAd(call: ActionCall, a: Action<'prepare-ad'>): EffectResult {
  const { host, world, out } = call;
  const state = world.state;
  const media = setupMedia(host, a.setupMediaPath);
  if (media) return media;
  const blocked = pendingRestart('/PrepareSchema', host, 'setup /PrepareSchema : Setup cannot continue.');
  if (blocked) return blocked;
  const killed = memoryQuota('/PrepareSchema', host);
  if (killed) return killed;
  if (host.domain === '') return fail('/PrepareSchema', `setup /PrepareSchema : ${host.name} is not a member of an Active Directory domain; run /PrepareAD from a domain member.`);
  if (!hasNet35(host)) return fail('/PrepareSchema', 'setup /PrepareSchema : Setup requires the .NET Framework 3.5 SP1 (Windows feature NET-Framework). Install it and run the step again.');
  if (!host.features.includes('RSAT-ADDS')) {
    return fail('/PrepareSchema', `setup /PrepareSchema : The Active Directory management tools (LDIFDE.exe) are not installed on ${host.name}. Install them with Add-WindowsFeature RSAT-ADDS.`);
  }
  if (state.org.name !== null && state.org.name !== a.organizationName) {
    return fail(
      '/PrepareAD',
      `setup /PrepareAD : Active Directory already contains the Exchange organization '${state.org.name}'; /OrganizationName:${a.organizationName} cannot create another one.`,
    );
  }
  out('output', 'Extending Active Directory schema ...... COMPLETED');
  out('output', `Preparing the organization '${a.organizationName}' in Active Directory ...... COMPLETED`);
  out('output', `Preparing the domain ${state.org.adDomain} ...... COMPLETED`);
  state.org.name = a.organizationName;
  state.org.schemaVersion = Math.max(state.org.schemaVersion, a.schemaVersion);
  state.org.orgObjectVersion = Math.max(state.org.orgObjectVersion, a.organizationVersion);
  state.org.domainObjectVersion = Math.max(state.org.domainObjectVersion, a.domainVersion);
  return OK;
}

/** Exchange setup needs far more than WinRM 2.0's default 150 MB per remote shell. */
export const SETUP_SHELL_MEMORY_MB = 1024;

/** The memory quota of a remote shell on the host (WinRM 3.0's plugin quota wins over the shell quota). */
export function shellMemoryQuota(host: LabHost): number {
  return host.wsman.pluginMaxMemoryMb ?? host.wsman.shellMaxMemoryMb;
}

/** Setup through remoting is killed at the shell's memory quota, the way WinRM stops the provider host process. */
function memoryQuota(command: string, host: LabHost): EffectResult | null {
  const quota = shellMemoryQuota(host);
  if (quota >= SETUP_SHELL_MEMORY_MB) return null;
  return fail(
    command,
    `Processing data for a remote command failed with the following error message: The WSMan provider host process did not return a proper response. A provider in the host process may have behaved improperly. (setup was stopped at the remote shell's memory quota, MaxMemoryPerShellMB ${quota} MB on ${host.name}: raise it with Set-Item WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB 2048)`,
  );
}

export function exchangeSetup(call: ActionCall, a: Action<'exchange-setup'>): EffectResult {
  const { host, world, out } = call;
  const state = world.state;
  const cmd = '/m:install';
  const media = setupMedia(host, a.setupMediaPath);
  if (media) return media;
  const killed = memoryQuota(cmd, host);
  if (killed) return killed;
  out('output', 'Performing Microsoft Exchange Server Prerequisite Check');
  if (host.pendingRestart) {
    return fail(cmd, `Setup : A restart from a previous installation is pending. Please restart the system and then rerun Setup. (${host.name})`);
  }
  const edge = a.roles.includes('et');
  if (edge && a.roles.some((r) => r !== 'et')) {
    return fail(cmd, 'Setup : The Edge Transport server role cannot be installed together with any other server role.');
  }
  if (!edge && host.domain === '') return fail(cmd, `Setup : ${host.name} is not a member of an Active Directory domain; only the Edge Transport role installs on a workgroup server.`);
  if (!edge && state.org.name === null) {
    return fail(
      cmd,
      `Setup : Organization Checks ...... FAILED. Active Directory does not contain an Exchange organization: run setup /PrepareAD /OrganizationName:${state.org.designName} first (or give /OrganizationName to this setup).`,
    );
  }
  const missing = setupPrerequisites(a.roles, host.os.version).filter((f) => !host.features.includes(f));
  const problems: string[] = [];
  if (missing.length > 0) {
    const title = a.roles.includes('ca') ? ROLE_TITLES.ca : edge ? ROLE_TITLES.et : ROLE_TITLES[a.roles[0]];
    problems.push(`${title} Prerequisites ...... FAILED: the Windows feature(s) ${missing.map((m) => `'${m}'`).join(', ')} are required. Install them with Add-WindowsFeature ${missing.join(',')}.`);
  }
  if (a.roles.includes('ca') && host.services.NetTcpPortSharing?.startMode !== 'Auto') {
    problems.push(`${ROLE_TITLES.ca} Prerequisites ...... FAILED: the 'Net.Tcp Port Sharing Service' (NetTcpPortSharing) startup type must be set to Automatic.`);
  }
  if (problems.length > 0) {
    for (const p of problems) out('error', p);
    return fail(cmd, `Exchange setup failed: ${problems.join(' ')} See C:\\ExchangeSetupLogs\\ExchangeSetup.log on ${host.name}.`);
  }
  if ((a.roles.includes('mb') || a.roles.includes('ht')) && !host.products.includes(FILTER_PACK_PRODUCT)) {
    out('warning', 'Warning: The 2010 Office System Converter: Microsoft Filter Pack is not installed on this computer; content of Office files will not be indexed.');
  }
  for (const role of a.roles) out('output', `${ROLE_TITLES[role]} Prerequisites ...... COMPLETED`);
  out('output', 'Configuring Microsoft Exchange Server');
  const added = a.roles.filter((r) => !host.exchangeRoles.includes(r));
  for (const role of added) out('output', `    ${ROLE_TITLES[role]} ...... COMPLETED`);
  host.exchangeRoles.push(...added);
  installRoleArtifacts(host, added);
  if (added.includes('mb')) {
    // Setup creates a first database on every new Mailbox server.
    const name = defaultDatabaseName(host.name);
    if (!databaseByName(state, name)) {
      const array = state.casArrays.find((c) => c.site.toLowerCase() === host.site.toLowerCase());
      state.databases.push({
        name,
        edbFilePath: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${name}\\${name}.edb`,
        logFolderPath: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${name}`,
        activeServer: host.name,
        mounted: true,
        rpcClientAccessServer: array ? array.fqdn : host.fqdn,
        copies: [{ server: host.name, activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 }],
      });
    }
  }
  // Setup installs SP3 (the media) and asks for a restart before the server is used.
  host.exchangeBuild ??= { servicePack: 3, rollup: 0 };
  host.pendingRestart = true;
  out('output', 'The Microsoft Exchange Server setup operation completed successfully.');
  out('warning', 'Setup has made changes to operating system settings that require a reboot to take effect. Please reboot this server prior to placing it into production.');
  return OK;
}

export function staticRpcPorts(call: ActionCall, a: Action<'static-rpc-ports'>): EffectResult {
  const { host } = call;
  // New-Item -Force creates the keys even where Exchange is not installed; Restart-Service then fails.
  const rpcKey = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem';
  const abKey = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters';
  host.registry[rpcKey] = { ...(host.registry[rpcKey] ?? {}), 'TCP/IP Port': a.rpcClientAccessPort };
  host.registry[abKey] = { ...(host.registry[abKey] ?? {}), RpcTcpPort: String(a.addressBookPort) };
  for (const service of ['MSExchangeRPC', 'MSExchangeAB']) {
    if (!host.services[service]) return fail('Restart-Service', `Restart-Service : Cannot find any service with service name '${service}'.`);
  }
  return OK;
}
