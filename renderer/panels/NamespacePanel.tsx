// The Namespace panel: per AD site the client access names (editable: internal, external, Autodiscover SCP) with the
// DNS records each needs and the address it points to (NLB VIP, load balancer VIP or a server), the certificate plan
// (subject, names, issuer, key size, services, servers) and the load balancer worksheet. Edits go through the
// document's edit commands (shared/edits/namespace.ts), so they undo like every other edit.
import { useMemo } from 'react';
import { planNamespace, removeNamespace, setAutodiscover, setSiteHost, updateCertificate } from '../../shared/edits/namespace';
import type { SiteHostField } from '../../shared/edits/namespace';
import { effectiveNamespace, hasNamespace, SERVICE_VDIRS } from '../../shared/namespace/derive';
import type { EffectiveSiteNamespace } from '../../shared/namespace/derive';
import { HostName } from '../../shared/model/namespace';
import { edit, useEditor } from '../store/editor';
import { SelectField, TextField, zodCheck } from '../inspector/fields';

const validHost = zodCheck(HostName);

function setHost(siteId: string, field: SiteHostField) {
  return (value: string) => edit((d) => setSiteHost(d, siteId, field, value), { toastErrors: false });
}

function SiteRow({ site }: { site: EffectiveSiteNamespace }) {
  const address = site.address ? `${site.address.ipv4} (${site.address.label})` : 'no address';
  return (
    <tr data-testid="ns-site" data-site={site.siteId}>
      <td>
        <strong>{site.siteName}</strong>
        <div className="muted">{site.internetFacing ? 'Internet-facing' : 'not Internet-facing: proxied'}</div>
      </td>
      <td>
        <TextField label="" ariaLabel={`Internal host name, ${site.siteName}`} value={site.internalHost} onCommit={setHost(site.siteId, 'internalHost')} validate={validHost} testId="ns-internal-host" />
      </td>
      <td>
        <TextField
          label=""
          ariaLabel={`External host name, ${site.siteName}`}
          value={site.externalHost}
          placeholder="(not published: $null)"
          onCommit={setHost(site.siteId, 'externalHost')}
          validate={validHost}
          testId="ns-external-host"
        />
      </td>
      <td>
        <TextField label="" ariaLabel={`Autodiscover SCP host, ${site.siteName}`} value={site.autodiscoverInternalHost} onCommit={setHost(site.siteId, 'autodiscoverInternalHost')} validate={validHost} testId="ns-scp-host" />
      </td>
      <td data-testid="ns-address">{address}</td>
      <td className="muted">
        {site.outlookAnywhere.enabled ? `${site.outlookAnywhere.externalHost}, ${site.outlookAnywhere.clientAuthentication}${site.outlookAnywhere.sslOffloading ? ', SSL offloading' : ''}` : 'off'}
      </td>
    </tr>
  );
}

export function NamespacePanel() {
  const doc = useEditor((s) => s.doc);
  const design = doc.design;
  const ns = useMemo(() => (hasNamespace(design) ? effectiveNamespace(design) : null), [design]);
  if (!ns) {
    return (
      <p className="empty" data-testid="ns-empty">
        No client access namespace yet: add a Client Access server and the organization&apos;s external host names (e.g. mail.contoso.com) in the settings.
      </p>
    );
  }
  return (
    <div className="namespace-panel" data-testid="namespace-panel">
      <p className="muted" data-testid="ns-status">
        {ns.stated ? 'The runbook configures this namespace (URLs, SCP, Outlook Anywhere, DNS, certificate).' : 'Exchange 2010 defaults from the external host names: the runbook does not configure them until you plan the namespace or change a name.'}{' '}
        {ns.stated ? (
          <button type="button" className="link" onClick={() => edit(removeNamespace)} data-testid="ns-unplan">
            Stop planning the namespace
          </button>
        ) : (
          <button type="button" onClick={() => edit(planNamespace)} data-testid="ns-plan">
            Plan this namespace
          </button>
        )}
      </p>
      <h4>Names per AD site</h4>
      <table className="sizing" data-testid="ns-names">
        <thead>
          <tr>
            <th>AD site</th>
            <th title="InternalUrl host of OWA, ECP, EWS, OAB, ActiveSync">Internal name</th>
            <th title="ExternalUrl host; empty = not published ($null)">External name</th>
            <th title="AutoDiscoverServiceInternalUri host">Autodiscover SCP</th>
            <th>Points at</th>
            <th>Outlook Anywhere</th>
          </tr>
        </thead>
        <tbody>
          {ns.sites.map((site) => (
            <SiteRow key={site.siteId} site={site} />
          ))}
        </tbody>
      </table>
      <p className="muted" data-testid="ns-urls">
        URLs: {Object.values(SERVICE_VDIRS).map((v) => `${v.title} ${v.path}`).join(' · ')}; Autodiscover /Autodiscover/Autodiscover.xml.
      </p>
      <div className="ns-autodiscover">
        <TextField
          label="External Autodiscover name"
          value={ns.autodiscoverHost}
          placeholder="(none: SRV record only)"
          onCommit={(v) => edit((d) => setAutodiscover(d, { host: v }), { toastErrors: false })}
          validate={validHost}
          testId="ns-autodiscover-host"
        />
      </div>
      <h4>DNS records</h4>
      <table className="sizing" data-testid="ns-dns">
        <thead>
          <tr>
            <th>Zone</th>
            <th>Name</th>
            <th>Type</th>
            <th>Points at</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {ns.dns.map((r) => (
            <tr key={`${r.zone}|${r.name}|${r.type}|${r.target}`} data-testid="ns-dns-record" data-zone={r.zone} data-name={r.name}>
              <td>{r.zone === 'internal' ? 'internal (split-brain)' : 'external'}</td>
              <td>{r.name}</td>
              <td>{r.type}</td>
              <td>{r.target !== '' ? `${r.target} — ${r.points}` : r.points}</td>
              <td className="muted">{r.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Certificate plan</h4>
      {ns.certificates.length === 0 ? <p className="muted">No certificate: the Client Access servers keep setup&apos;s self-signed certificate.</p> : null}
      {ns.certificates.map((c) => (
        <section key={c.id} className="ns-certificate" data-testid="ns-certificate">
          <p>
            <strong>{c.subjectName}</strong> — {c.names.length} names: <span data-testid="ns-san">{c.names.join(', ')}</span>
          </p>
          <p className="muted">
            Enabled for {c.services.join(', ')} on {c.servers.map((s) => s.name).join(', ')} (requested on {c.servers[0]?.name ?? '—'}, exported with its key to the others).
          </p>
          <SelectField
            label="Issued by"
            value={c.issuer}
            options={[
              { value: 'public', label: 'a public certification authority' },
              { value: 'internal', label: 'the internal certification authority (AD CS)' },
            ]}
            onCommit={(v) => edit((d) => updateCertificate(d, c.id, { issuer: v }), { toastErrors: false })}
            testId="ns-issuer"
          />
          <SelectField
            label="Key size"
            value={String(c.keySize) as '1024' | '2048' | '4096'}
            options={[
              { value: '2048', label: '2048 bits' },
              { value: '4096', label: '4096 bits' },
              { value: '1024', label: '1024 bits (weak)' },
            ]}
            onCommit={(v) => edit((d) => updateCertificate(d, c.id, { keySize: Number(v) as 1024 | 2048 | 4096 }), { toastErrors: false })}
            testId="ns-key-size"
          />
        </section>
      ))}
      {ns.loadBalancers.map((lb) => (
        <section key={lb.hardwareLoadBalancerId} data-testid="ns-lb">
          <h4>
            Load balancer {lb.name} (VIP {lb.vip})
          </h4>
          <table className="sizing">
            <thead>
              <tr>
                <th>Virtual service</th>
                <th>Ports</th>
                <th>Persistence</th>
                <th>Health probe</th>
                <th>SSL</th>
              </tr>
            </thead>
            <tbody>
              {lb.services.map((s) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td>{s.ports}</td>
                  <td>{s.persistence}</td>
                  <td>{s.probe}</td>
                  <td>{s.ssl}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
