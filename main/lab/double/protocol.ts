// The wire between the host double's PowerShell modules (powershell/host-double/) and the lab world they act on.
//
// Each double cmdlet, external program (setup.com, netsh.exe, …) or provider call (registry, WMI) posts ONE request to
// the loopback endpoint (server.ts) and gets ONE reply: the objects it outputs, warnings, lines of program output, an
// exit code, or an error shaped like the real one (message, FullyQualifiedErrorId, category, whether it terminates).
// The semantics live on this side, on the rehearsal lab's own world (main/lab/state.ts) and its effects
// (main/lab/effects.ts): the TypeScript lab and the pwsh engine share one model of what a change does.
import { z } from 'zod';

/** Values a double call carries: what ConvertTo-Json makes of the bound parameters (see ConvertTo-ExTopoWireValue). */
export type WireValue = string | number | boolean | null | readonly WireValue[] | { readonly [key: string]: WireValue };

const wireValue: z.ZodType<WireValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(wireValue), z.record(z.string(), wireValue)]));

export const doubleRequestSchema = z.object({
  /** The design host this PowerShell stands in for (its lane). */
  host: z.string().min(1).max(255),
  /** host: a PowerShell on the server itself; ems: the admin's shell with the server's Exchange cmdlets imported. */
  lane: z.enum(['host', 'ems']),
  /** cmdlet: a double cmdlet; native: an external program; provider: registry/file/WMI access. */
  kind: z.enum(['cmdlet', 'native', 'provider']),
  /** Cmdlet or program name, e.g. New-NlbCluster, setup.com, Registry.GetValues. */
  command: z.string().min(1).max(200),
  /** The bound parameters (cmdlets, providers) or { args: [...] } (programs). */
  parameters: z.record(z.string(), wireValue),
});

export type DoubleRequest = z.infer<typeof doubleRequestSchema>;

/** An object a double cmdlet outputs: its properties, and `__type` (the .NET type name PowerShell shows). */
export type DoubleObject = { readonly __type: string } & { readonly [key: string]: WireValue };

export interface DoubleErrorInfo {
  readonly message: string;
  /** FullyQualifiedErrorId, as the real cmdlet reports it. */
  readonly errorId: string;
  /** System.Management.Automation.ErrorCategory name. */
  readonly category: string;
  /** The target object the error names ('' when none). */
  readonly target: string;
  /** A terminating error (throws whatever -ErrorAction says) rather than a non-terminating one (WriteError). */
  readonly terminating: boolean;
  /** The connection to the host broke (restart, unreachable): PowerShell sees a PSRemotingTransportException. */
  readonly transport: boolean;
}

export interface DoubleReply {
  readonly output: readonly DoubleObject[];
  /** Lines an external program prints (native calls). */
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
  /** The exit code of an external program (native calls). */
  readonly exitCode: number | null;
  readonly error: DoubleErrorInfo | null;
}

/** A failure a handler reports (thrown inside a handler; the server turns it into the reply's error). */
export class DoubleError extends Error {
  readonly errorId: string;
  readonly category: string;
  readonly target: string;
  readonly terminating: boolean;
  readonly transport: boolean;
  constructor(
    message: string,
    options: { readonly errorId?: string; readonly category?: string; readonly target?: string; readonly terminating?: boolean; readonly transport?: boolean } = {},
  ) {
    super(message);
    this.name = 'DoubleError';
    this.errorId = options.errorId ?? 'ExTopoHostDouble';
    this.category = options.category ?? 'NotSpecified';
    this.target = options.target ?? '';
    this.terminating = options.terminating ?? false;
    this.transport = options.transport ?? false;
  }

  toInfo(): DoubleErrorInfo {
    return { message: this.message, errorId: this.errorId, category: this.category, target: this.target, terminating: this.terminating, transport: this.transport };
  }
}
