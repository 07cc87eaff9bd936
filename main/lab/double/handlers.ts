// Every command family of the host double, by request kind. Each family lives in its own file (Windows and its
// programs and providers, Server Manager, NLB, DNS, Exchange) with the semantics of the commands its PowerShell
// module defines.
import type { DoubleHandlers } from './context';
import { exchangeCmdlets } from './exchange';
import { dnsCmdlets } from './dns';
import { nlbCmdlets } from './nlb';
import { programCmdlets, programNatives, programProviders } from './programs';
import { serverManagerCmdlets } from './serverManager';
import { netAdapterCmdlets, windowsCmdlets, windowsProviders } from './windows';

export const HOST_DOUBLE_HANDLERS: { readonly cmdlet: DoubleHandlers; readonly native: DoubleHandlers; readonly provider: DoubleHandlers } = {
  cmdlet: { ...windowsCmdlets, ...netAdapterCmdlets, ...serverManagerCmdlets, ...nlbCmdlets, ...dnsCmdlets, ...programCmdlets, ...exchangeCmdlets },
  native: programNatives,
  provider: { ...windowsProviders, ...programProviders },
};
