// Canvas node components: server cards with role badges, subnet buses, AD site and DAG frames, NLB / hardware
// load balancer lozenges and the CAS array tag. Each shows a red / amber badge when the planner has findings on it.
import { memo } from 'react';
import { Handle, NodeResizer, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import type { BadgeCounts } from '../../shared/canvas/badges';
import { worstSeverity } from '../../shared/canvas/badges';
import { GROUP_DRAG_HANDLE_CLASS } from '../../shared/canvas/mapping';
import type { CasArrayNodeData, DagNodeData, HlbNodeData, NlbNodeData, ServerNodeData, SiteNodeData, SubnetNodeData } from '../../shared/canvas/mapping';
import { GROUP_HEADER, NODE_SIZE } from '../../shared/canvas/geometry';
import { DIAGRAM_COLORS, ROLE_BADGE_TEXT, ROLE_COLORS, ROLE_ORDER, ROLE_TITLES, SEVERITY_COLORS, SUBNET_COLORS, lozengePath } from '../theme';
import { commitResize } from './resize';
import { useFar, useOverview } from './lod';
import { ServerRunBadge } from '../run/ServerRunBadge';
import { SeverityIcon } from '../components/Icons';

/** Text on a finding badge: white on the error red, dark on the warning amber (white on amber is 3.2:1, under WCAG AA). */
const BADGE_TEXT = { error: '#ffffff', warning: '#1f2328' } as const;
/** Group frames are translucent: the wires under them (edges are drawn below the nodes) show through. */
const SITE_FILL_ALPHA = 0.15;
const DAG_FILL_ALPHA = 0.45;

/** "#rrggbb" → "rgba(r, g, b, alpha)". */
function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function FindingBadge({ counts }: { counts: BadgeCounts | null }) {
  const worst = worstSeverity(counts);
  if (!counts || worst === null || worst === 'info') return null;
  const n = worst === 'error' ? counts.error : counts.warning;
  const title = [counts.error ? `${counts.error} error(s)` : '', counts.warning ? `${counts.warning} warning(s)` : '', counts.info ? `${counts.info} note(s)` : '']
    .filter(Boolean)
    .join(', ');
  return (
    <span className={`finding-badge ${worst}`} style={{ background: SEVERITY_COLORS[worst], color: BADGE_TEXT[worst] }} title={`${title}: see the Problems tab`} data-testid="node-badge" data-severity={worst}>
      <SeverityIcon severity={worst} size={10} fill={BADGE_TEXT[worst]} knockout={SEVERITY_COLORS[worst]} label={false} /> {n}
    </span>
  );
}

function Handles() {
  const overview = useOverview();
  if (overview) return null;
  return (
    <>
      <Handle type="source" position={Position.Top} id="top" />
      <Handle type="source" position={Position.Bottom} id="bottom" />
    </>
  );
}

export const ServerNode = memo(function ServerNode({ data, selected }: NodeProps<Node<ServerNodeData, 'server'>>) {
  const far = useFar();
  const roles = ROLE_ORDER.filter((r) => data.roles.includes(r));
  return (
    <div className={`node-server${selected ? ' selected' : ''}${data.existing ? ' existing' : ''}`} data-testid="server-card" data-name={data.name} title={data.fqdn}>
      <Handles />
      <div className="node-title">
        <span className="server-name">{data.name}</span>
        <span className="roles">
          {roles.map((r) => (
            <span key={r} className="role" style={{ background: ROLE_COLORS[r], color: ROLE_BADGE_TEXT }} title={ROLE_TITLES[r]}>
              {r}
            </span>
          ))}
          {roles.length === 0 ? <span className="role none">no role</span> : null}
        </span>
      </div>
      {far
        ? null
        : data.lines.map((line) => (
            <div key={line} className="node-line">
              {line}
            </div>
          ))}
      <FindingBadge counts={data.badge} />
      <ServerRunBadge server={data.name} />
    </div>
  );
});

export const SubnetNode = memo(function SubnetNode({ id, data, selected, width }: NodeProps<Node<SubnetNodeData, 'subnet'>>) {
  const colors = SUBNET_COLORS[data.purpose];
  return (
    <div className={`node-subnet${selected ? ' selected' : ''}`} style={{ borderColor: colors.stroke, background: colors.fill }} data-testid="subnet-bus" data-cidr={data.cidr}>
      <NodeResizer isVisible={selected} minWidth={NODE_SIZE.server.width} minHeight={NODE_SIZE.subnet.height} maxHeight={NODE_SIZE.subnet.height} onResizeEnd={(_e, p) => commitResize(id, p)} />
      <Handles />
      <span className="subnet-label" style={{ color: colors.stroke }}>
        {data.cidr}
        <span className="muted">
          {' '}
          · {colors.label}
          {data.gateway ? ` · gateway ${data.gateway}` : ''}
        </span>
      </span>
      {(width ?? 0) > 900 ? (
        <span className="subnet-label end" style={{ color: colors.stroke }}>
          {data.cidr}
        </span>
      ) : null}
      <FindingBadge counts={data.badge} />
    </div>
  );
});

export const SiteNode = memo(function SiteNode({ id, data, selected }: NodeProps<Node<SiteNodeData, 'site'>>) {
  return (
    <div className={`node-group node-site${selected ? ' selected' : ''}`} style={{ borderColor: DIAGRAM_COLORS.site.stroke, background: translucent(DIAGRAM_COLORS.site.fill, SITE_FILL_ALPHA) }} data-testid="site-group" data-name={data.name}>
      <NodeResizer isVisible={selected} minWidth={300} minHeight={GROUP_HEADER * 3} onResizeEnd={(_e, p) => commitResize(id, p)} />
      <div className={`group-header ${GROUP_DRAG_HANDLE_CLASS}`}>
        <span className="group-kind">AD site</span> {data.name}
        <FindingBadge counts={data.badge} />
      </div>
    </div>
  );
});

export const DagNode = memo(function DagNode({ id, data, selected }: NodeProps<Node<DagNodeData, 'dag'>>) {
  return (
    <div className={`node-group node-dag${selected ? ' selected' : ''}`} style={{ borderColor: DIAGRAM_COLORS.dag.stroke, background: translucent(DIAGRAM_COLORS.dag.fill, DAG_FILL_ALPHA) }} data-testid="dag-group" data-name={data.name}>
      <NodeResizer isVisible={selected} minWidth={NODE_SIZE.server.width + 40} minHeight={GROUP_HEADER * 2} onResizeEnd={(_e, p) => commitResize(id, p)} />
      <Handles />
      <div className={`group-header ${GROUP_DRAG_HANDLE_CLASS}`} style={{ color: DIAGRAM_COLORS.dag.stroke }}>
        <span className="group-kind">DAG</span> {data.name}
        <span className="muted">
          {' '}
          · {data.memberCount} member{data.memberCount === 1 ? '' : 's'}
          {data.witness ? ` · witness ${data.witness}` : ' · no witness'}
          {data.ips.length > 0 ? ` · IP ${data.ips.join(', ')}` : ''}
        </span>
        <FindingBadge counts={data.badge} />
      </div>
      {data.memberCount === 0 ? <div className="group-empty">Drop Mailbox servers here</div> : null}
    </div>
  );
});

function Lozenge({ stroke, fill, selected }: { stroke: string; fill: string; selected: boolean }) {
  const { width, height } = NODE_SIZE.nlbCluster;
  return (
    <svg className="lozenge" width={width} height={height} viewBox={`-2 -2 ${width + 4} ${height + 4}`} aria-hidden="true">
      <path d={lozengePath(width, height)} fill={fill} stroke={stroke} strokeWidth={selected ? 3 : 1.5} />
    </svg>
  );
}

export const NlbNode = memo(function NlbNode({ data, selected }: NodeProps<Node<NlbNodeData, 'nlbCluster'>>) {
  const far = useFar();
  return (
    <div className={`node-lb${selected ? ' selected' : ''}`} data-testid="nlb-node" data-fqdn={data.fqdn}>
      <Lozenge stroke={DIAGRAM_COLORS.nlb.stroke} fill={DIAGRAM_COLORS.nlb.fill} selected={selected} />
      <Handles />
      <div className="lb-text">
        <div className="lb-title">
          <span className="group-kind">NLB</span> {data.fqdn.split('.')[0]}
        </div>
        {far ? null : (
          <div className="node-line">
            VIP {data.vip} · {data.mode} · {data.memberCount} host{data.memberCount === 1 ? '' : 's'}
          </div>
        )}
      </div>
      <FindingBadge counts={data.badge} />
    </div>
  );
});

export const HlbNode = memo(function HlbNode({ data, selected }: NodeProps<Node<HlbNodeData, 'hardwareLoadBalancer'>>) {
  const far = useFar();
  return (
    <div className={`node-lb${selected ? ' selected' : ''}`} data-testid="hlb-node" data-name={data.name}>
      <Lozenge stroke={DIAGRAM_COLORS.hlb.stroke} fill={DIAGRAM_COLORS.hlb.fill} selected={selected} />
      <Handles />
      <div className="lb-text">
        <div className="lb-title">
          <span className="group-kind">HW LB</span> {data.name}
        </div>
        {far ? null : (
          <div className="node-line">
            VIP {data.vip} · {data.memberCount} member{data.memberCount === 1 ? '' : 's'}
          </div>
        )}
      </div>
      <FindingBadge counts={data.badge} />
    </div>
  );
});

export const CasArrayNode = memo(function CasArrayNode({ data, selected }: NodeProps<Node<CasArrayNodeData, 'casArray'>>) {
  const far = useFar();
  return (
    <div className={`node-casarray${selected ? ' selected' : ''}`} style={{ borderColor: DIAGRAM_COLORS.casArray.stroke }} data-testid="casarray-node" data-name={data.name}>
      <Handles />
      <div className="lb-title">
        <span className="group-kind">CAS array</span> {data.name}
      </div>
      {/* The DNS name and the balancer on lines of their own: one line cut the VIP off ("VIP 10.6…"). */}
      {far ? null : (
        <>
          <div className="node-line" title={data.fqdn}>
            {data.fqdn}
          </div>
          <div className="node-line" title={data.balancer ? `→ ${data.balancer}` : 'no load balancer'}>
            {data.balancer ? `→ ${data.balancer}` : 'no load balancer'}
          </div>
        </>
      )}
      <FindingBadge counts={data.badge} />
    </div>
  );
});

export const NODE_TYPES = {
  site: SiteNode,
  dag: DagNode,
  subnet: SubnetNode,
  server: ServerNode,
  nlbCluster: NlbNode,
  hardwareLoadBalancer: HlbNode,
  casArray: CasArrayNode,
};
