// The page's URL: the fragment holds the canonical spec and the view (url-state.js); reading a link is
// strict like the server (Java's reader names the field), and a link that does not read is never run
// nor rewritten: the message says why, with one click to the default instead.
import { decode, encode } from './url-state.js';

export class LinkState {
  constructor({ view, xlog, bands }) {
    this.view = view;
    this.xlog = xlog;
    this.bands = bands;
    this.broken = false; // the link did not read: the URL stays as the user wrote it
    this.box = document.getElementById('link-error');
    this.text = document.getElementById('link-error-text');
  }

  /** The fragment's state and its errors (decode); applies the view settings it holds. */
  read() {
    const { state, errors } = decode(location.hash);
    this.xlog.checked = state.xlog;
    this.bands.checked = state.bands;
    this.view.set(state.present, state.hide);
    return { state, errors };
  }

  /** Writes the canonical spec and the view into the fragment (not while a broken link is shown). */
  write(canonical) {
    if (this.broken) return;
    const state = { spec: canonical, xlog: this.xlog.checked, bands: this.bands.checked, present: this.view.present,
      hide: [...this.view.hide] };
    history.replaceState(null, '', location.pathname + location.search + '#' + encode(state));
  }

  /** Shows why the link does not read; the URL stays untouched until the user edits or opens the default. */
  fail(message) {
    this.broken = true;
    this.text.textContent = message;
    this.box.hidden = false;
    window.__lab.linkError = message;
  }

  /** The user took over (edited the form, chose a preset, opened the default). */
  release() {
    if (!this.broken) return;
    this.broken = false;
    this.box.hidden = true;
    window.__lab.linkError = null;
  }
}
