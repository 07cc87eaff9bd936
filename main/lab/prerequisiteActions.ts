// Phase 1, the prerequisites: Windows features (Add-WindowsFeature, .NET 3.5 as a Feature on Demand on 2012), a
// service's startup type (Net.Tcp Port Sharing for the Client Access role) and the Office 2010 Filter Pack.
import { dagOf, nlbClusterOn } from './checks';
import { FILTER_PACK_PRODUCT, RESTART_FEATURES, featureAvailable, windowsName } from './knowledge';
import { NET_FRAMEWORK_2012, isLegacyWindows } from '../../shared/runbook/windowsFeatures';
import { OK, fail, nlbConflict } from './actionEffect';
import type { Action, ActionCall, EffectResult } from './actionEffect';

export function installFeatures(call: ActionCall, a: Action<'install-features'>): EffectResult {
  const { host, world, out } = call;
  const cmd = 'Add-WindowsFeature';
  for (const f of a.features) {
    if (!featureAvailable(f, host.os.version, host.os.edition)) {
      const why =
        f === 'Failover-Clustering'
          ? ` (${windowsName(host.os.version, host.os.edition)} has no Failover Clustering: Enterprise or Datacenter edition is needed)`
          : f === 'NET-Framework' && !isLegacyWindows(host.os.version)
            ? ` (on ${windowsName(host.os.version, host.os.edition)} .NET 3.5 is ${NET_FRAMEWORK_2012})`
            : '';
      return fail(cmd, `${cmd} : ArgumentNotValid: The role, role service, or feature name is not valid: '${f}'. The name was not found.${why}`);
    }
  }
  // .NET 3.5 on Windows Server 2012 / 2012 R2 is a Feature on Demand: its files are not on the disk, and servers
  // without Windows Update need the media's sources\sxs (-Source).
  if (a.features.includes(NET_FRAMEWORK_2012) && !host.features.includes(NET_FRAMEWORK_2012) && !isLegacyWindows(host.os.version)) {
    const source = a.source.replace(/\\+$/, '').toLowerCase();
    if (source === '' || !host.files.some((f) => f.toLowerCase().startsWith(`${source}\\`))) {
      return fail(
        a.cmdlet,
        `${a.cmdlet} : The request to add or remove features on the specified server failed. The source files could not be found. Use the "Source" option to specify the location of the files that are required to restore the feature. Error: 0x800f0906 (set the Windows source path of the design to the media's sources\\sxs)`,
      );
    }
  }
  const dag = dagOf(world.state, host);
  if (a.features.includes('NLB') && dag) return nlbConflict(cmd, host, dag.name);
  if (a.features.includes('Failover-Clustering')) {
    const cluster = nlbClusterOn(world.state, host);
    if (cluster) {
      return fail(cmd, `${cmd} : ${host.name} is a node of NLB cluster ${cluster.fqdn} (${cluster.vip}). Failover Clustering and Windows Network Load Balancing cannot run on the same server.`);
    }
  }
  const added = a.features.filter((f) => !host.features.includes(f));
  host.features.push(...added);
  if ((added.includes('NET-Framework') || added.includes(NET_FRAMEWORK_2012)) && !host.services.NetTcpPortSharing) {
    host.services.NetTcpPortSharing = { startMode: 'Disabled', running: false };
  }
  const needsRestart = added.some((f) => RESTART_FEATURES.has(f));
  if (needsRestart) host.pendingRestart = true;
  out('output', 'Success Restart Needed Exit Code      Feature Result');
  out('output', `True    ${needsRestart ? 'Yes' : 'No '}            ${needsRestart ? 'SuccessRest...' : added.length > 0 ? 'Success     ' : 'NoChangeNeeded'} {${added.join(', ')}}`);
  if (needsRestart) out('warning', 'WARNING: You must restart this server to finish the installation process.');
  return OK;
}

export function setServiceStartup(call: ActionCall, a: Action<'set-service-startup'>): EffectResult {
  const service = call.host.services[a.service];
  if (!service) return fail('Set-Service', `Set-Service : Service ${a.service} was not found on computer '${call.host.name}'.`);
  service.startMode = 'Auto';
  return OK;
}

export function installFilterPack(call: ActionCall, a: Action<'install-filter-pack'>): EffectResult {
  const { host } = call;
  if (!host.files.some((f) => f.toLowerCase() === a.installerPath.toLowerCase())) {
    return fail('Test-Path', `The Office 2010 Filter Pack installer was not found at ${a.installerPath}: copy FilterPack64bit.exe there or change the path in the design.`);
  }
  if (!host.products.includes(FILTER_PACK_PRODUCT)) host.products.push(FILTER_PACK_PRODUCT);
  return OK;
}
