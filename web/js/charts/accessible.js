// Every plot has an accessible name (its title), a text description kept up to date, and its data as a
// table on request; it saves as PNG (2× on white, legend below; the description inside as an iTXt chunk,
// so the picture keeps its alt text) and as SVG (export.js).
import { DEFS, TIME_PLOTS } from './defs.js';
import { dataRows, describeDatasets, describeTimePlot } from './describe.js';
import { chartPng, chartSvg, legendFor, panelsSvg, wholeFigureSvg } from './export.js';
import { withText } from './png.js';

function button(text, label, title, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export class AccessiblePlots {
  constructor(board, runs) {
    this.board = board;
    this.runs = runs; // () => the runs on the plots
    this.texts = {};
    for (const def of DEFS) {
      const canvas = document.getElementById(def.id);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', def.title);
      const p = document.createElement('p');
      p.id = def.id + '-text';
      p.className = 'visually-hidden';
      canvas.setAttribute('aria-describedby', p.id);
      canvas.parentElement.append(p);
      const tools = document.createElement('span');
      tools.className = 'plot-tools';
      const table = document.createElement('div');
      table.id = def.id + '-data';
      table.className = 'data-table wide';
      table.hidden = true;
      table.tabIndex = 0; // a region that may scroll sideways is reachable by the keyboard (axe)
      table.setAttribute('role', 'region');
      table.setAttribute('aria-label', `Data of the chart “${def.title}”`);
      const data = button('Data', `Show the data of the chart “${def.title}” as a table`, 'The plotted points as a table',
        () => this.toggleTable(def, data, table));
      data.setAttribute('aria-expanded', 'false');
      data.setAttribute('aria-controls', table.id);
      tools.append(
        button('PNG', `Save the chart “${def.title}” as PNG`, 'PNG at twice the pixels, on white, with its legend '
          + '(its description included)', () => this.download(def)),
        button('SVG', `Save the chart “${def.title}” as SVG`, 'SVG with its title, axes and legend, for a paper',
          () => this.downloadSvg(def)),
        data);
      canvas.parentElement.append(tools);
      canvas.parentElement.after(table);
    }
    const whole = document.getElementById('figure-svg');
    if (whole) whole.addEventListener('click', () => save(new Blob([this.figureSvg()], { type: 'image/svg+xml' }), 'saddle-lab-figure.svg'));
    const panels = document.getElementById('figure-panels');
    if (panels) {
      panels.addEventListener('click', () => save(new Blob([this.panelsSvg()], { type: 'image/svg+xml' }),
        'saddle-lab-panels.svg'));
    }
    window.__lab.exportPanelsSvg = () => this.panelsSvg();
    window.__lab.exportSvg = (id) => chartSvg(this.def(id), this.board.chart(id), this.runs());
    window.__lab.exportFigureSvg = () => this.figureSvg();
    window.__lab.exportPng = (id) => {
      const c = chartPng(this.board.chart(id), legendFor(id, this.board.chart(id), this.runs()));
      return { width: c.width, height: c.height, corner: [...c.getContext('2d').getImageData(0, 0, 1, 1).data],
        screen: [this.board.chart(id).canvas.width, this.board.chart(id).canvas.height] };
    };
  }

  def(id) {
    return DEFS.find((d) => d.id === id);
  }

  /** The time plots with data, and the others that have some, as one figure (two columns). */
  figureSvg() {
    const items = DEFS.filter((d) => !document.getElementById(d.id).closest('[hidden]'))
      .map((def) => ({ def, chart: this.board.chart(def.id) }))
      .filter(({ chart }) => chart.data.datasets.some((d) => d.data && d.data.length));
    const title = document.title;
    return wholeFigureSvg(items, this.runs(), title);
  }

  /** The runs on the plots as the paper lays out a figure: a loss panel per configuration (export.js). */
  panelsSvg() {
    const preset = document.getElementById('preset');
    const name = preset && preset.value ? preset.options[preset.selectedIndex].textContent : document.title;
    return panelsSvg(this.runs(), name);
  }

  toggleTable(def, b, box) {
    box.hidden = !box.hidden;
    b.setAttribute('aria-expanded', String(!box.hidden));
    if (box.hidden) return;
    const rows = dataRows(this.board.chart(def.id).data.datasets);
    const t = document.createElement('table');
    const cap = document.createElement('caption');
    cap.textContent = `${def.title}: ${rows.length ? 'up to 12 points per series' : 'nothing drawn yet'}`;
    const head = document.createElement('tr');
    for (const h of ['series', 'x', 'y']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const body = document.createElement('tbody');
    for (const r of rows) {
      const tr = document.createElement('tr');
      for (const c of r) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.append(td);
      }
      body.append(tr);
    }
    const thead = document.createElement('thead');
    thead.append(head);
    t.append(cap, thead, body);
    box.replaceChildren(t);
  }

  downloadSvg(def) {
    save(new Blob([chartSvg(def, this.board.chart(def.id), this.runs())], { type: 'image/svg+xml' }),
      def.id.replace('chart-', 'saddle-lab-') + '.svg');
  }

  describe(def) {
    return TIME_PLOTS.includes(def.id) ? describeTimePlot(def.id, def.title, this.runs())
      : describeDatasets(def.title, this.board.chart(def.id).data.datasets);
  }

  /** Refreshes the descriptions (cheap; the page calls it as records arrive, every 2 s at most, and when runs end). */
  update() {
    for (const def of DEFS) {
      const text = this.describe(def);
      if (this.texts[def.id] === text) continue;
      this.texts[def.id] = text;
      document.getElementById(def.id + '-text').textContent = text;
    }
    window.__lab.plotTexts = this.texts;
  }

  async download(def) {
    const chart = this.board.chart(def.id);
    const canvas = chartPng(chart, legendFor(def.id, chart, this.runs()));
    // toBlob, not a data: URL through fetch (the page's CSP allows no such connection)
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const png = new Uint8Array(await blob.arrayBuffer());
    save(new Blob([withText(png, 'Description', this.describe(def))], { type: 'image/png' }),
      def.id.replace('chart-', 'saddle-lab-') + '.png');
  }
}
