// Every plot has an accessible name (its title) and a text description, kept up to date; its PNG
// download carries the same description (an iTXt chunk), so the picture keeps its alt text.
import { DEFS, TIME_PLOTS } from './defs.js';
import { describeDatasets, describeTimePlot } from './describe.js';
import { withText } from './png.js';

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
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'png';
      b.textContent = 'PNG';
      b.title = 'Download this chart as PNG (its description included)';
      b.setAttribute('aria-label', `Save the chart “${def.title}” as PNG`);
      b.addEventListener('click', () => this.download(def));
      canvas.parentElement.append(b);
    }
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
    const canvas = document.getElementById(def.id);
    // toBlob, not a data: URL through fetch (the page's CSP allows no such connection)
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const png = new Uint8Array(await blob.arrayBuffer());
    const out = withText(png, 'Description', this.describe(def));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([out], { type: 'image/png' }));
    a.download = def.id.replace('chart-', 'saddle-lab-') + '.png';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}
