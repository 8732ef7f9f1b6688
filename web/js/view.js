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
    // on a narrow screen the run bar sticks on top: the page's scroll padding is its height, so scrolled-to
    // content stops below it. Set as the root's own property, not an inherited custom property, whose every
    // change restyled the whole page (the bar grows when a batch starts)
    const bar = document.getElementById('runbar');
    const narrow = window.matchMedia('(max-width: 900px)');
    let kept = null;
    const keep = () => {
      const padding = narrow.matches ? `${bar.offsetHeight + 5}px` : '';
      if (padding !== kept) document.documentElement.style.scrollPaddingTop = kept = padding;
    };
    if ('ResizeObserver' in window) new ResizeObserver(keep).observe(bar);
    narrow.addEventListener('change', keep);
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
