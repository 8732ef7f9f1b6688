// Sharing: the link that carries the spec, short links stored on the server (/api/links, opened as
// ?link=ID), spec files. Titles and descriptions are whatever someone typed: text, never HTML.

/** The link id of the page's query: ?link=ID, or ?preset=ID of the first release. */
export function linkIdOf(query) {
  return query.get('link') || query.get('preset');
}

export class Share {
  /**
   * @param canonical () => the validated canonical spec text, or null
   * @param limits    () => a promise of Java's caps ({linkChars}: the longest link offered)
   */
  constructor({ lab, canonical, pageUrl, limits }) {
    this.lab = lab;
    this.canonical = canonical;
    this.limits = limits;
    this.pageUrl = pageUrl; // () => the page's URL with the spec in its fragment
    this.note = document.getElementById('share-note');
    this.field = document.getElementById('share-link');
    document.getElementById('create-link').addEventListener('click', () => this.createShortLink());
    document.getElementById('copy-link').addEventListener('click', () => this.copy());
  }

  show(url, note) {
    this.field.value = url;
    this.note.textContent = note;
  }

  async showPageLink() {
    if (!this.canonical()) return;
    const url = this.pageUrl();
    const caps = await this.limits();
    if (url.length > caps.linkChars) {
      // data given by value travel in the spec: past the cap a link breaks in mail and chat
      this.lab.linkTooLong = url.length;
      this.show(url, `This link is ${url.length} characters long (its data travel in it), more than the ${caps.linkChars} `
        + 'a link carries reliably in mail or chat: use “Download spec” instead — the file reproduces this exact run '
        + '(Load spec… on any copy of the lab, or `run FILE` on the command line).');
      return;
    }
    this.lab.linkTooLong = 0;
    this.show(url, 'This link carries the whole spec: it reproduces this exact run, with or without the server.');
  }

  /** POSTs the canonical spec (+ title, description) to api/links; shows the short link. */
  async createShortLink() {
    const canonical = this.canonical();
    if (!canonical) return;
    const body = { spec: JSON.parse(canonical) };
    const title = document.getElementById('share-title').value.trim();
    const description = document.getElementById('share-description').value.trim();
    if (title) body.title = title;
    if (description) body.description = description;
    let response;
    try {
      response = await fetch('api/links', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body) });
    } catch (e) {
      this.show(this.pageUrl(), 'No server reachable (offline?): short links need the server. This link carries the '
        + 'whole spec instead and works anywhere.');
      return;
    }
    let answer = {};
    try { answer = await response.json(); } catch (e) { /* not JSON: reported below */ }
    if (response.status === 413) {
      this.note.textContent = 'The spec is too large for a short link (its data travel in it): use “Download spec” '
        + 'instead — the file reproduces this exact run.';
      return;
    }
    if (!response.ok) {
      this.note.textContent = `The server refused the link (${response.status}): ${answer.error || response.statusText}`;
      return;
    }
    this.lab.shortLink = answer.id;
    this.show(new URL(answer.url, location.href).href, 'Short link to this exact run (stored on the server, immutable).');
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.field.value);
      this.note.textContent = 'Copied.';
    } catch (e) {
      this.field.select(); // the clipboard needs a secure context: select it for Ctrl+C
      this.note.textContent = 'Press Ctrl+C (or ⌘C) to copy the selected link.';
    }
  }

  /**
   * A stored link (?link=ID): its document {spec, title?, description?}, or throws with a message that
   * says what went wrong (unknown id, malformed id, no server).
   */
  static async fetchLink(id) {
    let r;
    try {
      r = await fetch('api/links/' + encodeURIComponent(id));
    } catch (e) {
      throw new Error('the server cannot be reached, and this browser has not seen the link before');
    }
    let doc = {};
    try { doc = await r.json(); } catch (e) { /* reported below */ }
    if (!r.ok) throw new Error(doc.error || r.statusText);
    return doc;
  }
}

/** Saves text as a file. */
export function download(lab, name, type, text) {
  lab.lastDownload = { name, text };
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
