// Axis ticks and their labels. Pure functions of a Chart.js scale's numbers (the hooks in NARROW_LOG
// only read and write scale.min, .max, .type and .ticks).
import { fmt } from '../format.js';

/** Whether v is a power of ten (to rounding). */
const isDecade = (v) => {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) <= 1e-9;
};

/** A tick's label: decades as 0.001 … 1000 or 1e-4 / 1e4 on a log axis; short ranges label every tick. */
export function tickLabel(v, log, ticks) {
  if (!log) return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6)));
  if (isDecade(v)) { // 1e-4 … 0.001 … 1000 … 1e4, whatever the range
    const e = Math.log10(v);
    return Math.abs(e) <= 3 ? String(Number(v.toPrecision(1))) : '1e' + Math.round(e);
  }
  return ticks && ticks.length <= 8 ? fmt(v) : ''; // a short range labels every tick, a long one decades only
}

/**
 * A log axis over at most a decade (balancedness drifting in its fourth digit, a loss that barely
 * moves, an empty plot's default 1 … 10): Chart.js then crowds its ticks at one end, with labels that
 * repeat or overlap. Such an axis is all but linear, so it gets 3–6 evenly spaced round ticks, labelled
 * with the digits that tell them apart. Returns the ticks [{value, narrowLabel}], or null to keep Chart.js's.
 */
export function narrowLogTicks(min, max) {
  if (!(min > 0) || !(max > min) || max / min > 10) return null;
  const raw = (max - min) / 4;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const digits = Math.max(1, Math.min(15, Math.floor(Math.log10(max)) - Math.floor(Math.log10(step)) + 1));
  const ticks = [];
  for (let k = Math.ceil(min / step); k * step <= max * (1 + 1e-12); k++) {
    const v = k * step;
    const label = v >= 1e4 || v < 1e-3 ? v.toExponential(Math.max(0, digits - 1)) : String(Number(v.toPrecision(digits)));
    ticks.push({ value: v, narrowLabel: label });
  }
  return ticks.length >= 2 ? ticks : null;
}

/** Decades over which a log axis keeps only its decades' ticks. */
export const DECADES_ONLY = 2;

/**
 * The ticks of a wide log axis (over DECADES_ONLY decades): only its decades. Chart.js puts a tick, and
 * a grid line, at every 2…9 × 10^k: 140 on a loss over 16 decades, whose labels are blank anyway
 * (tickLabel), and whose lines and labels were half the loss chart's redraw. Others as they are.
 */
export function decadeTicks(ticks, min, max) {
  if (!(min > 0) || !(max / min > Math.pow(10, DECADES_ONLY))) return ticks;
  return ticks.filter((t) => isDecade(t.value));
}

/** Chart.js scale hooks for every log axis: narrow ranges get narrowLogTicks' ticks and labels, wide ones decades. */
export const NARROW_LOG = {
  afterBuildTicks(scale) {
    if (scale.type !== 'logarithmic') return;
    const ticks = narrowLogTicks(scale.min, scale.max);
    scale.ticks = ticks || decadeTicks(scale.ticks, scale.min, scale.max);
  },
  afterTickToLabelConversion(scale) {
    for (const t of scale.ticks) if (t.narrowLabel !== undefined) t.label = t.narrowLabel;
  },
};
