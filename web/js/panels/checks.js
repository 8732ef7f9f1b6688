// A preset's claims, measured on its runs by Java (PresetChecks), as a list of ✓ and ✗.
export class ChecksPanel {
  constructor(lab) {
    this.lab = lab;
    this.list = document.getElementById('checks');
  }

  show(checks) {
    this.lab.checks = checks;
    this.list.replaceChildren(...checks.map((c) => {
      const li = document.createElement('li');
      li.className = c.passed ? 'passed' : 'failed';
      li.textContent = `${c.passed ? '✓' : '✗'} ${c.claim} — ${c.measured}`;
      return li;
    }));
    this.list.hidden = checks.length === 0;
  }
}
