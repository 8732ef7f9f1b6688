// Presentation mode (large type and thick lines for a projector) and the panels a link hides, both
// kept in the link (url-state.js).
import { HIDEABLE } from './url-state.js';

export class View {
  constructor(board, onChange) {
    this.board = board;
    this.onChange = onChange;
    this.present = false;
    this.hide = new Set();
    document.getElementById('present').addEventListener('click', () => {
      this.present = !this.present;
      this.apply();
      this.onChange();
    });
    // the sticky run bar's height, for the page's scroll padding: scrolled-to content stops below it
    const bar = document.getElementById('runbar');
    const keep = () => document.documentElement.style.setProperty('--runbar-height', `${bar.offsetHeight}px`);
    if ('ResizeObserver' in window) new ResizeObserver(keep).observe(bar);
    keep();
    for (const box of document.querySelectorAll('#hide-flags input')) {
      box.addEventListener('change', () => {
        if (box.checked) this.hide.add(box.value); else this.hide.delete(box.value);
        this.apply();
        this.onChange();
      });
    }
  }

  set(present, hide) {
    this.present = present;
    this.hide = new Set(hide.filter((h) => HIDEABLE.includes(h)));
    this.apply();
  }

  apply() {
    document.documentElement.classList.toggle('present', this.present); // rem sizes scale: the form too
    for (const el of document.querySelectorAll('[data-hide]')) el.hidden = this.hide.has(el.dataset.hide);
    for (const box of document.querySelectorAll('#hide-flags input')) box.checked = this.hide.has(box.value);
    document.getElementById('present').setAttribute('aria-pressed', String(this.present));
    window.__lab.view = { present: this.present, hide: [...this.hide] };
    this.board.setPresentation(this.present);
  }
}
