// Exchange 2010 SP3 cmdlets of the host double (powershell/host-double/Exchange/ExTopo.Exchange2010.psm1).
import type { DoubleHandlers } from './context';

export const exchangeCmdlets: DoubleHandlers = {};
