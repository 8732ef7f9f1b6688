// The link's fragment (#spec=…&xlog=0&…) as a table of properties, like TensorFlow Playground's
// state.ts: each property says how it is written and read. The spec rides as its canonical JSON text;
// reading it is the engine's job (strict: the same reader as the server), not this module's. Pure.

/** Panels a link can hide (Playground's hide flags). */
export const HIDEABLE = ['task', 'network', 'init', 'training', 'sweep', 'toolkit', 'saddles', 'runs'];

/** name → how it is coded; `fallback` is the value when the link does not carry it (never written). */
export const PROPS = [
  { name: 'spec', type: 'text', fallback: null },
  { name: 'xlog', type: 'bool', fallback: true },
  { name: 'bands', type: 'bool', fallback: true },
  { name: 'present', type: 'bool', fallback: false },
  { name: 'hide', type: 'set', of: HIDEABLE, fallback: [] },
];

function decodeOne(prop, text) {
  if (prop.type === 'text') return { value: text };
  if (prop.type === 'bool') {
    if (text === '1' || text === '0') return { value: text === '1' };
    return { error: `${prop.name} must be 0 or 1 (got “${text}”)` };
  }
  const items = text.split(',').filter((h) => h !== '');
  const unknown = items.filter((h) => !prop.of.includes(h));
  if (unknown.length) return { error: `${prop.name} lists ${unknown.join(', ')}; it takes ${prop.of.join(', ')}` };
  return { value: [...new Set(items)].sort() };
}

/**
 * The state a fragment holds: {state: {name: value}, errors: [message]} — every property present, at
 * its fallback when the link leaves it out or holds it wrong; an unknown property is an error too.
 */
export function decode(fragment) {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const state = {};
  for (const p of PROPS) state[p.name] = p.fallback;
  const errors = [];
  let params;
  try {
    params = new URLSearchParams(text);
  } catch (e) {
    return { state, errors: ['the link’s fragment cannot be read'] };
  }
  for (const [name, value] of params) {
    const prop = PROPS.find((p) => p.name === name);
    if (!prop) {
      errors.push(`the link has an unknown part “${name}”; it knows ${PROPS.map((p) => p.name).join(', ')}`);
      continue;
    }
    const r = decodeOne(prop, value);
    if (r.error) errors.push(r.error);
    else state[name] = r.value;
  }
  return { state, errors };
}

/** The fragment for a state (without '#'): properties at their fallback are left out. */
export function encode(state) {
  const params = new URLSearchParams();
  for (const p of PROPS) {
    const v = state[p.name];
    if (v === undefined || v === null) continue;
    if (p.type === 'bool') {
      if (v !== p.fallback) params.set(p.name, v ? '1' : '0');
    } else if (p.type === 'set') {
      if (v.length) params.set(p.name, [...v].sort().join(','));
    } else {
      params.set(p.name, v);
    }
  }
  return params.toString();
}
