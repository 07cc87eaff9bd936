// How the sizing arithmetic prints numbers: thousands separators, no floating-point noise, enough decimals for
// per-mailbox figures (0.12 IOPS, 1.18 GB) and few for totals.
import { num } from '../planner/text';

/** "1,000", "12.5": one decimal at most. */
export const n = num;

/** Up to `decimals` decimals, trailing zeros dropped, thousands grouped: "0.12", "1.18", "5,199". */
export function nd(x: number, decimals: number): string {
  const factor = 10 ** decimals;
  const rounded = Math.round(x * factor) / factor;
  const whole = Math.trunc(rounded);
  const fraction = Math.abs(Math.round((rounded - whole) * factor));
  const sign = rounded < 0 && whole === 0 ? '-' : '';
  const head = num(whole);
  if (fraction === 0) return `${sign}${head}`;
  return `${sign}${head}.${String(fraction).padStart(decimals, '0').replace(/0+$/, '')}`;
}

/** Whole numbers for large figures, two decimals below 10: "1,413 GB", "42.2 GB", "1.18 GB". */
export function size(gb: number): string {
  const abs = Math.abs(gb);
  return `${abs >= 100 ? nd(gb, 0) : abs >= 10 ? nd(gb, 1) : nd(gb, 2)} GB`;
}

/** Megabytes: "7.3 MB", "102.5 MB". */
export function mb(x: number): string {
  return `${nd(x, 1)} MB`;
}

/** "80 %", "8.3 %" from a share (0.8, 0.083). */
export function pct(share: number): string {
  return `${nd(share * 100, 1)} %`;
}

/** Megacycles: whole numbers ("2,200", "5,199"). */
export function mc(x: number): string {
  return nd(x, 0);
}
