// The CAS array: the array itself and RpcClientAccessServer of the site's databases (phase 4), and the static RPC
// ports of its Client Access servers (phase 2, right after setup) that a load balancer needs.
import { PS_EMPTY, ps } from '../../powershell/template';
import type { StepAction } from '../actions';
import { SAFE } from './conventions';
import type { RenderedCode } from './conventions';

export function staticRpcPorts(a: Extract<StepAction, { kind: 'static-rpc-ports' }>): RenderedCode {
  const ab = String(a.addressBookPort);
  const keys = ps`
    $rpcKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangeRPC\ParametersSystem'
    $abKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangeAB\Parameters'
    $setupKey = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14\Setup' -Name 'MsiInstallPath' -ErrorAction SilentlyContinue
    $abConfig = ''
    if ($null -ne $setupKey) { $abConfig = Join-Path -Path ([string]$setupKey.MsiInstallPath) -ChildPath 'Bin\Microsoft.Exchange.AddressBook.Service.exe.config' }`;
  return {
    script: ps`
      ${keys}
      if (-not (Test-Path -Path $rpcKey)) { New-Item -Path $rpcKey -Force${SAFE} | Out-Null }
      New-ItemProperty -Path $rpcKey -Name 'TCP/IP Port' -PropertyType DWord -Value ${a.rpcClientAccessPort} -Force${SAFE} | Out-Null
      if (-not (Test-Path -Path $abKey)) { New-Item -Path $abKey -Force${SAFE} | Out-Null }
      New-ItemProperty -Path $abKey -Name 'RpcTcpPort' -PropertyType String -Value ${ab} -Force${SAFE} | Out-Null
      if (-not $DryRun -and $abConfig -and (Test-Path -LiteralPath $abConfig)) {
        $xml = New-Object -TypeName System.Xml.XmlDocument
        $xml.Load($abConfig)
        $settings = $xml.SelectSingleNode('/configuration/appSettings')
        $setting = $xml.SelectSingleNode('/configuration/appSettings/add[@key="RpcTcpPort"]')
        if ($null -eq $setting) {
          $setting = $xml.CreateElement('add')
          $setting.SetAttribute('key', 'RpcTcpPort')
          [void]$settings.AppendChild($setting)
        }
        $setting.SetAttribute('value', ${ab})
        $xml.Save($abConfig)
      }
      Restart-Service -Name 'MSExchangeRPC' -Force${SAFE}
      Restart-Service -Name 'MSExchangeAB' -Force${SAFE}`,
    check: ps`
      ${keys}
      $rpc = Get-ItemProperty -Path $rpcKey -Name 'TCP/IP Port' -ErrorAction SilentlyContinue
      $ab = Get-ItemProperty -Path $abKey -Name 'RpcTcpPort' -ErrorAction SilentlyContinue
      $ok = ($null -ne $rpc) -and ([int]$rpc.PSObject.Properties['TCP/IP Port'].Value -eq ${a.rpcClientAccessPort}) -and ($null -ne $ab) -and ([string]$ab.RpcTcpPort -eq ${ab})
      if ($ok -and $abConfig -and (Test-Path -LiteralPath $abConfig)) {
        $xml = New-Object -TypeName System.Xml.XmlDocument
        $xml.Load($abConfig)
        $setting = $xml.SelectSingleNode('/configuration/appSettings/add[@key="RpcTcpPort"]')
        $ok = ($null -ne $setting) -and ($setting.GetAttribute('value') -eq ${ab})
      }
      $ok`,
  };
}

export function newCasArray(a: Extract<StepAction, { kind: 'new-cas-array' }>): RenderedCode {
  return {
    script: ps`New-ClientAccessArray -Name ${a.name} -Site ${a.site} -Fqdn ${a.fqdn}${SAFE}`,
    check: ps`@(Get-ClientAccessArray -Site ${a.site} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Fqdn -eq ${a.fqdn} }).Count -gt 0`,
  };
}

export function setRpcClientAccess(a: Extract<StepAction, { kind: 'set-rpc-client-access' }>): RenderedCode {
  // Databases active in another site (their passive copies are here) or with their own value keep it.
  const except = a.exceptDatabases.length > 0;
  const keep = except ? ps`$except = ${[...a.exceptDatabases]}` : PS_EMPTY;
  const others = except ? ps` | Where-Object { $except -notcontains [string]$_.Name }` : PS_EMPTY;
  return {
    script: ps`
      ${keep}
      Get-MailboxDatabase -Server ${a.mailboxServer} -ErrorAction Stop${others} | Set-MailboxDatabase -RpcClientAccessServer ${a.fqdn}${SAFE}`,
    // Only a Mailbox server that exists counts (no databases found because the server is missing is not "done").
    check: ps`
      ${keep}
      $server = Get-MailboxServer -Identity ${a.mailboxServer} -ErrorAction SilentlyContinue
      ($null -ne $server) -and (@(Get-MailboxDatabase -Server ${a.mailboxServer} -ErrorAction SilentlyContinue${others} | Where-Object { [string]$_.RpcClientAccessServer -ne ${a.fqdn} }).Count -eq 0)`,
  };
}
