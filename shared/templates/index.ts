// The design templates offered by `extopo new` and the renderer's "New" gallery: the reference designs in
// examples/ plus a blank design. Pure data (no Node imports): the example files are bundled in statically.
import seedLab from '../../examples/seed-lab.extopo.json';
import minimalHa from '../../examples/minimal-ha.extopo.json';
import multiRoleHlb from '../../examples/multi-role-hlb.extopo.json';
import largeLagged from '../../examples/large-lagged.extopo.json';
import twoDatacenter from '../../examples/two-datacenter.extopo.json';
import { emptyDesign } from '../edits/document';
import { FORMAT_VERSION } from '../model/schema';
import type { DesignDocumentInput } from '../model/types';

export interface DesignTemplate {
  /** Short, stable name used on the command line: `extopo new --template minimal-ha`. */
  readonly name: string;
  readonly title: string;
  /** One or two sentences: what the design shows and what the planner says about it. */
  readonly description: string;
  /** The design file's content, as written in a file (defaults not yet applied). */
  readonly document: DesignDocumentInput;
}

const BLANK: DesignDocumentInput = {
  formatVersion: FORMAT_VERSION,
  title: 'New Exchange 2010 design',
  revision: 0,
  design: {
    ...emptyDesign(),
    sites: [{ id: 'site-1', name: 'Default-First-Site-Name' }],
    subnets: [{ id: 'subnet-1', siteId: 'site-1', cidr: '192.168.0.0/24', gateway: '192.168.0.1', purpose: 'mapi' }],
  },
  layout: {
    nodes: {
      'site-1': { x: 0, y: 0, width: 1000, height: 600 },
      'subnet-1': { x: 40, y: 60, width: 920, height: 40 },
    },
  },
};

/** A JSON import's inferred type widens enums to string: the loader checks the content, the tests prove it loads. */
const asDocument = (json: unknown): DesignDocumentInput => json as DesignDocumentInput;

const TEMPLATES: readonly DesignTemplate[] = [
  {
    name: 'blank',
    title: 'Blank design',
    description: 'An organization with one AD site and one subnet, no servers yet: start drawing from scratch.',
    document: BLANK,
  },
  {
    name: 'seed-lab',
    title: 'Seed lab: CAS array with Windows NLB',
    description:
      'Two CAS+HT servers (EX3, EX4) in a Windows NLB CAS array and one existing Mailbox server (EX2): the classic lab. ' +
      'Valid, with warnings: Mailbox is not highly available and the default NLB port rule is still in place.',
    document: asDocument(seedLab),
  },
  {
    name: 'minimal-ha',
    title: 'Minimal HA: four servers',
    description:
      'Two CAS+HT servers behind a Windows NLB CAS array and two Mailbox servers in a DAG with two copies of each database: ' +
      'the smallest design that is highly available for every role when Windows NLB is used.',
    document: asDocument(minimalHa),
  },
  {
    name: 'multi-role-hlb',
    title: 'Two multi-role servers behind a hardware load balancer',
    description:
      'Two CAS+HT+Mailbox servers in one DAG, the CAS array behind a hardware load balancer (Windows NLB cannot share ' +
      'servers with a DAG) and a file server as the witness.',
    document: asDocument(multiRoleHlb),
  },
  {
    name: 'large-lagged',
    title: 'Large: three sites, 40 servers, lagged copies',
    description:
      'Three AD sites, 40 servers, three DAGs, Windows NLB and hardware load balancers, 120 databases with three or four ' +
      'copies each, some of them lagged. A valid design at scale.',
    document: asDocument(largeLagged),
  },
  {
    name: 'two-datacenter',
    title: 'Two datacenters: a stretched DAG with Datacenter Activation Coordination',
    description:
      'Two AD sites (Primary, Internet-facing; DR), a five-member DAG across both with DAC on, the witness in Primary and the ' +
      'alternate witness in DR, a CAS array behind a hardware load balancer and two Hub Transport servers per site, lagged copies ' +
      'in DR, public folder replicas for Outlook 2003 and a subscribed Edge Transport server in the perimeter network.',
    document: asDocument(twoDatacenter),
  },
];

export function listTemplates(): readonly DesignTemplate[] {
  return TEMPLATES;
}

export function templateNames(): readonly string[] {
  return TEMPLATES.map((t) => t.name);
}

export function findTemplate(name: string): DesignTemplate | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/**
 * The template as the text of a new design file: pretty JSON that the loader accepts. The examples' "$schema"
 * key is dropped because its relative path only resolves inside examples/. Throws on an unknown name (callers
 * list the valid names from listTemplates() first).
 */
export function templateText(name: string): string {
  const template = findTemplate(name);
  if (!template) throw new Error(`Unknown template "${name}". Templates: ${templateNames().join(', ')}.`);
  const { $schema: _schema, ...document } = template.document;
  return `${JSON.stringify(document, null, 2)}\n`;
}
