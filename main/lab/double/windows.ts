// Windows Server 2008 R2 / 2012 R2 commands of the host double (powershell/host-double/ExTopo.HostDouble.Windows.psm1
// and Modules/*): cmdlets, external programs and provider calls (registry, files, WMI).
import type { DoubleHandlers } from './context';

export const windowsCmdlets: DoubleHandlers = {
  'Get-WmiObject': (ctx) => {
    if (ctx.params.str('Class') === 'Win32_OperatingSystem') return [{ __type: 'System.Management.ManagementObject#root\\cimv2\\Win32_OperatingSystem', Caption: `Microsoft Windows Server 2008 R2 ${ctx.host.os.edition}`, Version: '6.1.7601' }];
    return [];
  },
};
export const windowsNatives: DoubleHandlers = {};
export const windowsProviders: DoubleHandlers = {};
