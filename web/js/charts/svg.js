// A plot as SVG for a paper: title, axes with the page's tick labels, every series as a polyline (gaps
// kept), bands as filled polygons, points as circles, and the legend below. Pure: a plot model in, text out
// (export.js reads the model off a Chart.js chart). Our own ~100 lines, not a canvas-to-SVG shim: see the
// README (the maintained one, svgcanvas, has no Maven artifact, and the page's libraries come from Maven).

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v) => (Math.round(v * 100) / 100).toString();

/** Maps data to the plot area: log axes by log10, linear ones as they are. */
export function axisMap(axis, from, to) {
  const f = axis.log ? (v) => (v > 0 ? Math.log10(v) : NaN) : (v) => v;
  const a = f(axis.min);
  const b = f(axis.max);
  return (v) => from + ((f(v) - a) / (b - a)) * (to - from);
}

/** Points to path runs: a non-finite value (or one off a log axis) breaks the line, as on the page. */
function runsOf(points, mx, my) {
  const out = [];
  let cur = [];
  for (const p of points) {
    const x = mx(p.x);
    const y = my(p.y);
    if (Number.isFinite(x) && Number.isFinite(y)) cur.push(`${num(x)},${num(y)}`);
    else if (cur.length) { out.push(cur); cur = []; }
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * model: {width, height, title, x: axis, y: axis, series: [{color, width, dash, points: [{x, y}], fillTo,
 * fill, radius}], legend: [{color, text, dash}]}; axis: {min, max, log, label, ticks: [{value, label}]}.
 * A series with fillTo (another series' points) is a band: the polygon between the two, in fill.
 */
export function toSvg(model, id = 'plot') {
  const font = 12;
  const legendRows = model.legend.length;
  const W = model.width;
  const H = model.height + legendRows * (font + 6) + (legendRows ? 8 : 0);
  const area = { left: 64, right: W - 16, top: 28, bottom: model.height - 40 };
  const mx = axisMap(model.x, area.left, area.right);
  const my = axisMap(model.y, area.bottom, area.top);
  const o = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" `
    + `font-family="sans-serif" font-size="${font}">`, `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">${esc(model.title)}</text>`];
  o.push(`<g stroke="#ddd">`);
  for (const t of model.x.ticks) o.push(`<line x1="${num(mx(t.value))}" x2="${num(mx(t.value))}" y1="${area.top}" y2="${area.bottom}"/>`);
  for (const t of model.y.ticks) o.push(`<line x1="${area.left}" x2="${area.right}" y1="${num(my(t.value))}" y2="${num(my(t.value))}"/>`);
  o.push('</g>');
  o.push(`<rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}" fill="none" stroke="#666"/>`);
  o.push(`<g fill="#333">`);
  for (const t of model.x.ticks) {
    if (t.label) o.push(`<text x="${num(mx(t.value))}" y="${area.bottom + 14}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  for (const t of model.y.ticks) {
    if (t.label) o.push(`<text x="${area.left - 4}" y="${num(my(t.value) + 4)}" text-anchor="end">${esc(t.label)}</text>`);
  }
  o.push(`<text x="${(area.left + area.right) / 2}" y="${area.bottom + 32}" text-anchor="middle">${esc(model.x.label)}</text>`);
  o.push(`<text transform="translate(14 ${(area.top + area.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(model.y.label)}</text>`);
  o.push('</g>');
  o.push(`<clipPath id="${esc(id)}-area"><rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/></clipPath>`);
  o.push(`<g clip-path="url(#${esc(id)}-area)" fill="none">`);
  for (const s of model.series) {
    if (s.fillTo) {
      const top = runsOf(s.points, mx, my).flat();
      const bottom = runsOf(s.fillTo, mx, my).flat().reverse();
      if (top.length && bottom.length) o.push(`<polygon points="${top.concat(bottom).join(' ')}" fill="${esc(s.fill)}" stroke="none"/>`);
      continue;
    }
    if (s.width > 0) {
      const dash = s.dash && s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
      for (const run of runsOf(s.points, mx, my)) {
        o.push(`<polyline points="${run.join(' ')}" stroke="${esc(s.color)}" stroke-width="${s.width}"${dash}/>`);
      }
    }
    if (s.radius > 0) {
      for (const p of s.points) {
        const x = mx(p.x);
        const y = my(p.y);
        if (Number.isFinite(x) && Number.isFinite(y)) o.push(`<circle cx="${num(x)}" cy="${num(y)}" r="${s.radius}" fill="${esc(s.color)}"/>`);
      }
    }
  }
  o.push('</g>');
  model.legend.forEach((e, i) => {
    const y = model.height + 4 + i * (font + 6);
    const dash = e.dash && e.dash.length ? ` stroke-dasharray="${e.dash.join(' ')}"` : '';
    o.push(`<line x1="${area.left}" x2="${area.left + 24}" y1="${y + font / 2}" y2="${y + font / 2}" stroke="${esc(e.color)}" stroke-width="2"${dash}/>`);
    o.push(`<text x="${area.left + 30}" y="${y + font - 1}">${esc(e.text)}</text>`);
  });
  o.push('</svg>');
  return o.join('\n');
}

/** Several plots' SVGs in a grid of the given columns (the whole figure), each at its own size. */
export function figureSvg(models, columns, title) {
  const parts = models.map((m, i) => ({ svg: toSvg(m, `plot${i}`), w: m.width, h: 0, m }));
  for (const p of parts) p.h = Number(/height="([\d.]+)"/.exec(p.svg)[1]);
  const colW = Math.max(200, ...parts.map((p) => p.w)); // an empty figure still has its title
  const rows = [];
  for (let i = 0; i < parts.length; i += columns) rows.push(parts.slice(i, i + columns));
  const rowH = rows.map((r) => Math.max(...r.map((p) => p.h)));
  const W = colW * Math.max(1, Math.min(columns, parts.length));
  const top = 28;
  const H = top + rowH.reduce((a, b) => a + b, 0);
  const o = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="19" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`];
  let y = top;
  rows.forEach((r, k) => {
    r.forEach((p, j) => o.push(p.svg.replace('<svg ', `<svg x="${j * colW}" y="${y}" `)));
    y += rowH[k];
  });
  o.push('</svg>');
  return o.join('\n');
}

/** Decade ticks of a log axis over [min, max] (at least the two ends' decades), labelled 1e-n / 0.01 … 1000. Pure. */
export function decadeTicks(min, max) {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const step = Math.max(1, Math.ceil((hi - lo) / 6));
  const ticks = [];
  for (let e = lo; e <= hi; e += step) {
    const v = Math.pow(10, e);
    ticks.push({ value: v, label: Math.abs(e) <= 3 ? String(Number(v.toPrecision(1))) : `1e${e}` });
  }
  return ticks;
}

/**
 * A preset's figure laid out like the paper's panels: one small plot of the train loss against the
 * iteration (log–log) per configuration, its seeds as lines in their shades, in a grid of `columns` (Fig. 2:
 * the regimes in rows, the widths in columns). panels: [{title, series: [{color, points: [{x, y}]}]}]. Pure.
 */
export function panelFigureSvg(panels, columns, title) {
  const finite = (p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y);
  const all = panels.flatMap((p) => p.series.flatMap((s) => s.points.filter(finite)));
  if (!all.length) return figureSvg([], columns, title);
  // one range for every panel, as the paper's grid compares them
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const range = (v) => [Math.min(...v), Math.max(...v)];
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  const lo = (v) => Math.pow(10, Math.floor(Math.log10(v)));
  const hi = (v) => Math.pow(10, Math.ceil(Math.log10(v)));
  const x = { min: lo(x0), max: hi(x1), log: true, label: 'iteration k', ticks: decadeTicks(lo(x0), hi(x1)) };
  const y = { min: lo(y0), max: hi(y1), log: true, label: 'train loss', ticks: decadeTicks(lo(y0), hi(y1)) };
  const models = panels.map((p) => ({ width: 360, height: 240, title: p.title, x, y, legend: [],
    series: p.series.map((s) => ({ color: s.color, width: 1.4, dash: [], points: s.points.filter(finite) })) }));
  return figureSvg(models, columns, title);
}
