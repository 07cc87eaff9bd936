// The real PowerShell remoting transport (see transport.ts) and its pieces.
export { PowerShellTransport, DEFAULT_POLL_INTERVAL_MS, DEFAULT_RESTART_GRACE_MS, PROBE_TIMEOUT_MS } from './transport';
export type { PowerShellTransportOptions } from './transport';
export { PowerShellSession, PowerShellStartError, MIN_POWERSHELL_MAJOR } from './session';
export type { PowerShellSessionOptions, PowerShellInfo, CallOutcome, SessionLine } from './session';
export { PowerShellNotFoundError, resolveExecutable, findOnPath, NODE_POWERSHELL_VARIABLE } from './executable';
export type { RemotingAuthentication } from './scripts';
