// The form's spec checked by Java's rules on the control worker (ExperimentSpec through WorkerEngine),
// as the form changes and again whenever something runs, and the cost estimate of the spec that
// passed (Budget.estimate over this machine's measured speed). The newest answer wins (latest()).
import { estimateText, measuredSpeed } from './estimate.js';
import { latest, STALE } from './protocol.js';

export class SpecValidation {
  /**
   * @param {object} o  pool, form (SpecForm), lab, workers (pool size), elements {error, estimate},
   *                    onValid(canonical) after a spec passes, onChange() after every answer
   */
  constructor(o) {
    Object.assign(this, o);
    this.ok = false;
    this.canonical = null;
    /** The last estimate, the canonical spec it is for, and the speed (multiply–adds/ms of a worker). */
    this.estimate = { value: null, for: null, speed: null };
    this.validated = latest();
    this.estimated = latest();
    this.timer = 0;
  }

  /** Validates shortly after the last edit. */
  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), 120);
  }

  /** Validates the form now; the worker's answer (or STALE when a newer check overtook it). */
  async check() {
    const r = await this.validated(this.pool.call('validate', { spec: JSON.stringify(this.form.spec()) }));
    if (r !== STALE) this.apply(r);
    return r;
  }

  /** The form's spec validated now (a pending edit, or a preset just opened, is never skipped); null if invalid. */
  async now() {
    clearTimeout(this.timer);
    const r = await this.check();
    return r === STALE || r.error ? null : r;
  }

  /** Shows a validation answer: the message on the field it names, or the estimate of the spec. */
  apply(r) {
    this.form.mark(null);
    if (r.error) {
      this.ok = false;
      this.canonical = null;
      this.elements.error.hidden = false;
      this.elements.error.textContent = r.error.error;
      this.form.mark(r.error.field);
      this.elements.estimate.textContent = '';
    } else {
      this.ok = true;
      this.canonical = r.canonical;
      this.elements.error.hidden = true;
      this.onValid(r.canonical);
      this.showEstimate(r.canonical);
    }
    this.onChange();
  }

  async showEstimate(canonical) {
    const e = await this.estimated(this.pool.call('estimate', { spec: canonical }));
    if (e === STALE || !e || e.error) return;
    this.estimate.value = e;
    this.estimate.for = canonical;
    this.lab.estimate = e;
    this.redrawEstimate();
  }

  /** The calibration's speed at start (a run's own measurement, if one came first, is kept). */
  calibrated(speed) {
    this.estimate.speed = this.estimate.speed || speed;
    this.redrawEstimate();
  }

  /** A finished run of the estimated spec measures this machine's speed again (its worker's busy time). */
  runFinished(canonical, busyMs) {
    const e = this.estimate;
    if (e.value && e.for === canonical) e.speed = measuredSpeed(e.value.workPerRun, busyMs) || e.speed;
  }

  /** The estimated bytes of one run of this spec, or 0 when the estimate is for another. */
  bytesPerRun(canonical) {
    return this.estimate.for === canonical ? this.estimate.value.bytesPerRun : 0;
  }

  redrawEstimate() {
    if (this.estimate.value) {
      this.elements.estimate.textContent = estimateText(this.estimate.value, this.estimate.speed, this.workers);
    }
  }
}
