// details.js writes what a reader needs to know about one clash or
// deployment, as DOM (never innerHTML: the text comes from sources), for a
// popup or the side panel: title, date at its precision, place and how
// precise it is, every claim with who makes it and its source, notes, and
// the sources as links.
import { formatDate, formatNumber } from './i18n.js';
import { basisLines, claimMark, gradeNote } from './record.js';

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === '') continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

export { el };

// dayLabel writes an ISO day in the page's language at an ACLED time
// precision: 1 the day ("16 September 2022"), 2 the week, 3 the month.
export const dayLabel = formatDate;

function sourceLink(src, fallbackId) {
  if (!src) return el('span', {}, fallbackId || 'source not given');
  const label = `${src.publisher}${src.published ? `, ${src.published}` : ''}`;
  if (!src.url) return el('span', { title: src.title }, label);
  return el('a', { href: src.url, rel: 'noopener noreferrer', title: src.title }, label);
}

function precisionLine(p) {
  const parts = [];
  if (p.place) parts.push(p.place);
  let label = p.geo_precision_label || '';
  if (p.uncertainty_m > 0) label += ` (within about ${formatKm(p.uncertainty_m / 1000)} km)`;
  if (label) parts.push(label);
  return parts.join(': ');
}

// formatKm writes a length: whole kilometres from 10 km, else one decimal.
export function formatKm(km) {
  return formatNumber(km, km >= 10 ? 0 : 1);
}

function claimItem(c, byId) {
  let fig = String(c.low);
  if (c.high > c.low) fig += `–${c.high}`;
  const text = [c.qualifier, fig, c.what].filter(Boolean).join(' ');
  const who = [];
  if (c.side) who.push(`side: ${c.side}`);
  who.push(`claimed by ${c.claimant || 'the source'}`);
  if (c.as_of) who.push(`as of ${dayLabel(c.as_of)}`);
  return el('li', { class: c.standing || null }, claimMark(c), el('strong', {}, text), ` (${who.join('; ')}). Source: `, sourceLink(byId[c.source], c.source), c.note ? ` — ${c.note}` : '');
}

function statusItem(c, byId) {
  const who = c.claimant ? `, according to ${c.claimant}` : '';
  return el('li', {}, el('strong', {}, c.status), `: ${dayLabel(c.date, c.time_precision)}${who}. Source: `, sourceLink(byId[c.source], c.source), c.note ? ` — ${c.note}` : '');
}

// title is the name a feature is listed and announced by.
export function title(kind, f) {
  const p = f.properties;
  if (kind === 'deployments') return `${p.system} (${p.operator})`;
  return p.title || p.name || String(f.id);
}

// describe returns an <article> for a feature of collection kind; base is
// the service URL, for the link to its table row.
export function describe(kind, f, base) {
  const p = f.properties;
  const byId = Object.fromEntries((p.sources || []).map((s) => [s.id, s]));
  const a = el('article', { class: 'feature', 'data-id': f.id, 'data-kind': kind });
  a.append(el('h3', { class: 'feature-title' }, title(kind, f)));
  if (kind === 'clashes') {
    a.append(el('p', { class: 'when' }, el('span', { class: 'k' }, 'When: '), p.date_label));
    const type = [p.event_type, p.sub_event_type].filter(Boolean).join(', ');
    if (type) a.append(el('p', {}, el('span', { class: 'k' }, 'Type: '), type));
  } else {
    const what = [p.category, p.supplier ? `from ${p.supplier}` : ''].filter(Boolean).join(', ');
    a.append(el('p', {}, el('span', { class: 'k' }, 'What: '), what));
    if (p.status) a.append(el('p', { class: 'when' }, el('span', { class: 'k' }, 'Status: '), `${p.status}${p.status_date ? `, ${dayLabel(p.status_date)}` : ''}`));
    if (p.intended_area) a.append(el('p', {}, el('span', { class: 'k' }, 'Intended area: '), p.intended_area));
  }
  a.append(el('p', { class: 'where' }, el('span', { class: 'k' }, 'Where: '), precisionLine(p) || 'no location published'));
  a.append(...basisLines(p));
  const claims = kind === 'clashes' ? p.claims || [] : p.status_claims || [];
  if (claims.length) {
    a.append(el('h4', {}, kind === 'clashes' ? 'Figures claimed' : 'Dated claims'));
    a.append(el('ul', { class: 'claims' }, claims.map((c) => (kind === 'clashes' ? claimItem(c, byId) : statusItem(c, byId)))));
  }
  if (p.notes) a.append(el('p', { class: 'notes' }, p.notes));
  if (p.sources && p.sources.length) {
    a.append(el('h4', {}, 'Sources'));
    a.append(el('ul', { class: 'sources' }, p.sources.map((s) => el('li', {}, s.url ? el('a', { href: s.url, rel: 'noopener noreferrer' }, `${s.publisher}: ${s.title}`) : `${s.publisher}: ${s.title}`, s.published ? ` (${s.published})` : '', gradeNote(s)))));
  }
  a.append(el('p', { class: 'small' }, el('a', { href: `${base}/collections/${kind}/items/${encodeURIComponent(f.id)}?f=html` }, 'This entry as a table')));
  return a;
}
