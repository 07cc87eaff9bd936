// A design document with nothing drawn yet: the editor's starting point before a file or template is opened, and
// the base of the blank template.
import { DEFAULT_DEPLOYMENT, FORMAT_VERSION } from '../model/schema';
import type { Design, DesignDocument } from '../model/types';

/** A design with its organization and settings and nothing drawn yet. */
export function emptyDesign(): Design {
  return {
    organization: { name: 'Contoso', adDomain: 'contoso.local', exchangeVersion: '2010', servicePack: 'SP3', rollup: 0, edition: 'Standard', externalHostnames: [] },
    goals: { highlyAvailable: true },
    deployment: { ...DEFAULT_DEPLOYMENT },
    sites: [],
    subnets: [],
    servers: [],
    nlbClusters: [],
    hardwareLoadBalancers: [],
    casArrays: [],
    dags: [],
    databases: [],
  };
}

export function emptyDesignDocument(): DesignDocument {
  return { formatVersion: FORMAT_VERSION, title: 'Untitled design', revision: 0, design: emptyDesign(), layout: { nodes: {} } };
}
