// Exchange 2010 SP3 versions the runbook installs and checks, from Microsoft's "Exchange Server build numbers and
// release dates" (learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates) and "Prepare Active
// Directory and domains" for Exchange 2010 (the "Exchange 2010 Active Directory versions" table).
//
// Exchange 2010's AdminDisplayVersion shows the service pack only ("Version 14.3 (Build 123.4)" with every update
// rollup installed); the rollup shows in the file version of ExSetup.exe (14.03.0513.000 with RU32), which is what
// the runbook's version check reads.

/** Build of Exchange 2010 SP3 itself (AdminDisplayVersion "Version 14.3 (Build 123.4)"). */
export const SP3_BUILD = '14.3.123.4';
export const SP3_ADMIN_DISPLAY_VERSION_PREFIX = 'Version 14.3 ';

/** Build number (major.minor.build.revision) of each update rollup for Exchange 2010 SP3. */
export const SP3_ROLLUP_BUILDS: Readonly<Record<number, string>> = {
  0: '14.3.123.4',
  1: '14.3.146.0',
  2: '14.3.158.1',
  3: '14.3.169.1',
  4: '14.3.174.1',
  5: '14.3.181.6',
  6: '14.3.195.1',
  7: '14.3.210.2',
  8: '14.3.224.2',
  9: '14.3.235.1',
  10: '14.3.248.2',
  11: '14.3.266.2',
  12: '14.3.279.2',
  13: '14.3.294.0',
  14: '14.3.301.0',
  15: '14.3.319.2',
  16: '14.3.336.0',
  17: '14.3.352.0',
  18: '14.3.361.1',
  19: '14.3.382.0',
  20: '14.3.389.1',
  21: '14.3.399.2',
  22: '14.3.411.0',
  23: '14.3.417.1',
  24: '14.3.419.0',
  25: '14.3.435.0',
  26: '14.3.442.0',
  27: '14.3.452.0',
  28: '14.3.461.1',
  29: '14.3.468.0',
  30: '14.3.496.0',
  31: '14.3.509.0',
  32: '14.3.513.0',
};

export const LATEST_SP3_ROLLUP = 32;

/** Exchange 2010 is supported on Windows Server 2012 R2 from SP3 Update Rollup 5 ("Exchange 2010 system requirements"). */
export const MIN_ROLLUP_FOR_2012R2 = 5;
/** … and on Windows Server 2012 from SP3 (RTM of SP3). */
export const MIN_ROLLUP_FOR_2012 = 0;

/** Active Directory after Exchange 2010 SP3's /PrepareSchema, /PrepareAD and /PrepareDomain. */
export const SP3_AD_VERSIONS = { schemaRangeUpper: 14734, organizationObjectVersion: 14322, domainObjectVersion: 13040 } as const;

/** The build of an SP3 rollup (RTM of SP3 for 0). */
export function rollupBuild(rollup: number): string {
  const build = SP3_ROLLUP_BUILDS[rollup];
  if (build === undefined) throw new RangeError(`Exchange 2010 SP3 has update rollups 0 to ${LATEST_SP3_ROLLUP}; ${rollup} is not one of them.`);
  return build;
}
