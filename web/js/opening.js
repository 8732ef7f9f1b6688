// What the page opens: the link's spec (read strictly: a link that does not read runs nothing and
// keeps the address), a stored short link (?link=ID), the first preset, or a spec file. Every spec
// goes through Java's validation before it reaches the form's state.
import { Share, linkIdOf } from './share.js';

const $ = (id) => document.getElementById(id);

export class Opening {
  /** @param {object} o  query (URLSearchParams), link (LinkState), pool, form, validation, lab, presets, onError */
  constructor(o) {
    Object.assign(this, o);
  }

  /** The link's spec (strict), or a stored link (?link=ID), or the first preset of `list`. */
  async open(list) {
    const { link, pool, form, validation } = this;
    const id = linkIdOf(this.query);
    const { state, errors } = link.read();
    if (errors.length) {
      link.fail('This link does not read: ' + errors.join('; ') + '. Nothing ran, and the address is kept as it is.');
      return;
    }
    if (state.spec) {
      let parsed;
      try {
        parsed = JSON.parse(state.spec);
      } catch (e) {
        link.fail(`The link’s spec is not readable JSON (${e.message}): it may have been cut short. Nothing ran, and the `
          + 'address is kept as it is.');
        return;
      }
      const r = await pool.call('validate', { spec: state.spec });
      if (r.error) {
        if (parsed && typeof parsed === 'object') form.fill(parsed);
        validation.apply(r);
        link.fail(`The link’s spec does not read: ${r.error.error}. Nothing ran, and the address is kept as it is.`);
        return;
      }
      form.fill(JSON.parse(r.canonical)); // the defaults a link left out, shown
      validation.apply(r);
      return;
    }
    if (id) {
      $('shared').hidden = false;
      $('shared-title').textContent = `Loading short link ${id}…`;
      try {
        const doc = await Share.fetchLink(id);
        // textContent, never innerHTML: titles are whatever someone typed
        $('shared-title').textContent = doc.title || 'Short link ' + id;
        $('shared-description').textContent = doc.description || '';
        this.lab.sharedLink = doc;
        form.fill(doc.spec);
        validation.apply(await pool.call('validate', { spec: JSON.stringify(doc.spec) }));
      } catch (e) {
        $('shared').hidden = true;
        link.fail(`Short link ${id} could not be opened: ${e.message}.`);
      }
      return;
    }
    form.fill(list[0].quick[0].spec);
    await validation.check();
  }

  /** "Open the default instead": the first preset, the address cleared. */
  openDefault() {
    this.link.release();
    $('shared').hidden = true;
    history.replaceState(null, '', location.pathname);
    this.form.fill(this.presets.list[0].quick[0].spec);
    this.validation.check();
  }

  /** A spec file, or a link or results document that holds one. */
  async loadSpecText(text, name) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.onError(`${name} is not JSON: ${e.message}`);
      return;
    }
    const spec = value && typeof value === 'object' && value.spec && typeof value.spec === 'object' ? value.spec : value;
    this.link.release();
    const r = await this.pool.call('validate', { spec: JSON.stringify(spec) });
    if (!r.error) this.form.fill(JSON.parse(r.canonical));
    else if (spec && typeof spec === 'object') this.form.fill(spec);
    this.validation.apply(r);
  }
}
