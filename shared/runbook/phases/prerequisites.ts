// Phase 1: Windows features and prerequisites per new Exchange server, by its role mix.
import type { Server } from '../../model/types';
import type { GenerationContext } from './context';
import { stepIds } from './context';
import { NET_FRAMEWORK_2012, isLegacyWindows, setupFeatures } from '../windowsFeatures';

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
    action: { kind: 'install-features', features },
    restarts: true,
    supportsWhatIf: true,
    dependsOn: [stepIds.preflight(server.id)],
    expectedSeconds: FEATURES_SECONDS,
    notes: [
      `Roles ${server.roles.join(', ')}: ${features.length} features.`,
      legacy ? '' : `On Windows Server ${server.os.version} Add-WindowsFeature is an alias of Install-WindowsFeature; .NET 3.5 is ${NET_FRAMEWORK_2012} and needs the Windows media (sources\\sxs) when it is not cached.`,
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
      supportsWhatIf: false,
      dependsOn: [stepIds.features(server.id)],
      expectedSeconds: FILTER_PACK_SECONDS,
      notes: [`The installer must be on ${server.name} at ${design.deployment.filterPackPath}.`],
      entityIds: [server.id],
    });
  }
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
      action: { kind: 'install-features', features: ['Failover-Clustering'] },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [ctx.hostReady(server)],
      expectedSeconds: FAILOVER_CLUSTERING_SECONDS,
      notes: ['Exchange adds it when the server joins the DAG; installing it now avoids a restart in the middle of the DAG steps.'],
      entityIds: [server.id, ...dags.map((d) => d.id)],
    });
  }
}
