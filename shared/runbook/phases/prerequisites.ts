// Phase 1: Windows features and prerequisites per new Exchange server, by its role mix.
import type { Server } from '../../model/types';
import type { StepAction } from '../actions';
import type { GenerationContext } from './context';
import { stepIds } from './context';
import { NET_FRAMEWORK_2012, isLegacyWindows, setupFeatures } from '../windowsFeatures';

/** WinRM memory quota for remote shells that run Exchange setup (MB). */
export const WINRM_SETUP_MEMORY_MB = 2048;
export const WINRM_QUOTA_SECONDS = 10;
export const RESTART_SECONDS = 300;

/** A feature install with the right cmdlet for the host's Windows (and the sxs source for .NET 3.5 on 2012+). */
export function featureAction(server: Server, features: readonly string[], windowsSourcePath: string): Extract<StepAction, { kind: 'install-features' }> {
  const legacy = isLegacyWindows(server.os.version);
  return {
    kind: 'install-features',
    features,
    cmdlet: legacy ? 'Add-WindowsFeature' : 'Install-WindowsFeature',
    source: !legacy && features.includes(NET_FRAMEWORK_2012) ? windowsSourcePath : '',
  };
}

export const FEATURES_SECONDS = 900;
export const SERVICE_SECONDS = 10;
export const FILTER_PACK_SECONDS = 120;
export const FAILOVER_CLUSTERING_SECONDS = 180;

/** The Windows features a server needs for its Exchange roles, in a stable order. */
export function featuresFor(server: Server): string[] {
  return setupFeatures({ clientAccess: server.roles.includes('CAS'), unifiedMessaging: server.roles.includes('UM'), edge: server.roles.includes('Edge') }, server.os.version);
}

export function prerequisiteSteps(ctx: GenerationContext): void {
  for (const server of ctx.design.servers) {
    if (ctx.isInstalledHere(server)) exchangePrerequisites(ctx, server);
    failoverClustering(ctx, server);
  }
}

/**
 * The DNS Server Tools on the server that writes the CAS arrays' DNS records: a step of its own, so installing tools
 * on a production server is something the operator sees in the runbook, never a side effect of the DNS step.
 */
export function dnsToolsStep(ctx: GenerationContext, runner: Server): string {
  const id = stepIds.rsatDns(runner.id);
  if (ctx.has(id)) return id;
  ctx.add({
    id,
    phase: 'prerequisites',
    target: ctx.hostTarget(runner),
    title: `Install the DNS Server Tools (RSAT-DNS-Server) on ${runner.name}`,
    action: featureAction(runner, ['RSAT-DNS-Server'], ctx.design.deployment.windowsSourcePath),
    restarts: false,
    supportsWhatIf: true,
    dependsOn: [ctx.hostReady(runner)],
    expectedSeconds: FAILOVER_CLUSTERING_SECONDS,
    notes: [
      isLegacyWindows(runner.os.version)
        ? `Brings dnscmd.exe to ${runner.name}, which writes the CAS array records to the DNS server. Remove it afterwards if ${runner.name} should not keep the tools.`
        : `Brings the DnsServer PowerShell module to ${runner.name}. Remove it afterwards if ${runner.name} should not keep the tools.`,
    ],
    entityIds: [runner.id],
  });
  return id;
}

/** Features, Net.Tcp Port Sharing and the Filter Pack of a server this runbook installs. */
function exchangePrerequisites(ctx: GenerationContext, server: Server): void {
  const { design } = ctx;
  const target = ctx.hostTarget(server);
  const features = featuresFor(server);
  const legacy = isLegacyWindows(server.os.version);
  ctx.add({
    id: stepIds.features(server.id),
    phase: 'prerequisites',
    target,
    title: `Install the Windows features for Exchange on ${server.name} (restarts ${server.name})`,
    action: featureAction(server, features, design.deployment.windowsSourcePath),
    restarts: true,
    supportsWhatIf: true,
    dependsOn: [stepIds.preflight(server.id)],
    expectedSeconds: FEATURES_SECONDS,
    notes: [
      `Roles ${server.roles.join(', ')}: ${features.length} features.`,
      legacy
        ? ''
        : design.deployment.windowsSourcePath !== ''
          ? `On Windows Server ${server.os.version} .NET 3.5 is ${NET_FRAMEWORK_2012}; it is installed from ${design.deployment.windowsSourcePath} (-Source).`
          : `On Windows Server ${server.os.version} .NET 3.5 is ${NET_FRAMEWORK_2012}, whose files are not on the disk: without a Windows source path in the design, Install-WindowsFeature fetches them from Windows Update and fails with "The source files could not be found" where it cannot reach it.`,
    ].filter((n) => n !== ''),
    entityIds: [server.id],
  });
  if (server.roles.includes('CAS')) {
    ctx.add({
      id: stepIds.netTcpPortSharing(server.id),
      phase: 'prerequisites',
      target,
      title: `Set the Net.Tcp Port Sharing service to start automatically on ${server.name}`,
      action: { kind: 'set-service-startup', service: 'NetTcpPortSharing', startupType: 'Automatic' },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [stepIds.features(server.id)],
      expectedSeconds: SERVICE_SECONDS,
      notes: [],
      entityIds: [server.id],
    });
  }
  if (server.roles.includes('MB') || server.roles.includes('HT')) {
    ctx.add({
      id: stepIds.filterPack(server.id),
      phase: 'prerequisites',
      target,
      title: `Install the Office 2010 Filter Pack on ${server.name}`,
      action: { kind: 'install-filter-pack', installerPath: design.deployment.filterPackPath },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [stepIds.features(server.id)],
      expectedSeconds: FILTER_PACK_SECONDS,
      notes: [
        `The installer must be on ${server.name} at ${design.deployment.filterPackPath}.`,
        'Exit code 3010 means installed with a restart needed: the next step restarts the server before setup.',
      ],
      entityIds: [server.id],
    });
  }
  ctx.add({
    id: stepIds.winrmQuota(server.id),
    phase: 'prerequisites',
    target,
    title: `Raise WinRM's memory quota for remote shells on ${server.name} to ${WINRM_SETUP_MEMORY_MB} MB`,
    action: { kind: 'winrm-memory-quota', memoryMb: WINRM_SETUP_MEMORY_MB, pluginQuota: !legacy },
    restarts: false,
    supportsWhatIf: true,
    dependsOn: [stepIds.features(server.id)],
    expectedSeconds: WINRM_QUOTA_SECONDS,
    notes: [
      legacy
        ? 'WinRM 2.0 (Windows Server 2008 R2) gives a remote shell and its child processes 150 MB (MaxMemoryPerShellMB): Exchange setup and /PrepareAD run through remoting are killed at that limit.'
        : 'WinRM 3.0 (Windows Server 2012 and later) also has a quota per plugin (Microsoft.PowerShell), which wins over the shell quota: both are raised.',
      'The new quota applies to shells opened afterwards: setup runs in a new remote session.',
      'If setup still stops with "The WSMan provider host process did not return a proper response", run setup on the server itself.',
    ],
    entityIds: [server.id],
  });
  ctx.add({
    id: stepIds.restartBeforeSetup(server.id),
    phase: 'prerequisites',
    target,
    title: `Restart ${server.name} if a restart is pending before Exchange setup`,
    action: { kind: 'restart-if-pending', reason: 'Exchange setup refuses to run while a restart is pending (Filter Pack, updates).' },
    restarts: true,
    supportsWhatIf: true,
    dependsOn: [
      stepIds.features(server.id),
      ctx.has(stepIds.filterPack(server.id)) ? stepIds.filterPack(server.id) : null,
      ctx.has(stepIds.netTcpPortSharing(server.id)) ? stepIds.netTcpPortSharing(server.id) : null,
      stepIds.winrmQuota(server.id),
    ],
    expectedSeconds: RESTART_SECONDS,
    notes: ['Pending restart: Component Based Servicing RebootPending, Windows Update RebootRequired, Session Manager PendingFileRenameOperations or Updates\\UpdateExeVolatile. Waits until the server answers remoting again.'],
    entityIds: [server.id],
  });
}

/**
 * Failover Clustering on every DAG member, new or already installed (an existing server joining a new DAG; the check
 * skips a server that has the feature already).
 */
function failoverClustering(ctx: GenerationContext, server: Server): void {
  const dags = ctx.plan.dagsByServer.get(server.id) ?? [];
  if (dags.length > 0 && ctx.isExchange(server)) {
    ctx.add({
      id: stepIds.failoverClustering(server.id),
      phase: 'prerequisites',
      target: ctx.hostTarget(server),
      title: `Install Failover Clustering on ${server.name} (DAG member)`,
      action: featureAction(server, ['Failover-Clustering'], ctx.design.deployment.windowsSourcePath),
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [ctx.hostReady(server)],
      expectedSeconds: FAILOVER_CLUSTERING_SECONDS,
      notes: ['Exchange adds it when the server joins the DAG; installing it now avoids a restart in the middle of the DAG steps.'],
      entityIds: [server.id, ...dags.map((d) => d.id)],
    });
  }
}
