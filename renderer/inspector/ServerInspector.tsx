// Inspector pane of a server: name, FQDN, site, roles, OS, cores, RAM, flags, NICs, memberships and databases.
import { useState } from 'react';
import { edgeId } from '../../shared/canvas/edgeIds';
import { connect, deleteEntities, updateEntity, updateNic } from '../../shared/edits';
import type { Role, Server } from '../../shared/model/types';
import { ROLE_BADGE_TEXT, ROLE_COLORS, ROLE_ORDER, ROLE_TITLES } from '../theme';
import { useEditor } from '../store/editor';
import { DatabasesEditor } from './DatabasesEditor';
import { ServerSizingSection } from './SizingInputs';
import { EXCHANGE_EDITIONS, NIC_PURPOSES, SiteField, WINDOWS_EDITIONS, WINDOWS_VERSIONS, apply, netbiosWarning, outsideSubnet, patcher, validateComputerName, validateDns, validateIpv4, validateObjectName, validateProductKey } from './common';
import { AddPicker, CheckField, NumberField, RemoveButton, Section, SelectField, TextField } from './fields';

function RolesField({ server }: { server: Server }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const toggle = (role: Role, on: boolean) => {
    const roles = on ? ROLE_ORDER.filter((r) => r === role || server.roles.includes(r)) : server.roles.filter((r) => r !== role);
    setRefusal(apply((d) => updateEntity(d, 'server', server.id, { roles })));
  };
  return (
    <div className="field">
      <span className="field-label">Roles</span>
      <div className="role-toggles">
        {ROLE_ORDER.map((r) => (
          <label key={r} className="role-toggle" title={ROLE_TITLES[r]}>
            <input type="checkbox" checked={server.roles.includes(r)} onChange={(e) => toggle(r, e.target.checked)} data-testid={`role-${r}`} />
            <span className="role" style={{ background: ROLE_COLORS[r], color: ROLE_BADGE_TEXT }}>
              {r}
            </span>
          </label>
        ))}
      </div>
      {refusal ? <span className="field-error">{refusal}</span> : null}
    </div>
  );
}

function NicsSection({ server }: { server: Server }) {
  const subnets = useEditor((s) => s.doc.design.subnets);
  const subnetOptions = subnets.map((s) => ({ value: s.id, label: `${s.cidr} (${s.purpose})` }));
  return (
    <Section title={`NICs (${server.nics.length})`} field="nics">
      {server.nics.map((nic) => (
        <div key={nic.id} className="nic-row" data-testid="nic-row" data-nic={nic.name} data-item={nic.id}>
          <div className="row">
            <TextField label="Name" value={nic.name} validate={validateObjectName} onCommit={(v) => apply((d) => updateNic(d, server.id, nic.id, { name: v }))} />
            <TextField label="IPv4" value={nic.ipv4} validate={validateIpv4} warn={outsideSubnet(subnets.find((s) => s.id === nic.subnetId)?.cidr, 'ip.in-subnet')} onCommit={(v) => apply((d) => updateNic(d, server.id, nic.id, { ipv4: v }))} testId="nic-ip" />
          </div>
          <div className="row">
            <SelectField label="Subnet" value={nic.subnetId} options={subnetOptions} onCommit={(v) => apply((d) => updateNic(d, server.id, nic.id, { subnetId: v }))} />
            <SelectField label="Purpose" value={nic.purpose} options={NIC_PURPOSES} onCommit={(v) => apply((d) => updateNic(d, server.id, nic.id, { purpose: v }))} />
            <RemoveButton title="Remove this NIC" onClick={() => apply((d) => deleteEntities(d, [edgeId({ kind: 'nic', serverId: server.id, nicId: nic.id })]))} />
          </div>
        </div>
      ))}
      <AddPicker placeholder="Add a NIC on…" ariaLabel="Subnet of the new NIC" options={subnetOptions} buttonLabel="Add NIC" onAdd={(subnetId) => apply((d) => connect(d, server.id, subnetId))} />
    </Section>
  );
}

function Memberships({ server }: { server: Server }) {
  const design = useEditor((s) => s.doc.design);
  const nlbs = design.nlbClusters.filter((c) => c.members.some((m) => m.serverId === server.id));
  const hlbs = design.hardwareLoadBalancers.filter((h) => h.memberIds.includes(server.id));
  const dag = design.dags.find((d) => d.memberIds.includes(server.id));
  if (nlbs.length + hlbs.length === 0 && !dag) return null;
  return (
    <Section title="Memberships">
      <ul className="plain">
        {nlbs.map((c) => {
          const m = c.members.find((x) => x.serverId === server.id);
          const nic = server.nics.find((n) => n.id === m?.nicId);
          return (
            <li key={c.id}>
              NLB cluster <strong>{c.fqdn}</strong>: NIC {nic ? `${nic.name} ${nic.ipv4}` : m?.nicId}, priority {m?.hostPriority}{' '}
              <button type="button" className="link" onClick={() => apply((d) => deleteEntities(d, [edgeId({ kind: 'nlbMember', clusterId: c.id, serverId: server.id })]))}>
                leave
              </button>
            </li>
          );
        })}
        {hlbs.map((h) => (
          <li key={h.id}>
            Hardware load balancer <strong>{h.name}</strong>{' '}
            <button type="button" className="link" onClick={() => apply((d) => deleteEntities(d, [edgeId({ kind: 'hlbMember', hlbId: h.id, serverId: server.id })]))}>
              leave
            </button>
          </li>
        ))}
        {dag ? (
          <li>
            DAG <strong>{dag.name}</strong>{' '}
            <button type="button" className="link" onClick={() => apply((d) => updateEntity(d, 'dag', dag.id, { memberIds: dag.memberIds.filter((m) => m !== server.id) }))}>
              leave
            </button>
          </li>
        ) : null}
      </ul>
    </Section>
  );
}

export function ServerInspector({ server }: { server: Server }) {
  const dag = useEditor((s) => s.doc.design.dags.find((d) => d.memberIds.includes(server.id)));
  const servers = useEditor((s) => s.doc.design.servers);
  const design = useEditor((s) => s.doc.design);
  const set = patcher('server', server.id);
  const eligible = server.roles.includes('MB')
    ? dag
      ? servers.filter((s) => dag.memberIds.includes(s.id)).map((s) => ({ id: s.id, name: s.name }))
      : [{ id: server.id, name: server.name }]
    : [];
  return (
    <div className="inspector-pane" data-testid="inspector-server">
      <h3>
        Server {server.name}
        {server.existing ? <span className="tag">existing</span> : null}
      </h3>
      <Section title="Identity">
        <TextField label="Name" value={server.name} validate={validateComputerName} warn={netbiosWarning} onCommit={(v) => set({ name: v })} testId="server-name" />
        <TextField label="FQDN" value={server.fqdn} validate={validateDns} onCommit={(v) => set({ fqdn: v })} testId="server-fqdn" />
        <SiteField value={server.siteId} onCommit={(v) => set({ siteId: v })} />
        <RolesField server={server} />
      </Section>
      <Section title="Hardware and OS">
        <div className="row">
          <SelectField label="Windows Server" value={server.os.version} options={WINDOWS_VERSIONS} onCommit={(v) => set({ os: { ...server.os, version: v } })} testId="server-os-version" />
          <SelectField label="Edition" value={server.os.edition} options={WINDOWS_EDITIONS} onCommit={(v) => set({ os: { ...server.os, edition: v } })} testId="server-os-edition" />
          <NumberField label="SP" value={server.os.servicePack} integer min={0} max={2} onCommit={(v) => set({ os: { ...server.os, servicePack: v ?? 0 } })} />
        </div>
        <div className="row">
          <NumberField label="Cores" value={server.cores} integer min={1} max={256} onCommit={(v) => set({ cores: v ?? 1 })} testId="server-cores" />
          <NumberField label="RAM" unit="GB" value={server.ramGB} min={1} max={4096} onCommit={(v) => set({ ramGB: v ?? 1 })} testId="server-ram" />
        </div>
        <CheckField label="Virtual machine" checked={server.virtualized} onCommit={(v) => set({ virtualized: v })} />
        <CheckField label="Domain controller" checked={server.domainController} onCommit={(v) => set({ domainController: v })} />
        <CheckField label="Already deployed (the runbook only verifies it)" checked={server.existing} onCommit={(v) => set({ existing: v })} />
      </Section>
      <Section title="Exchange">
        <SelectField
          label="Exchange edition"
          value={server.exchangeEdition ?? ''}
          options={[{ value: '', label: `The organization's (${design.organization.edition})` }, ...EXCHANGE_EDITIONS]}
          onCommit={(v) => set({ exchangeEdition: v === '' ? undefined : v })}
          testId="server-exchange-edition"
        />
        <TextField label="Product key (empty = the deployment's)" value={server.productKey ?? ''} validate={validateProductKey} onCommit={(v) => set({ productKey: v })} testId="server-product-key" />
        {server.roles.includes('Edge') ? (
          <>
            <CheckField label="Domain-joined (an Edge Transport server must not be)" checked={server.domainJoined ?? true} onCommit={(v) => set({ domainJoined: v })} testId="server-domain-joined" />
            <SelectField
              label="Edge Subscription (AD site)"
              value={server.edgeSubscriptionSiteId ?? ''}
              options={[{ value: '', label: 'Not subscribed' }, ...design.sites.map((s) => ({ value: s.id, label: s.name }))]}
              onCommit={(v) => set({ edgeSubscriptionSiteId: v === '' ? null : v })}
              testId="server-edge-subscription"
            />
          </>
        ) : null}
      </Section>
      <ServerSizingSection server={server} />
      <NicsSection server={server} />
      <Memberships server={server} />
      {server.roles.includes('MB') ? (
        <div data-field="databases">
          <DatabasesEditor serverIds={[server.id]} eligible={eligible} />
        </div>
      ) : null}
    </div>
  );
}
