// PowerShell text generation: the one quoting function and the `ps` template built on it.
export { quotePs, quotePsString, quotePsNumber, PsQuoteError, POWERSHELL_SINGLE_QUOTES } from './quote';
export type { PsScalar, PsValue } from './quote';
export { ps, psConcat, psJoin, PsCode, PS_EMPTY } from './template';
export type { PsInterpolation } from './template';
