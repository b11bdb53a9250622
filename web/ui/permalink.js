// permalink.js reads and writes the page's state in the URL's fragment:
//   #date=2023-09-01&map=9/39.95/70.55&layers=frontier,clashes&sel=clashes:ID&lang=ru
// (lang only when the reader chose a language: one that came from the
// browser's Accept-Language is theirs, not the link's).
// A fragment, not a query: the server never needs it, the OGC landing
// page's f parameter stays the only query / takes, and an embed (issue 6)
// can carry the same string.

export const LAYERS = ['frontier', 'clashes', 'deployments', 'places', 'countries'];
export const KINDS = ['clashes', 'deployments'];
export const LANGS = ['en', 'ru', 'ky', 'tg'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

// parse returns the parts of a fragment (or a query string) that are well
// formed; the rest is left to the defaults. datetime, the API's name, is
// read as date, so that a link written for /static.png opens too.
export function parse(hash) {
  const q = new URLSearchParams(hash.replace(/^[#?]/, ''));
  const out = {};
  const date = q.get('date') || q.get('datetime');
  if (date && isoDate.test(date) && !Number.isNaN(Date.parse(date))) out.date = date;
  const m = (q.get('map') || '').split('/').map(Number);
  if (m.length === 3 && m.every(Number.isFinite) && Math.abs(m[1]) <= 90 && Math.abs(m[2]) <= 180) {
    out.zoom = m[0];
    out.center = [m[1], m[2]];
  }
  if (q.has('layers'))
    out.layers = new Set(
      q
        .get('layers')
        .split(',')
        .filter((l) => LAYERS.includes(l)),
    );
  const sel = q.get('sel');
  if (sel) {
    const i = sel.indexOf(':');
    const kind = sel.slice(0, i);
    if (i > 0 && KINDS.includes(kind)) out.sel = { kind, id: sel.slice(i + 1) };
  }
  if (LANGS.includes(q.get('lang'))) out.lang = q.get('lang');
  return out;
}

// initial is the state a page opens at: its query's (a shared link,
// /?date=2022-09-16) with the fragment's on top, which wins where both
// say something.
export function initial(loc = window.location) {
  return { ...parse(loc.search), ...parse(loc.hash) };
}

// format writes a state as a fragment, in a fixed order so that the same
// view always has the same URL.
export function format(st) {
  const parts = [`date=${st.date}`];
  if (st.center) parts.push(`map=${st.zoom}/${st.center[0].toFixed(4)}/${st.center[1].toFixed(4)}`);
  parts.push(`layers=${LAYERS.filter((l) => st.layers.has(l)).join(',')}`);
  if (st.sel) parts.push(`sel=${st.sel.kind}:${encodeURIComponent(st.sel.id)}`);
  if (st.lang) parts.push(`lang=${st.lang}`);
  return `#${parts.join('&')}`;
}
