// Inspector panes of AD sites, subnets and DAGs.
import { connect } from '../../shared/edits';
import { SUBNET_PREFIX_MAX, SUBNET_PREFIX_MIN, Schemas, parseCidr } from '../../shared/model';
import { plural } from '../../shared/planner/text';
import type { Dag, Site, Subnet } from '../../shared/model/types';
import { useEditor } from '../store/editor';
import { DatabasesEditor } from './DatabasesEditor';
import { DAC_MODES, NETWORK_PURPOSES, SiteField, apply, netbiosWarning, outsideSubnet, patchAt, patcher, validateComputerName, validateDns, validateIpv4, validateObjectName, validateOptionalWindowsPath, validateWindowsPath } from './common';
import { AddPicker, CheckField, RemoveButton, Section, SelectField, TextField, zodCheck } from './fields';

const validateCidrText = (text: string): string | null => {
  const shape = zodCheck(Schemas.Cidr)(text);
  if (shape) return shape;
  return parseCidr(text) ? null : `the host bits must be 0 and the prefix /${SUBNET_PREFIX_MIN}–/${SUBNET_PREFIX_MAX}, e.g. 192.168.0.0/24`;
};

export function SiteInspector({ site }: { site: Site }) {
  const servers = useEditor((s) => s.doc.design.servers.filter((x) => x.siteId === site.id).length);
  return (
    <div className="inspector-pane" data-testid="inspector-site">
      <h3>AD site {site.name}</h3>
      <Section title="Site">
        <TextField label="Name" value={site.name} validate={validateObjectName} onCommit={(v) => patcher('site', site.id)({ name: v })} testId="site-name" />
        <p className="muted">{plural(servers, 'server')}. Drag objects into the site to place them here.</p>
      </Section>
    </div>
  );
}

export function SubnetInspector({ subnet }: { subnet: Subnet }) {
  const nics = useEditor((s) => s.doc.design.servers.reduce((n, x) => n + x.nics.filter((i) => i.subnetId === subnet.id).length, 0));
  const set = patcher('subnet', subnet.id);
  return (
    <div className="inspector-pane" data-testid="inspector-subnet">
      <h3>Subnet {subnet.cidr}</h3>
      <Section title="Network">
        <TextField label="CIDR" value={subnet.cidr} validate={validateCidrText} onCommit={(v) => set({ cidr: v })} hint="Moving to a block of the same size renumbers its addresses." testId="subnet-cidr" />
        <SelectField label="Purpose" value={subnet.purpose} options={NETWORK_PURPOSES} onCommit={(v) => set({ purpose: v })} testId="subnet-purpose" />
        <TextField
          label="Gateway"
          value={subnet.gateway ?? ''}
          placeholder="none"
          validate={(v) => (v === '' ? null : validateIpv4(v))}
          warn={outsideSubnet(subnet.cidr)}
          onCommit={(v) => set({ gateway: v === '' ? undefined : v })}
        />
        <SiteField value={subnet.siteId} onCommit={(v) => set({ siteId: v })} />
        <p className="muted">{plural(nics, 'NIC')} on this subnet.</p>
      </Section>
    </div>
  );
}

export function DagInspector({ dag }: { dag: Dag }) {
  const design = useEditor((s) => s.doc.design);
  const set = patcher('dag', dag.id);
  const members = design.servers.filter((s) => dag.memberIds.includes(s.id));
  const subnetLabel = (id: string) => design.subnets.find((s) => s.id === id)?.cidr ?? id;
  const mapiSubnets = design.subnets.filter((s) => s.purpose === 'mapi');
  const witnessOptions = [{ value: '', label: 'None / outside the design' }, ...design.servers.filter((s) => !dag.memberIds.includes(s.id)).map((s) => ({ value: s.id, label: `${s.name} (${s.roles.join('+') || 'no roles'})` }))];
  return (
    <div className="inspector-pane" data-testid="inspector-dag">
      <h3>DAG {dag.name}</h3>
      <Section title="Group">
        <TextField label="Name" value={dag.name} validate={validateComputerName} warn={netbiosWarning} onCommit={(v) => set({ name: v })} testId="dag-name" />
        <SiteField value={dag.siteId} onCommit={(v) => set({ siteId: v })} />
      </Section>
      <Section title={`Members (${members.length})`} field="members">
        {members.length === 0 ? <p className="muted">Drop Mailbox servers into the DAG, or wire them to it.</p> : null}
        <ul className="plain">
          {members.map((m) => (
            <li key={m.id}>
              {m.name}{' '}
              <button type="button" className="link" onClick={() => set({ memberIds: dag.memberIds.filter((x) => x !== m.id) })}>
                remove
              </button>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Witness">
        <SelectField label="Witness server" value={dag.witnessServerId ?? ''} options={witnessOptions} onCommit={(v) => set({ witnessServerId: v === '' ? null : v })} testId="dag-witness" />
        {dag.witnessServerId === null ? <TextField label="Witness host (FQDN outside the design)" value={dag.witnessHost} validate={validateDns} onCommit={(v) => set({ witnessHost: v })} /> : null}
        <TextField label="Witness directory" value={dag.witnessDirectory} validate={validateWindowsPath} onCommit={(v) => set({ witnessDirectory: v })} />
      </Section>
      <Section title="Site resilience">
        <SelectField label="Datacenter Activation Coordination" value={dag.datacenterActivationMode ?? 'Off'} options={DAC_MODES} onCommit={(v) => set({ datacenterActivationMode: v })} testId="dag-dac-mode" />
        <SelectField label="Alternate witness server" value={dag.alternateWitnessServerId ?? ''} options={witnessOptions} onCommit={(v) => set({ alternateWitnessServerId: v === '' ? null : v })} testId="dag-alternate-witness" />
        {(dag.alternateWitnessServerId ?? null) === null ? <TextField label="Alternate witness host (FQDN outside the design)" value={dag.alternateWitnessHost ?? ''} validate={validateDns} onCommit={(v) => set({ alternateWitnessHost: v })} /> : null}
        <TextField label="Alternate witness directory" value={dag.alternateWitnessDirectory ?? ''} validate={validateOptionalWindowsPath} onCommit={(v) => set({ alternateWitnessDirectory: v })} />
      </Section>
      <Section title={`DAG IP addresses (${dag.ipAddresses.length})`} field="ipAddresses">
        {dag.ipAddresses.map((ip, i) => (
          <div key={ip.subnetId} className="row">
            <TextField
              label={`on ${subnetLabel(ip.subnetId)}`}
              value={ip.ipv4}
              validate={validateIpv4}
              onCommit={(v) => set({ ipAddresses: patchAt(dag.ipAddresses, i, { ipv4: v }) })}
            />
            <RemoveButton title="Remove this address" onClick={() => set({ ipAddresses: dag.ipAddresses.filter((_, j) => j !== i) })} />
          </div>
        ))}
        <AddPicker
          placeholder="Add an IP on…"
          ariaLabel="MAPI subnet of the new DAG IP"
          options={mapiSubnets.map((s) => ({ value: s.id, label: s.cidr }))}
          buttonLabel="Add IP"
          onAdd={(subnetId) => apply((d) => connect(d, dag.id, subnetId))}
        />
      </Section>
      <Section title="Replication networks" field="replicationSubnetIds">
        {design.subnets.filter((s) => s.purpose === 'replication').length === 0 ? <p className="muted">No replication subnet in the design.</p> : null}
        {design.subnets
          .filter((s) => s.purpose === 'replication')
          .map((s) => (
            <CheckField
              key={s.id}
              label={s.cidr}
              checked={dag.replicationSubnetIds.includes(s.id)}
              onCommit={(on) => set({ replicationSubnetIds: on ? [...dag.replicationSubnetIds, s.id] : dag.replicationSubnetIds.filter((x) => x !== s.id) })}
            />
          ))}
      </Section>
      <div data-field="databases">
        <DatabasesEditor serverIds={dag.memberIds} eligible={members.map((m) => ({ id: m.id, name: m.name }))} />
      </div>
    </div>
  );
}
