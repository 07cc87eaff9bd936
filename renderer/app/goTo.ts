// "Go there": a finding selects the object that owns its fix (shared/planner/owner.ts), shows it on the canvas
// (zooming only as far as needed) and focuses the field to change in the inspector. Double-click and the context
// menu's Rename focus the name field the same way.
import { create } from 'zustand';
import { canvasIdsOf } from '../../shared/canvas/badges';
import { ownerOf } from '../../shared/planner/owner';
import type { Finding } from '../../shared/planner/types';
import { requestView, select, useEditor } from '../store/editor';

export interface FocusRequest {
  readonly seq: number;
  /** The field (a model property name, see shared/planner/owner.ts); null: the pane's first field. */
  readonly field: string | null;
  /** The row inside the field (a database, a NIC). */
  readonly itemId: string | null;
  /** Select the field's text (renaming). */
  readonly selectText: boolean;
}

/** The inspector's pending focus: set here, consumed by the inspector once it shows the selected object. */
export const useFocusRequest = create<{ readonly request: FocusRequest | null }>()(() => ({ request: null }));

let focusSeq = 0;
export function requestFieldFocus(field: string | null, itemId: string | null = null, selectText = false): void {
  useFocusRequest.setState({ request: { seq: ++focusSeq, field, itemId, selectText } });
}

export function clearFocusRequest(seq: number): void {
  if (useFocusRequest.getState().request?.seq === seq) useFocusRequest.setState({ request: null });
}

/** Selects the object owning the finding's fix, shows it and focuses the field; else frames what it names. */
export function goToFinding(f: Pick<Finding, 'ruleId' | 'entityIds'>): void {
  const design = useEditor.getState().doc.design;
  const owner = ownerOf(f, design);
  if (owner?.kind === 'document') {
    select([]);
    requestFieldFocus(owner.field, null);
    return;
  }
  if (owner && owner.id !== null) {
    select([owner.id]);
    requestView({ kind: 'reveal', ids: [owner.id] });
    requestFieldFocus(owner.field, owner.itemId);
    return;
  }
  const ids = canvasIdsOf(f.entityIds, design).filter((id) => [design.sites, design.subnets, design.servers, design.dags, design.nlbClusters, design.hardwareLoadBalancers, design.casArrays].some((l) => l.some((x) => x.id === id)));
  select(ids);
  if (ids.length > 0) requestView({ kind: 'reveal', ids });
}

/** The name field of an object kind (a subnet is named by its CIDR, an NLB cluster by its FQDN). */
export function renameObject(id: string): void {
  select([id]);
  requestFieldFocus('name', null, true);
}

/**
 * Where a field lives in the inspector: `[data-field]` first (sections and rows that carry it), then the field's
 * test id. The first focusable element inside the match gets the focus.
 */
const FIELD_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  name: ['[data-testid="server-name"]', '[data-testid="dag-name"]', '[data-testid="site-name"]', '[data-testid="casarray-name"]', '[data-testid="hlb-name"]', '[data-testid="nlb-fqdn"]', '[data-testid="subnet-cidr"]'],
  fqdn: ['[data-testid="server-fqdn"]', '[data-testid="casarray-fqdn"]', '[data-testid="nlb-fqdn"]'],
  os: ['[data-testid="server-os-version"]'],
  cores: ['[data-testid="server-cores"]'],
  ramGB: ['[data-testid="server-ram"]'],
  storage: ['[data-testid="server-storage-gb"]'],
  exchangeEdition: ['[data-testid="server-exchange-edition"]'],
  domainJoined: ['[data-testid="server-domain-joined"]'],
  edgeSubscriptionSiteId: ['[data-testid="server-edge-subscription"]'],
  roles: ['[data-testid^="role-"]'],
  nics: ['[data-testid="nic-ip"]'],
  vip: ['[data-testid="nlb-vip"]', '[data-testid="hlb-vip"]'],
  mode: ['[data-testid="nlb-mode"]'],
  portRules: ['[data-testid="port-rule"] input', '[data-testid="nlb-cas-rules"]'],
  members: ['[data-testid="nlb-priority"]'],
  staticPorts: ['[data-testid="casarray-static-ports"]'],
  cidr: ['[data-testid="subnet-cidr"]'],
  purpose: ['[data-testid="subnet-purpose"]'],
  witnessServerId: ['[data-testid="dag-witness"]'],
  alternateWitnessServerId: ['[data-testid="dag-alternate-witness"]'],
  datacenterActivationMode: ['[data-testid="dag-dac-mode"]'],
  databases: ['[data-testid="database"] input', '[data-testid="add-database"]'],
  dnsServer: ['[data-testid="deployment-dns-server"]'],
  windowsSourcePath: ['[data-testid="deployment-sxs"]'],
  productKey: ['[data-testid="deployment-product-key"]'],
  sizing: ['[data-testid="sizing-on"]'],
  loadBalancer: ['[data-testid="casarray-lb"]'],
  clientsOnOtherSubnets: ['[data-testid="nlb-ip-forwarding"]'],
};

/** Fields found by their visible label (no test id). */
const FIELD_LABELS: Readonly<Record<string, string>> = { siteId: 'AD site', domainController: 'Domain controller', existing: 'Already deployed (the runbook only verifies it)' };

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

function focusableIn(el: Element): HTMLElement | null {
  if (el.matches(FOCUSABLE)) return el as HTMLElement;
  return el.querySelector<HTMLElement>(FOCUSABLE);
}

/** The element to focus for a request inside the inspector pane, or null when the pane has no such field. */
export function findField(root: HTMLElement, field: string | null, itemId: string | null): HTMLElement | null {
  if (field === null) return root.querySelector<HTMLElement>(`.inspector-pane ${FOCUSABLE}`);
  const scopes: Element[] = [];
  const byField = root.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (byField) scopes.push(byField);
  if (itemId !== null) {
    const name = itemName(itemId);
    const item = root.querySelector(`[data-item="${CSS.escape(itemId)}"]`) ?? (name !== null ? (byField ?? root).querySelector(`[data-name="${CSS.escape(name)}"], [data-nic="${CSS.escape(name)}"]`) : null);
    if (item) scopes.unshift(item);
  }
  for (const scope of scopes) {
    const el = focusableIn(scope);
    if (el) return el;
  }
  for (const selector of FIELD_SELECTORS[field] ?? []) {
    const el = root.querySelector(selector);
    const target = el ? focusableIn(el) : null;
    if (target) return target;
  }
  const label = FIELD_LABELS[field];
  if (label !== undefined) {
    const hit = [...root.querySelectorAll('.field')].find((el) => el.querySelector('.field-label')?.textContent?.trim() === label);
    const target = hit ? focusableIn(hit) : null;
    if (target) return target;
  }
  return scopes[0] instanceof HTMLElement ? scopes[0] : null;
}

/** The name the inspector shows a row by (a database's, a NIC's), for panes that mark rows by name. */
function itemName(id: string): string | null {
  const design = useEditor.getState().doc.design;
  const db = design.databases.find((d) => d.id === id);
  if (db) return db.name;
  for (const s of design.servers) {
    const nic = s.nics.find((n) => n.id === id);
    if (nic) return nic.name;
  }
  return null;
}
