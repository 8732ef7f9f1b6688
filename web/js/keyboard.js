// Keyboard: Enter in a spec field runs, Space pauses and resumes (outside text fields and buttons),
// Escape stops the batch. The list is on the page (#shortcuts), so nobody has to guess.
export const SHORTCUTS = [['Enter', 'in a field: run'], ['Space', 'pause / resume'], ['Esc', 'cancel the runs']];

const typing = (el) => el && (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
  || (el.tagName === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio'));

export function keyboard({ form, run, togglePause, cancel }) {
  document.getElementById('shortcuts').textContent = SHORTCUTS.map(([k, what]) => `${k}: ${what}`).join(' · ');
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && typing(e.target) && e.target.tagName !== 'TEXTAREA') {
      e.preventDefault();
      run();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = document.activeElement;
    if (e.key === ' ' && !typing(el) && !(el && el.tagName === 'BUTTON')) {
      e.preventDefault();
      togglePause();
    } else if (e.key === 'Escape' && !typing(el)) {
      cancel();
    }
  });
}
