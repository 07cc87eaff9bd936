// A design document with nothing drawn yet: the editor's starting point before a file or template is opened.
import { FORMAT_VERSION } from '../model/schema';
import type { DesignDocument } from '../model/types';

export function emptyDesignDocument(): DesignDocument {
  return {
    formatVersion: FORMAT_VERSION,
    title: 'Untitled design',
    revision: 0,
    design: {
      organization: { name: 'Contoso', adDomain: 'contoso.local', exchangeVersion: '2010', servicePack: 'SP3', rollup: 0, edition: 'Standard', externalHostnames: [] },
      goals: { highlyAvailable: true },
      deployment: { setupMediaPath: 'D:\\', filterPackPath: 'C:\\Install\\FilterPack64bit.exe', dnsServer: '', maxParallelHosts: 4 },
      sites: [],
      subnets: [],
      servers: [],
      nlbClusters: [],
      hardwareLoadBalancers: [],
      casArrays: [],
      dags: [],
      databases: [],
    },
    layout: { nodes: {} },
  };
}
