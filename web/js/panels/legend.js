// The plots' legend: one entry per configuration (its colour, its label, its runs), so the colours of
// Fig. 2, 3 and 6 are told apart without hovering. Seeds are the run table's rows.
export function legendEntries(runs) {
  const groups = new Map();
  for (const r of runs) {
    if (!groups.has(r.group)) groups.set(r.group, { color: r.color, label: r.label, ids: [], seeds: [] });
    const g = groups.get(r.group);
    g.ids.push(r.id);
    g.seeds.push(r.seed);
  }
  return [...groups.values()].map((g) => ({ color: g.color, text: `${g.label} — ${g.ids.length === 1
    ? `run #${g.ids[0]}, seed ${g.seeds[0]}` : `runs #${g.ids[0]}–#${g.ids[g.ids.length - 1]}, seeds ${g.seeds.join(', ')}`}` }));
}

export class Legend {
  constructor() {
    this.el = document.getElementById('legend');
    this.last = '';
  }

  render(runs) {
    const entries = legendEntries(runs);
    const key = JSON.stringify(entries);
    if (key === this.last) return;
    this.last = key;
    this.el.replaceChildren(...entries.map((e) => {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = e.color;
      li.append(sw, document.createTextNode(e.text));
      return li;
    }));
    this.el.hidden = entries.length === 0;
  }
}
