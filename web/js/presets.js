// The preset picker: the paper's figures and the toolkit's analyses, from the engine (Presets), each
// with its text; choosing one fills the form with its first configuration.
export class PresetPicker {
  /** @param fill (spec) => void; onAnalysisLists (lists) => void */
  constructor({ fill, onAnalysisLists, onChoose }) {
    this.list = [];
    this.fill = fill;
    this.onAnalysisLists = onAnalysisLists;
    this.onChoose = onChoose;
    this.select = document.getElementById('preset');
    this.text = document.getElementById('preset-text');
    this.runAll = document.getElementById('run-preset');
    this.select.addEventListener('change', () => this.choose(this.select.value));
  }

  set(list) {
    this.list = list;
    for (const p of list) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.title;
      this.select.append(o);
    }
  }

  current() {
    return this.list.find((x) => x.name === this.select.value) || null;
  }

  choose(name) {
    const p = this.list.find((x) => x.name === name);
    if (!p) {
      this.text.hidden = true;
      this.runAll.hidden = true;
      this.onChoose(null);
      return;
    }
    this.fill(p.quick[0].spec);
    if (p.analysis) { // a toolkit analysis: its lists go into the Analyses panel
      const e = p.analysis.quick;
      this.onAnalysisLists(e);
      this.runAll.hidden = false;
      this.runAll.textContent = e.kind === 'escape' ? '▶ Run the escape-time analysis' : '▶ Run the geometry analysis';
      this.text.textContent = p.explanation + ` Quick variant: ${p.quickNote}; the lists are in the Analyses panel. `
        + `Published size: java -jar saddle-lab.jar run --preset ${p.name}.`;
    } else {
      this.runAll.hidden = p.quick.length < 2;
      this.runAll.textContent = `▶ Run all ${p.quick.length} configurations (quick)`;
      const more = p.quick.length > 1
        ? ` This preset has ${p.quick.length} configurations (quick variant: ${p.quickNote}); the form holds the first, `
          + `“${p.quick[0].label}”: change it to see the others, or run them all with java -jar saddle-lab.jar run `
          + `--preset ${p.name} --quick.`
        : ` Quick variant: ${p.quickNote}.`;
      this.text.textContent = p.explanation + more;
    }
    this.text.hidden = false;
    this.onChoose(p);
  }
}
