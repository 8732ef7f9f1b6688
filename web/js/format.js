// Numbers as people read them: four significant digits, exponents only for the very large or small.
// The one formatter of the page (Java's NumberText.approx does the same for the CLI and messages).

/** 4 significant digits; 1.23e-5 and 4.56e+4 outside [1e-3, 1e4); '—' for a missing number. */
export function fmt(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

// one formatter: toLocaleString builds a new one at every call (the run bar and the table call this
// several times a frame while runs train)
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators (12,345). */
export function count(n) {
  return Number.isFinite(n) ? GROUPED.format(Math.round(n)) : '—';
}

/** A duration in s, min or h. */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${fmt(seconds / 3600)} h`;
}

/** Bytes in kB, MB or GB. */
export function bytes(n) {
  if (!Number.isFinite(n)) return '—';
  if (n < 1e6) return `${Math.max(1, Math.round(n / 1e3))} kB`;
  if (n < 1e9) return `${fmt(n / 1e6)} MB`;
  return `${fmt(n / 1e9)} GB`;
}
