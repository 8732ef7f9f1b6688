// A guided tour through the three regimes, built from the presets' configurations (by key).
const STEPS = [
  { preset: 'fig2', key: 'ntk-100', title: '1 · NTK regime (γ = 1 − 1/L)',
    text: 'A large initialization: the network starts next to a global minimum (Theorem 1). The loss falls at '
      + 'once, linearly, with no plateau, and the rank of A is full from the start: the NTK barely moves.' },
  { preset: 'fig2', key: 'mf-100', title: '2 · Mean-field regime (γ = 1)',
    text: 'At σ² = 1/w the saddle at the origin and the minima are equally far. The loss shows short plateaus '
      + 'whose length stays the same as the width grows.' },
  { preset: 'fig2', key: 's2s-100', title: '3 · Saddle-to-saddle regime (γ = 2)',
    text: 'A small initialization starts next to the saddle at the origin. The loss sits on plateaus and the '
      + 'rank of A grows one at a time: each escape learns one more singular value of the teacher.' },
  { preset: 'fig1', key: 'fig1', title: '4 · The greedy low-rank algorithm (Fig. 1)',
    text: 'Matrix completion of a rank-3 matrix: three plateaus, ranks 1 → 2 → 3, and the saddles table sets '
      + 'each plateau beside the saddles of the paper’s greedy low-rank algorithm.' },
];

/** The tour's steps with their configurations (steps whose configuration is missing are left out). */
export function tourSteps(presets) {
  return STEPS.map((s) => {
    const p = presets.find((x) => x.name === s.preset);
    const config = p && p.quick.find((c) => c.key === s.key);
    return config ? Object.assign({ config }, s) : null;
  }).filter(Boolean);
}

export class Tour {
  /**
   * @param show (spec) => void: puts the step's spec in the form; run: (fresh) => void, fresh when the step's
   *        task is not the one the last step ran (its runs would share no scale with the new ones)
   */
  constructor({ lab, presets, show, run }) {
    this.lab = lab;
    this.presets = presets;
    this.showSpec = show;
    this.step = -1;
    this.panel = document.getElementById('tour');
    document.getElementById('tour-start').addEventListener('click', () => this.go(0));
    document.getElementById('tour-prev').addEventListener('click', () => this.go(this.step - 1));
    document.getElementById('tour-next').addEventListener('click', () => this.go(this.step + 1));
    this.ranTask = null;
    document.getElementById('tour-run').addEventListener('click', () => {
      const steps = tourSteps(this.presets());
      if (this.step < 0) return;
      const task = JSON.stringify(steps[this.step].config.spec.task);
      run(this.ranTask !== null && this.ranTask !== task);
      this.ranTask = task;
    });
  }

  go(step) {
    const steps = tourSteps(this.presets());
    if (step < 0 || step >= steps.length) {
      this.panel.hidden = true;
      this.step = -1;
      return;
    }
    this.step = step;
    this.panel.hidden = false;
    document.getElementById('tour-title').textContent = steps[step].title;
    document.getElementById('tour-text').textContent = steps[step].text;
    document.getElementById('tour-prev').disabled = step === 0;
    document.getElementById('tour-next').textContent = step === steps.length - 1 ? 'Close' : 'Next ›';
    this.lab.tourStep = step;
    this.showSpec(steps[step].config.spec);
  }
}
