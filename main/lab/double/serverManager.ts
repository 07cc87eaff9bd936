// Server Manager of the host double (powershell/host-double/Modules/ServerManager): Get-WindowsFeature,
// Add-WindowsFeature / Remove-WindowsFeature (Windows Server 2008 R2) and Install-WindowsFeature /
// Uninstall-WindowsFeature (2012 / 2012 R2, learn.microsoft.com/powershell/module/servermanager/install-windowsfeature).
// Feature names come from the lab's own table (main/lab/knowledge.ts), installing goes through the lab's effects
// (install-features) so the rules (Failover Clustering on Standard, NLB with a DAG, restarts) stay one model.
import { applyActionEffect } from '../effects';
import { featureInfo, featureTable, featureWithParents, legacyWindows, RESTART_FEATURES } from '../knowledge';
import type { FeatureInfo } from '../knowledge';
import type { LabHost } from '../state';
import type { DoubleContext, DoubleHandlers } from './context';
import type { DoubleObject, WireValue } from './protocol';
import { fail, restartHost, windowsItem } from './windows';

function like(pattern: string, text: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(text);
}

function depth(info: FeatureInfo, host: LabHost): number {
  return featureWithParents(info.name, host.os.version).length;
}

/** The roles among the lab's features (the rest are features). */
const ROLES: ReadonlySet<string> = new Set(['Web-Server', 'ADLDS']);

function featureObject(host: LabHost, info: FeatureInfo): DoubleObject {
  const installed = host.features.includes(info.name);
  const table = featureTable(host.os.version);
  const chain = featureWithParents(info.name, host.os.version);
  const root = chain[chain.length - 1] ?? info.name;
  const type = ROLES.has(root) ? (info.parent === '' ? 'Role' : 'Role Service') : 'Feature';
  const obj: Record<string, WireValue> = {
    Name: info.name,
    DisplayName: info.displayName,
    Installed: installed,
    FeatureType: type,
    Parent: info.parent === '' ? null : info.parent,
    Depth: depth(info, host),
    SubFeatures: table.filter((x) => x.parent === info.name).map((x) => x.name),
  };
  if (!legacyWindows(host.os.version)) obj.InstallState = installed ? 'Installed' : 'Available';
  return { __type: 'Microsoft.Windows.ServerManager.Commands.Feature', ...obj };
}

function commandClass(ctx: DoubleContext): string {
  return ctx.command.startsWith('Remove') || ctx.command.startsWith('Uninstall') ? 'RemoveWindowsFeatureCommand' : 'AddWindowsFeatureCommand';
}

function unknownFeature(ctx: DoubleContext, name: string): Error {
  return fail(`ArgumentNotValid: The role, role service, or feature name is not valid: '${name}'. The name was not found.`, `NameDoesNotExist,Microsoft.Windows.ServerManager.Commands.${commandClass(ctx)}`, 'InvalidArgument', { target: name, terminating: true });
}

/** Management tools installed with a feature: always on 2008 R2, with -IncludeManagementTools on 2012 and later. */
const MANAGEMENT_TOOLS: Readonly<Record<string, string>> = { NLB: 'RSAT-NLB', 'Failover-Clustering': 'RSAT-Clustering' };

function resultObject(ctx: DoubleContext, added: readonly FeatureInfo[], restart: boolean, removed = false): DoubleObject {
  const exit = added.length === 0 ? 'NoChangeNeeded' : restart ? 'SuccessRestartRequired' : 'Success';
  return {
    __type: 'Microsoft.Windows.ServerManager.Commands.FeatureOperationResult',
    Success: true,
    RestartNeeded: restart ? 'Yes' : 'No',
    FeatureResult: added.map((f) => ({ Name: f.name, DisplayName: f.displayName, Success: true, RestartNeeded: restart, Message: '', SkipReason: removed ? 'NotApplicable' : 'NotSkipped' })),
    ExitCode: exit,
  };
}

function install(ctx: DoubleContext): DoubleObject[] {
  const host = ctx.host;
  const version = host.os.version;
  const legacy = legacyWindows(version);
  const wanted: string[] = [];
  const add = (name: string): void => {
    for (const n of featureWithParents(name, version)) if (!wanted.includes(n)) wanted.push(n);
  };
  for (const name of ctx.params.strs('Name')) {
    const info = featureInfo(name, version);
    if (!info) throw unknownFeature(ctx, name);
    add(info.name);
    for (const d of info.defaults ?? []) add(d);
    if (ctx.params.bool('IncludeAllSubFeature')) {
      const table = featureTable(version);
      const below = (parent: string): void => {
        for (const child of table.filter((x) => x.parent === parent)) {
          add(child.name);
          below(child.name);
        }
      };
      below(info.name);
    }
    const tools = MANAGEMENT_TOOLS[info.name];
    if (tools && (legacy || ctx.params.bool('IncludeManagementTools'))) add(tools);
  }
  const missing = wanted.filter((n) => !host.features.includes(n));
  // Features on Demand (.NET 3.5 on 2012 / 2012 R2): their payload is not on the disk; -Source must point at the
  // media's sources\sxs (or Windows Update, which the lab's servers do not reach).
  const onDemand = missing.filter((n) => featureInfo(n, version)?.onDemand);
  if (onDemand.length > 0) {
    const sources = ctx.params.strs('Source');
    const found = sources.some((s) => windowsItem(host, s) === 'container' && host.files.some((f) => f.toLowerCase().startsWith(`${s.replace(/\\+$/, '').toLowerCase()}\\`)));
    if (!found) {
      throw fail(
        'The request to add or remove features on the specified server failed.\nInstallation of one or more roles, role services, or features failed.\nThe source files could not be found. Use the "Source" option to specify the location of the files that are required to restore the feature. For more information on specifying a source location, see http://go.microsoft.com/fwlink/?LinkId=243077. Error: 0x800f0906',
        'DISMAPI_Error__Failed_To_Enable_Updates,Microsoft.Windows.ServerManager.Commands.AddWindowsFeatureCommand',
        'InvalidOperation',
        { terminating: false },
      );
    }
  }
  const restartBefore = host.pendingRestart;
  if (missing.length > 0) {
    const result = applyActionEffect({ world: ctx.world, host, out: (stream, line) => (stream === 'warning' ? ctx.warn(line.replace(/^WARNING:\s*/, '')) : undefined) }, {
      kind: 'install-features',
      features: missing,
      cmdlet: legacy ? 'Add-WindowsFeature' : 'Install-WindowsFeature',
      source: ctx.params.strs('Source')[0] ?? '',
    });
    if (!result.ok) throw fail(result.error.replace(/^[\w/.:-]+ : /, ''), `ExTopoFeatureRefused,Microsoft.Windows.ServerManager.Commands.${commandClass(ctx)}`, 'InvalidOperation', { terminating: true, transport: result.unreachable === true });
  }
  const restart = missing.some((n) => RESTART_FEATURES.has(n)) || (host.pendingRestart && !restartBefore);
  const added = missing.map((n) => featureInfo(n, version)).filter((x): x is FeatureInfo => x !== undefined);
  const out = [resultObject(ctx, added, restart)];
  if (restart && ctx.params.bool('Restart')) restartHost(ctx);
  return out;
}

function uninstall(ctx: DoubleContext): DoubleObject[] {
  const host = ctx.host;
  const version = host.os.version;
  const removed: FeatureInfo[] = [];
  for (const name of ctx.params.strs('Name')) {
    const info = featureInfo(name, version);
    if (!info) throw unknownFeature(ctx, name);
    const below = (n: string): string[] => [n, ...featureTable(version).filter((x) => x.parent === n).flatMap((x) => below(x.name))];
    for (const n of below(info.name)) {
      if (!host.features.includes(n)) continue;
      host.features = host.features.filter((x) => x !== n);
      const i = featureInfo(n, version);
      if (i) removed.push(i);
    }
  }
  const restart = removed.some((f) => RESTART_FEATURES.has(f.name));
  if (restart) host.pendingRestart = true;
  if (restart) ctx.warn('You must restart this server to finish the removal process.');
  if (restart && ctx.params.bool('Restart')) restartHost(ctx);
  return [resultObject(ctx, removed, restart, true)];
}

export const serverManagerCmdlets: DoubleHandlers = {
  'Get-WindowsFeature': (ctx) => {
    const host = ctx.host;
    const table = featureTable(host.os.version);
    const names = ctx.params.strs('Name');
    const out: DoubleObject[] = [];
    for (const info of table) {
      if (names.length > 0 && !names.some((n) => like(n, info.name))) continue;
      out.push(featureObject(host, info));
    }
    return out;
  },
  'Add-WindowsFeature': install,
  'Install-WindowsFeature': install,
  'Remove-WindowsFeature': uninstall,
  'Uninstall-WindowsFeature': uninstall,
};
