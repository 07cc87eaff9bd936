// Deployment settings a real host needs: a named DNS server for the CAS arrays' records, the Windows media for .NET
// 3.5 on Windows Server 2012 / 2012 R2, the product key. (SP3 RU5 or later on 2012 R2 is os.supported's.)
// (runbook.md, "Real hosts: what breaks a generated runbook".)
import { listNames } from '../text';
import type { Rule } from '../types';


const dnsServerRule: Rule = {
  id: 'deploy.dns-server',
  check(ctx, emit) {
    const { design } = ctx;
    if (design.casArrays.length === 0) return;
    const configured = design.deployment.dnsServer.trim().toLowerCase();
    const domain = design.organization.adDomain.toLowerCase();
    const named = configured !== '' && configured !== domain;
    if (named || design.servers.some((s) => s.domainController)) return;
    emit({
      message:
        configured === domain
          ? `The DNS server is set to the domain name ${design.organization.adDomain}: the CAS array records must be written to one named DNS server (dnscmd and the DnsServer cmdlets cannot manage "the domain"; its name resolves to any domain controller).`
          : `No DNS server is named for the CAS array records (${listNames(design.casArrays.map((a) => a.fqdn))}), and the design has no domain controller to use.`,
      hint: `Set Deployment → DNS server to the FQDN of a domain controller that holds the ${design.organization.adDomain} zone, e.g. dc1.${design.organization.adDomain}.`,
      entityIds: design.casArrays.map((a) => a.id),
    });
  },
};

const sxsSourceRule: Rule = {
  id: 'deploy.sxs-source',
  check(ctx, emit) {
    const { design } = ctx;
    if (design.deployment.windowsSourcePath !== '') return;
    const servers = design.servers.filter((s) => !s.existing && s.roles.length > 0 && (s.os.version === '2012' || s.os.version === '2012R2'));
    if (servers.length === 0) return;
    emit({
      message: `${listNames(servers.map((s) => s.name))} run${servers.length === 1 ? 's' : ''} Windows Server 2012 or 2012 R2, where .NET Framework 3.5 (NET-Framework-Core, needed by Exchange 2010) is not on the disk: without a Windows source path, Install-WindowsFeature fetches it from Windows Update and fails with "The source files could not be found" (0x800f0906) where servers cannot reach it.`,
      hint: 'Copy the Windows Server media\'s sources\\sxs folder to every such server (or a local drive) and set Deployment → Windows source path to it, e.g. D:\\sources\\sxs.',
      entityIds: servers.map((s) => s.id),
    });
  },
};

const productKeyRule: Rule = {
  id: 'deploy.product-key',
  check(ctx, emit) {
    const { design } = ctx;
    if (design.deployment.productKey !== '') return;
    const servers = design.servers.filter((s) => !s.existing && s.roles.length > 0 && !s.roles.includes('Edge'));
    if (servers.length === 0) return;
    emit({
      message: `No Exchange product key in the design: ${listNames(servers.map((s) => s.name))} will run as 120-day trials; the runbook asks the operator to license each one.`,
      hint: `Enter the Exchange ${design.organization.edition} product key under Deployment → Product key: the runbook then runs Set-ExchangeServer -ProductKey on every new server.`,
      entityIds: servers.map((s) => s.id),
    });
  },
};

export const deploymentRules: readonly Rule[] = [dnsServerRule, sxsSourceRule, productKeyRule];
