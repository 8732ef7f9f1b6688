// Offline: a service worker keeps the whole lab in this browser after one visit (sw.js); the banner
// says what works without the server.
export class Offline {
  constructor({ lab, busy, staticCopy, noServiceWorker }) {
    this.lab = lab;
    this.busy = busy;
    this.staticCopy = staticCopy;
    this.noServiceWorker = noServiceWorker;
    this.banner = document.getElementById('offline');
    lab.staticCopy = staticCopy;
  }

  start() {
    this.registerServiceWorker();
    this.checkServer();
    window.addEventListener('online', () => this.checkServer());
    window.addEventListener('offline', () => this.checkServer());
  }

  registerServiceWorker() {
    const lab = this.lab;
    lab.serviceWorker = 'unsupported';
    // Service workers need a secure context (localhost or HTTPS): on a plain-HTTP LAN address the lab
    // simply runs without one. ?sw=0 opts out.
    if (!('serviceWorker' in navigator) || !window.isSecureContext || this.noServiceWorker) return;
    const hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then((registration) => {
      this.registration = registration;
      // a newer build's worker installs in the background, then waits for offerUpdate
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        if (installing) installing.addEventListener('statechange', () => this.offerUpdate());
      });
      this.offerUpdate();
      lab.serviceWorker = 'registered';
      return navigator.serviceWorker.ready;
    }).then(() => { lab.serviceWorker = 'ready'; }).catch((e) => { lab.serviceWorker = 'failed: ' + e.message; });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!hadController) return; // the first visit: the worker just took over this very page
      // a new build took over: reload onto it unless runs are going
      if (!this.busy()) location.reload();
      else this.setBanner('A new version of the lab is ready: reload the page when the runs are done.');
    });
  }

  /** The page has everything it needs (engine, presets, charts): a newer build may take over now. */
  loaded() {
    this.hasLoaded = true;
    this.offerUpdate();
  }

  /**
   * Lets a waiting newer build take over (sw.js waits for this), only from a page that has loaded all
   * its files and has no runs going; the takeover reloads this page onto the new build.
   */
  offerUpdate() {
    const waiting = this.registration && this.registration.waiting;
    if (!waiting || !this.hasLoaded || !navigator.serviceWorker.controller) return;
    if (this.busy()) {
      this.setBanner('A new version of the lab is ready: reload the page when the runs are done.');
      return;
    }
    waiting.postMessage({ type: 'activate' });
  }

  setBanner(text) {
    this.banner.textContent = text;
    this.banner.hidden = !text;
    this.lab.banner = text;
  }

  async checkServer() {
    if (this.staticCopy) {
      this.setBanner('Static copy: everything runs in this browser; short links are not available here.');
      return;
    }
    let health = { status: 'unreachable' };
    try {
      health = await (await fetch('api/health', { cache: 'no-store' })).json();
    } catch (e) { /* unreachable */ }
    this.lab.online = health.status !== 'unreachable' && navigator.onLine;
    const canStore = this.lab.online && health.status === 'ok';
    this.setBanner(!this.lab.online ? 'Offline: the lab runs from this browser’s copy; links that carry the spec work, '
      + 'short links seen before open, new short links need the server.'
      : canStore ? '' : `The server cannot store new short links right now (${health.store || health.status}); `
      + 'everything else works, and links that carry the spec need no server.');
    document.getElementById('create-link').disabled = !canStore;
  }
}
