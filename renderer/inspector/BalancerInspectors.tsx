// Inspector panes of Windows NLB clusters, hardware load balancers and CAS arrays.
import { applyExchangeCasPortRules, deleteEntities, SUGGESTED_STATIC_PORTS } from '../../shared/edits';
import { edgeId } from '../../shared/canvas/edgeIds';
import type { CasArray, HardwareLoadBalancer, NlbCluster, PortRule } from '../../shared/model/types';
import { useEditor } from '../store/editor';
import { AFFINITIES, NLB_MODES, PROTOCOLS, SiteField, apply, outsideSubnet, patchAt, patcher, validateDns, validateIpv4, validateObjectName } from './common';
import { CheckField, NumberField, RemoveButton, Section, SelectField, TextField } from './fields';

export function NlbInspector({ cluster }: { cluster: NlbCluster }) {
  const design = useEditor((s) => s.doc.design);
  const set = patcher('nlbCluster', cluster.id);
  const subnet = design.subnets.find((s) => s.id === cluster.subnetId);
  const setRule = (i: number, patch: Partial<PortRule>) => set({ portRules: patchAt(cluster.portRules, i, patch) });
  const setMember = (i: number, patch: Partial<NlbCluster['members'][number]>) => set({ members: patchAt(cluster.members, i, patch) });
  return (
    <div className="inspector-pane" data-testid="inspector-nlb">
      <h3>NLB cluster {cluster.fqdn}</h3>
      <Section title="Cluster">
        <TextField label="Cluster FQDN" value={cluster.fqdn} validate={validateDns} onCommit={(v) => set({ fqdn: v })} testId="nlb-fqdn" />
        <div className="row">
          <TextField label="VIP" value={cluster.vip} validate={validateIpv4} warn={outsideSubnet(subnet?.cidr, 'nlb.vip-subnet')} onCommit={(v) => set({ vip: v })} testId="nlb-vip" />
          <SelectField label="Subnet" value={cluster.subnetId} options={design.subnets.map((s) => ({ value: s.id, label: s.cidr }))} onCommit={(v) => set({ subnetId: v })} />
        </div>
        <SelectField label="Mode" value={cluster.mode} options={NLB_MODES} onCommit={(v) => set({ mode: v })} testId="nlb-mode" />
        <CheckField label="Clients on other subnets (IP forwarding on the NLB NIC)" checked={cluster.clientsOnOtherSubnets} onCommit={(v) => set({ clientsOnOtherSubnets: v })} testId="nlb-ip-forwarding" />
      </Section>
      <Section
        title={`Port rules (${cluster.portRules.length})`}
        field="portRules"
        actions={
          <button type="button" data-testid="nlb-cas-rules" title="Replace the rules with HTTP, HTTPS, the RPC endpoint mapper and the CAS array's RPC ports" onClick={() => apply((d) => applyExchangeCasPortRules(d, cluster.id))}>
            Use Exchange CAS rules
          </button>
        }
      >
        <table className="rules">
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th>Protocol</th>
              <th>Affinity</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cluster.portRules.map((r, i) => (
              <tr key={`${i}-${r.startPort}-${r.endPort}`} data-testid="port-rule">
                <td>
                  <NumberField label="" value={r.startPort} integer min={0} max={65535} onCommit={(v) => setRule(i, { startPort: v ?? 0 })} />
                </td>
                <td>
                  <NumberField label="" value={r.endPort} integer min={0} max={65535} onCommit={(v) => setRule(i, { endPort: v ?? 0 })} />
                </td>
                <td>
                  <SelectField label="" value={r.protocol} options={PROTOCOLS} onCommit={(v) => setRule(i, { protocol: v })} />
                </td>
                <td>
                  <SelectField label="" value={r.affinity} options={AFFINITIES} onCommit={(v) => setRule(i, { affinity: v })} />
                </td>
                <td>
                  <RemoveButton title="Remove this rule" onClick={() => set({ portRules: cluster.portRules.filter((_, j) => j !== i) })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row-actions">
          <button type="button" onClick={() => set({ portRules: [...cluster.portRules, { startPort: 443, endPort: 443, protocol: 'Tcp', affinity: 'Single' }] })}>
            Add rule
          </button>
        </div>
      </Section>
      <Section title={`Hosts (${cluster.members.length})`} field="members">
        {cluster.members.length === 0 ? <p className="muted">Wire Client Access servers to the cluster.</p> : null}
        <table className="rules">
          <thead>
            <tr>
              <th>Server</th>
              <th>NLB NIC</th>
              <th>Priority</th>
              <th>Weight</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cluster.members.map((m, i) => {
              const server = design.servers.find((s) => s.id === m.serverId);
              return (
                <tr key={m.serverId} data-testid="nlb-member" data-server={server?.name}>
                  <td>{server?.name ?? m.serverId}</td>
                  <td>
                    <SelectField label="" value={m.nicId} options={(server?.nics ?? []).map((n) => ({ value: n.id, label: `${n.name} ${n.ipv4}` }))} onCommit={(v) => setMember(i, { nicId: v })} />
                  </td>
                  <td>
                    <NumberField label="" value={m.hostPriority} integer min={1} max={32} onCommit={(v) => setMember(i, { hostPriority: v ?? 1 })} testId="nlb-priority" />
                  </td>
                  <td>
                    <NumberField label="" unit="%" value={m.loadWeight} integer min={0} max={100} onCommit={(v) => setMember(i, { loadWeight: v ?? 50 })} />
                  </td>
                  <td>
                    <RemoveButton title="Remove from the cluster" onClick={() => apply((d) => deleteEntities(d, [edgeId({ kind: 'nlbMember', clusterId: cluster.id, serverId: m.serverId })]))} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

export function HlbInspector({ hlb }: { hlb: HardwareLoadBalancer }) {
  const servers = useEditor((s) => s.doc.design.servers);
  const subnets = useEditor((s) => s.doc.design.subnets);
  const set = patcher('hardwareLoadBalancer', hlb.id);
  return (
    <div className="inspector-pane" data-testid="inspector-hlb">
      <h3>Hardware load balancer {hlb.name}</h3>
      <Section title="Load balancer">
        <TextField label="Name" value={hlb.name} validate={validateObjectName} onCommit={(v) => set({ name: v })} testId="hlb-name" />
        <TextField label="VIP" value={hlb.vip} validate={validateIpv4} onCommit={(v) => set({ vip: v })} testId="hlb-vip" />
        <SelectField
          label="VIP subnet"
          value={hlb.subnetId ?? ''}
          options={[{ value: '', label: 'The subnet holding the VIP' }, ...subnets.map((s) => ({ value: s.id, label: `${s.cidr} (${s.purpose})` }))]}
          onCommit={(v) => set({ subnetId: v === '' ? null : v })}
          testId="hlb-vip-subnet"
        />
      </Section>
      <Section title={`Members (${hlb.memberIds.length})`} field="members">
        <ul className="plain">
          {hlb.memberIds.map((id) => (
            <li key={id}>
              {servers.find((s) => s.id === id)?.name ?? id}{' '}
              <button type="button" className="link" onClick={() => set({ memberIds: hlb.memberIds.filter((m) => m !== id) })}>
                remove
              </button>
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}

export function CasArrayInspector({ array }: { array: CasArray }) {
  const design = useEditor((s) => s.doc.design);
  const set = patcher('casArray', array.id);
  const lbValue = array.nlbClusterId !== null ? `nlb:${array.nlbClusterId}` : array.hardwareLoadBalancerId !== null ? `hlb:${array.hardwareLoadBalancerId}` : '';
  const lbOptions = [
    { value: '', label: 'None' },
    ...design.nlbClusters.map((c) => ({ value: `nlb:${c.id}`, label: `NLB ${c.fqdn} (${c.vip})` })),
    ...design.hardwareLoadBalancers.map((h) => ({ value: `hlb:${h.id}`, label: `Hardware LB ${h.name} (${h.vip})` })),
  ];
  return (
    <div className="inspector-pane" data-testid="inspector-casarray">
      <h3>CAS array {array.name}</h3>
      <Section title="Array">
        <TextField label="Name" value={array.name} validate={validateObjectName} onCommit={(v) => set({ name: v })} testId="casarray-name" />
        <TextField label="FQDN (internal name Outlook connects to)" value={array.fqdn} validate={validateDns} onCommit={(v) => set({ fqdn: v })} testId="casarray-fqdn" />
        <SiteField value={array.siteId} onCommit={(v) => set({ siteId: v })} />
        <SelectField
          label="Load balancer"
          value={lbValue}
          options={lbOptions}
          onCommit={(v) => set(v === '' ? { nlbClusterId: null, hardwareLoadBalancerId: null } : v.startsWith('nlb:') ? { nlbClusterId: v.slice(4), hardwareLoadBalancerId: null } : { hardwareLoadBalancerId: v.slice(4), nlbClusterId: null })}
          testId="casarray-lb"
        />
      </Section>
      <Section title="Static RPC ports">
        <CheckField
          label="Static ports for RPC Client Access and the Address Book"
          checked={array.staticPorts !== null}
          onCommit={(on) => set({ staticPorts: on ? { ...SUGGESTED_STATIC_PORTS } : null })}
          testId="casarray-static-ports"
          hint="Recommended with Windows NLB: balance two ports instead of the whole dynamic range (59531–60554)."
        />
        {array.staticPorts ? (
          <div className="row">
            <NumberField label="RPC Client Access" value={array.staticPorts.rpcClientAccess} integer min={1024} max={65535} onCommit={(v) => set({ staticPorts: { rpcClientAccess: v ?? 59532, addressBook: array.staticPorts?.addressBook ?? 59533 } })} />
            <NumberField label="Address Book" value={array.staticPorts.addressBook} integer min={1024} max={65535} onCommit={(v) => set({ staticPorts: { rpcClientAccess: array.staticPorts?.rpcClientAccess ?? 59532, addressBook: v ?? 59533 } })} />
          </div>
        ) : null}
      </Section>
    </div>
  );
}
