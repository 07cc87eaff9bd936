// Every command family of the host double, by request kind. Each family lives in its own file (Windows and its
// programs and providers, Server Manager, NLB, DNS, Exchange) with the semantics of the commands its PowerShell
// module defines.
import type { DoubleHandlers } from './context';
import { exchangeCmdlets } from './exchange';
import { windowsCmdlets, windowsNatives, windowsProviders } from './windows';

export const HOST_DOUBLE_HANDLERS: { readonly cmdlet: DoubleHandlers; readonly native: DoubleHandlers; readonly provider: DoubleHandlers } = {
  cmdlet: { ...windowsCmdlets, ...exchangeCmdlets },
  native: windowsNatives,
  provider: windowsProviders,
};
