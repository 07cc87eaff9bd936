// Check-only steps (preflight, waits and verifications): they change nothing, and when their check fails their
// script throws what is wrong, in the words the rendered PowerShell uses.
import { evaluateCheck, nlbPending } from './checks';
import { OK, fail } from './actionEffect';
import type { EffectCall, EffectResult } from './actionEffect';

/** What a check-only step's script does: nothing when its check passes, else it throws what is wrong. */
export function checkOnly(call: EffectCall): EffectResult {
  const a = call.step.action;
  const verdict = evaluateCheck({ world: call.world, step: call.step, host: call.host });
  if (verdict.done) return OK;
  const list = verdict.problems.join('; ');
  switch (a.kind) {
    case 'preflight':
      return fail('throw', `${a.serverName} does not match the design: ${list}`);
    case 'wait-nlb-converged':
      return fail('throw', `NLB cluster ${a.vip} has not converged after ${a.timeoutSeconds} s: ${nlbPending(call.world, a.vip, a.nodes).join(', ') || list}`);
    case 'verify-nlb':
      return fail('throw', `NLB cluster ${a.vip} is not converged: ${nlbPending(call.world, a.vip, a.nodes).join(', ') || list}`);
    case 'verify-cas-array':
      return fail('throw', `CAS array check failed: ${list}`);
    case 'verify-database-copies':
      return fail('throw', `Database copies are not healthy: ${list}`);
    case 'test-replication-health':
      return fail('throw', `Test-ReplicationHealth on ${a.server} failed: ${list}`);
    case 'test-mapi-connectivity':
      return fail('throw', `Test-MAPIConnectivity on ${a.server} failed for: ${list}`);
    case 'verify-nic-unbound':
      return fail('throw', `File and Printer Sharing for Microsoft Networks is still bound to ${a.nicName}: untick it in the connection's properties (ncpa.cpl), then run this step again.`);
    case 'verify-vip-reachable':
      return fail('throw', `${list}: ${a.hint}`);
    case 'verify-exchange-version':
      return fail('throw', `Exchange version check failed: ${list}`);
    case 'verify-namespace':
      return fail('throw', `Client access names check failed: ${list}`);
    case 'verify-mail-flow':
      return fail('throw', `Mail flow check failed: ${list}`);
    default:
      return fail('throw', list);
  }
}
