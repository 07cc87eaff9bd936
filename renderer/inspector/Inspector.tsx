// The inspector: every property of the selection, edited in place with inline validation; several servers at once
// (OS, cores, RAM); the organization, goals, sizing and deployment settings when nothing is selected.
import { Fragment, useDeferredValue, useEffect, useLayoutEffect, useRef } from 'react';
import { parseEdgeId } from '../../shared/canvas/edgeIds';
import { deleteEntities, findEntity, updateEntities, updateSettings } from '../../shared/edits';
import type { Patch } from '../../shared/edits';
import type { Design } from '../../shared/model/types';
import { plural } from '../../shared/planner/text';
import { clearFocusRequest, findField, useFocusRequest } from '../app/goTo';
import { useEditor } from '../store/editor';
import { CasArrayInspector, HlbInspector, NlbInspector } from './BalancerInspectors';
import { EXCHANGE_EDITIONS, SERVICE_PACKS, WINDOWS_EDITIONS, WINDOWS_VERSIONS, apply, validateDns, validateObjectName, validateWindowsPath } from './common';
import { CheckField, NumberField, Section, SelectField, TextField } from './fields';
import { FindingsSection } from './FindingsSection';
import { DagInspector, SiteInspector, SubnetInspector } from './GroupInspectors';
import { ServerInspector } from './ServerInspector';
import { SizingInputsSection } from './SizingInputs';

function DocumentInspector() {
  const doc = useEditor((s) => s.doc);
  const d = doc.design;
  const org = d.organization;
  const set = (patch: Parameters<typeof updateSettings>[1]) => apply((x) => updateSettings(x, patch));
  return (
    <div className="inspector-pane" data-testid="inspector-document">
      <h3>Design</h3>
      <p className="muted">
        {plural(d.servers.length, 'server')} · {plural(d.subnets.length, 'subnet')} · {plural(d.dags.length, 'DAG')} · {plural(d.nlbClusters.length + d.hardwareLoadBalancers.length, 'load balancer')} · {plural(d.databases.length, 'database')}
      </p>
      <Section title="Document">
        <TextField label="Title" value={doc.title} onCommit={(v) => set({ title: v })} validate={(v) => (v.length > 200 ? 'at most 200 characters' : null)} testId="doc-title" />
      </Section>
      <Section title="Organization">
        <TextField label="Exchange organization" value={org.name} validate={validateObjectName} onCommit={(v) => set({ organization: { name: v } })} testId="org-name" />
        <TextField label="AD domain" value={org.adDomain} validate={validateDns} onCommit={(v) => set({ organization: { adDomain: v } })} testId="org-domain" />
        <div className="row">
          <SelectField label="Service pack" value={org.servicePack} options={SERVICE_PACKS} onCommit={(v) => set({ organization: { servicePack: v } })} />
          <NumberField label="Update rollup" value={org.rollup} integer min={0} max={40} onCommit={(v) => set({ organization: { rollup: v ?? 0 } })} />
          <SelectField label="Edition" value={org.edition} options={EXCHANGE_EDITIONS} onCommit={(v) => set({ organization: { edition: v } })} />
        </div>
        <TextField
          label="External host names (OWA, Outlook Anywhere, Autodiscover)"
          value={org.externalHostnames.join(', ')}
          placeholder="mail.contoso.com, autodiscover.contoso.com"
          validate={(v) => {
            const bad = v.split(',').map((x) => x.trim()).filter(Boolean).find((x) => validateDns(x) !== null);
            return bad ? `"${bad}": ${validateDns(bad)}` : null;
          }}
          onCommit={(v) => set({ organization: { externalHostnames: v.split(',').map((x) => x.trim()).filter(Boolean) } })}
        />
      </Section>
      <Section title="Goals">
        <CheckField label="Highly available (CAS, Hub Transport and Mailbox)" checked={d.goals.highlyAvailable} onCommit={(v) => set({ goals: { highlyAvailable: v } })} testId="goal-ha" />
      </Section>
      <SizingInputsSection design={d} />
      <Section title="Deployment">
        <TextField label="Setup media path" value={d.deployment.setupMediaPath} validate={validateWindowsPath} onCommit={(v) => set({ deployment: { setupMediaPath: v } })} />
        <TextField label="Filter Pack installer" value={d.deployment.filterPackPath} validate={validateWindowsPath} onCommit={(v) => set({ deployment: { filterPackPath: v } })} />
        <TextField
          label="DNS server (a domain controller)"
          value={d.deployment.dnsServer}
          placeholder="dc1.contoso.local (else the design's first domain controller)"
          validate={validateDns}
          onCommit={(v) => set({ deployment: { dnsServer: v } })}
          testId="deployment-dns-server"
        />
        <TextField
          label="Windows source path (sources\\sxs, 2012 / 2012 R2)"
          value={d.deployment.windowsSourcePath}
          placeholder="D:\\sources\\sxs"
          validate={(v) => (v === '' ? null : validateWindowsPath(v))}
          onCommit={(v) => set({ deployment: { windowsSourcePath: v } })}
          testId="deployment-sxs"
        />
        <TextField
          label={`Update rollup installer (SP3 RU${d.organization.rollup})`}
          value={d.deployment.updateRollupPath}
          validate={(v) => (v === '' ? null : validateWindowsPath(v))}
          onCommit={(v) => set({ deployment: { updateRollupPath: v } })}
          testId="deployment-rollup-path"
        />
        <TextField
          label={`Product key (Exchange ${d.organization.edition})`}
          value={d.deployment.productKey}
          placeholder="empty: the servers stay 120-day trials"
          validate={(v) => (v === '' || /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}$/.test(v) ? null : 'five groups of five letters or digits, e.g. ABCDE-FGHIJ-KLMNO-PQRST-UVWXY')}
          onCommit={(v) => set({ deployment: { productKey: v } })}
          testId="deployment-product-key"
        />
        <NumberField label="Hosts in parallel" value={d.deployment.maxParallelHosts} integer min={1} max={32} onCommit={(v) => set({ deployment: { maxParallelHosts: v ?? 1 } })} />
      </Section>
    </div>
  );
}

/** Several servers at once: the properties that are usually the same across them. */
function MultiInspector({ ids }: { ids: readonly string[] }) {
  const design = useEditor((s) => s.doc.design);
  const servers = design.servers.filter((s) => ids.includes(s.id));
  const allServers = servers.length === ids.length;
  const same = <T,>(get: (s: (typeof servers)[number]) => T): T | undefined => (servers.length > 0 && servers.every((s) => get(s) === get(servers[0])) ? get(servers[0]) : undefined);
  const set = (patch: (s: (typeof servers)[number]) => Patch<'server'>) => {
    let reason: string | null = null;
    // OS is an object: apply per server so each keeps its other OS fields.
    apply((doc) => {
      let current = doc;
      for (const s of servers) {
        const r = updateEntities(current, 'server', [s.id], patch(s));
        if (!r.ok) {
          reason = r.reason;
          return r;
        }
        current = r.doc;
      }
      return { ok: true, doc: current, created: [], notes: [] };
    });
    return reason;
  };
  return (
    <div className="inspector-pane" data-testid="inspector-multi">
      <h3>{ids.length} objects selected</h3>
      {allServers ? (
        <Section title={`${servers.length} servers: ${servers.map((s) => s.name).join(', ')}`}>
          <div className="row">
            <SelectField label="Windows Server" value={same((s) => s.os.version) ?? ('' as never)} options={[...(same((s) => s.os.version) ? [] : [{ value: '' as never, label: '(mixed)' }]), ...WINDOWS_VERSIONS]} onCommit={(v) => set((s) => ({ os: { ...s.os, version: v } }))} testId="multi-os-version" />
            <SelectField label="Edition" value={same((s) => s.os.edition) ?? ('' as never)} options={[...(same((s) => s.os.edition) ? [] : [{ value: '' as never, label: '(mixed)' }]), ...WINDOWS_EDITIONS]} onCommit={(v) => set((s) => ({ os: { ...s.os, edition: v } }))} testId="multi-os-edition" />
          </div>
          <div className="row">
            <NumberField label="Cores" value={same((s) => s.cores)} integer min={1} max={256} onCommit={(v) => (v === undefined ? null : set(() => ({ cores: v })))} />
            <NumberField label="RAM" unit="GB" value={same((s) => s.ramGB)} min={1} max={4096} onCommit={(v) => (v === undefined ? null : set(() => ({ ramGB: v })))} testId="multi-ram" />
          </div>
          <CheckField label="Virtual machines" checked={same((s) => s.virtualized) ?? false} onCommit={(v) => set(() => ({ virtualized: v }))} />
        </Section>
      ) : (
        <p className="muted">Select servers only to edit their OS, cores and RAM together.</p>
      )}
      <div className="row-actions">
        <button type="button" onClick={() => apply((doc) => deleteEntities(doc, ids))}>
          Delete {ids.length} objects
        </button>
      </div>
    </div>
  );
}

const EDGE_LABEL: Record<string, string> = {
  nic: 'NIC',
  nlbMember: 'NLB membership',
  hlbMember: 'Hardware LB membership',
  casArrayLb: 'Load balancer of the CAS array',
  dagIp: 'DAG IP address',
  dagReplication: 'DAG replication network',
};

function EdgeInspector({ id }: { id: string }) {
  const ref = parseEdgeId(id);
  if (!ref) return null;
  return (
    <div className="inspector-pane" data-testid="inspector-edge">
      <h3>{EDGE_LABEL[ref.kind]}</h3>
      <p className="muted">Select the server, load balancer or DAG at either end to edit the details.</p>
      <div className="row-actions">
        <button type="button" onClick={() => apply((doc) => deleteEntities(doc, [id]))} data-testid="delete-connection">
          Delete this connection
        </button>
      </div>
    </div>
  );
}

export function Inspector() {
  // Deferred: selecting a node (the start of a drag) must not wait for the inspector to render.
  const selection = useDeferredValue(useEditor((s) => s.selection));
  const design = useEditor((s) => s.doc.design);
  // Another document (New, Open, Import) remounts the pane even when an object of the same id is selected, so no
  // field keeps what it showed of the previous design.
  const documentId = useEditor((s) => s.documentId);
  const ids = [...selection].filter((id) => !id.includes('|'));
  const edges = [...selection].filter((id) => id.includes('|'));
  let pane;
  if (ids.length === 0 && edges.length === 1) pane = <EdgeInspector key={edges[0]} id={edges[0]} />;
  else if (ids.length === 0) pane = <DocumentInspector />;
  else if (ids.length > 1) pane = <MultiInspector key={ids.join(',')} ids={ids} />;
  else {
    const ref = findEntity(design, ids[0]);
    const id = ids[0];
    switch (ref?.kind) {
      case 'server':
        pane = <ServerInspector key={id} server={design.servers.find((s) => s.id === id) as Design['servers'][number]} />;
        break;
      case 'subnet':
        pane = <SubnetInspector key={id} subnet={design.subnets.find((s) => s.id === id) as Design['subnets'][number]} />;
        break;
      case 'site':
        pane = <SiteInspector key={id} site={design.sites.find((s) => s.id === id) as Design['sites'][number]} />;
        break;
      case 'dag':
        pane = <DagInspector key={id} dag={design.dags.find((s) => s.id === id) as Design['dags'][number]} />;
        break;
      case 'nlbCluster':
        pane = <NlbInspector key={id} cluster={design.nlbClusters.find((s) => s.id === id) as Design['nlbClusters'][number]} />;
        break;
      case 'hardwareLoadBalancer':
        pane = <HlbInspector key={id} hlb={design.hardwareLoadBalancers.find((s) => s.id === id) as Design['hardwareLoadBalancers'][number]} />;
        break;
      case 'casArray':
        pane = <CasArrayInspector key={id} array={design.casArrays.find((s) => s.id === id) as Design['casArrays'][number]} />;
        break;
      default:
        pane = <DocumentInspector />;
    }
  }
  // A new selection starts at the top of its properties (not where the previous object's scroll was).
  const aside = useRef<HTMLElement>(null);
  const key = [...selection].join(',');
  useLayoutEffect(() => {
    if (aside.current) aside.current.scrollTop = 0;
  }, [key]);
  // "Go there" (a finding, double-click, Rename): focus the field once the pane shows the requested object.
  const focusRequest = useFocusRequest((s) => s.request);
  const current = useEditor((s) => s.selection);
  useEffect(() => {
    if (!focusRequest || current !== selection || !aside.current) return;
    const root = aside.current;
    const frame = requestAnimationFrame(() => {
      clearFocusRequest(focusRequest.seq);
      const el = findField(root, focusRequest.field, focusRequest.itemId);
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      if (focusRequest.selectText && el instanceof HTMLInputElement) el.select();
      const field = el.closest('.field, [data-field], tr') ?? el;
      field.classList.remove('flash');
      void (field as HTMLElement).offsetWidth;
      field.classList.add('flash');
      setTimeout(() => field.classList.remove('flash'), 1600);
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest, current, selection]);
  const findingsFor = ids.length === 1 ? ids[0] : null;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector" ref={aside}>
      <Fragment key={documentId}>{pane}</Fragment>
      {findingsFor !== null ? <FindingsSection id={findingsFor} /> : null}
    </aside>
  );
}
