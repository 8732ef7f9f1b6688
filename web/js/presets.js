// The preset picker: the paper's figures and the toolkit's analyses, from the engine (Presets), each
// with its text. Choosing one fills the form with its first configuration and makes ▶ Run run the whole
// preset (quick or published size), with the cost model's estimate of both; editing the form, a link or
// a Tour step detaches it, and Run runs the form's spec again.
import { presetEstimateText } from './estimate.js';

export class PresetPicker {
  /**
   * @param o  fill (spec) => void; onAnalysisLists (lists) => void; onChoose (preset | null) => void;
   *           estimate (name) => Promise<{quick, full}> (Java's Presets.estimate); speed () => multiply–adds
   *           per ms of a worker (null before the calibration); workers () => the pool's size
   */
  constructor({ fill, onAnalysisLists, onChoose, estimate, speed, workers }) {
    this.list = [];
    this.fill = fill;
    this.onAnalysisLists = onAnalysisLists;
    this.onChoose = onChoose;
    this.estimateOf = estimate;
    this.speed = speed;
    this.workers = workers;
    this.chosen = null;
    this.estimates = null;
    this.select = document.getElementById('preset');
    this.size = document.getElementById('preset-size');
    this.sizeLabel = document.getElementById('preset-size-label');
    this.text = document.getElementById('preset-text');
    this.estimateLine = document.getElementById('preset-estimate');
    this.select.addEventListener('change', () => this.choose(this.select.value));
    this.size.addEventListener('change', () => this.showEstimate());
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

  /** The preset ▶ Run runs, or null when Run runs the form's spec. */
  current() {
    return this.chosen;
  }

  /** Whether the quick variant is chosen (else the published size). */
  quick() {
    return this.size.value !== 'full';
  }

  /** What Run will start for the chosen preset: its configurations at the chosen size, or its analysis. */
  plan() {
    const p = this.chosen;
    if (!p) return null;
    const size = this.quick() ? 'quick' : 'full';
    if (p.analysis) return { analysis: p.analysis[size] };
    return { configurations: p[size], estimate: this.estimates ? this.estimates[size] : null };
  }

  choose(name) {
    const p = this.list.find((x) => x.name === name);
    this.chosen = p || null;
    this.estimates = null;
    this.sizeLabel.hidden = !p;
    if (!p) {
      this.text.hidden = true;
      this.estimateLine.hidden = true;
      this.onChoose(null);
      return;
    }
    this.fill(p.quick[0].spec);
    if (p.analysis) { // a toolkit analysis: its lists go into the Analyses panel
      this.onAnalysisLists(p.analysis.quick);
      this.text.textContent = `${p.explanation} Quick variant: ${p.quickNote}; ▶ Run runs the analysis, its lists are in `
        + 'the Analyses panel.';
    } else {
      const more = p.quick.length > 1
        ? ` ▶ Run runs all ${p.quick.length} configurations (the form shows the first, “${p.quick[0].label}”; editing it `
          + 'runs your spec instead).'
        : '';
      this.text.textContent = `${p.explanation} Quick variant: ${p.quickNote}.${more}`;
    }
    this.text.hidden = false;
    this.onChoose(p);
    this.estimateOf(p.name).then((e) => {
      if (this.chosen !== p) return;
      this.estimates = e;
      this.showEstimate();
    });
  }

  /** The form was changed by hand (or by a link, or the Tour): Run runs the form's spec from now on. */
  detach() {
    if (!this.chosen) return;
    const p = this.chosen;
    this.chosen = null;
    this.select.value = '';
    this.sizeLabel.hidden = true;
    this.estimateLine.hidden = true;
    this.text.textContent = `The form no longer shows “${p.title}”: ▶ Run runs the form's spec. Choose the preset again `
      + 'to run it whole.';
    this.onChoose(null);
  }

  /** The estimate of both sizes, the chosen one first, and the published size's command-line route. */
  showEstimate() {
    const p = this.chosen;
    if (!p || !this.estimates || !this.estimates.quick) {
      this.estimateLine.hidden = true;
      return;
    }
    const speed = this.speed();
    const workers = this.workers();
    const full = this.estimates.full;
    const quickText = `Quick: ${presetEstimateText(this.estimates.quick, speed, workers)}.`;
    const fullText = ` Published size: ${presetEstimateText(full, speed, workers)}`
      + (full.browser ? ` — beyond a browser's budget (${full.browser})` : '')
      + `; on the command line java -jar saddle-lab.jar run --preset ${p.name}, on a cluster `
      + `java -jar saddle-lab.jar slurm --preset ${p.name} (docs/cluster.md).`;
    this.estimateLine.textContent = this.quick() ? quickText + fullText
      : fullText.trim() + ' ' + quickText;
    this.estimateLine.hidden = false;
  }
}
