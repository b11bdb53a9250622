// details.js writes what a reader needs to know about one clash or
// deployment, as DOM (never innerHTML: the text comes from sources), for a
// popup or the side panel: title, date at its precision, place and how
// precise it is, every claim with who makes it and its source, notes, and
// the sources as links.
import {
  t,
  lang,
  formatDate,
  formatDateRange,
  formatNumber,
  dataText,
  dataMarked,
  word,
  placeName,
} from './i18n.js';
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
  // SEED is the compilers' own starting table, not a source a reader can open.
  if (!src)
    return el(
      'span',
      {},
      fallbackId && fallbackId !== 'SEED' ? fallbackId : t('details.no_source'),
    );
  const label = `${src.publisher}${src.published ? `, ${src.published}` : ''}`;
  if (!src.url) return el('span', { title: src.title }, label);
  return el('a', { href: src.url, rel: 'noopener noreferrer', title: src.title }, label);
}

// prose writes a note from the record for readers: the compilers'
// working references ("facts.md §7", "the seed column", [SEED]) go, and a
// bracketed source code ([S45]) becomes a link to that source under its
// publisher's name, or goes when the feature does not cite it.
export function prose(text, byId = {}) {
  const clean = String(text || '')
    .replace(/\s*\((?:see |per |from )?facts\.md[^)]*\)/gi, '')
    .replace(
      /[;,]?\s*(?:see |per |in )?facts\.md(?:\s*§\s*[\d.]+(?:\s*(?:,|and)\s*§?\s*[\d.]+)*)?/gi,
      '',
    )
    .replace(/\bthe seed column\b/gi, 'an earlier compilation')
    .replace(/\bseed column\b/gi, 'earlier compilation')
    .replace(/\s*\[SEED\]/g, '');
  const out = [];
  let last = 0;
  for (const m of clean.matchAll(/\s*\[S\d+\b[^\]]*\]/g)) {
    out.push(clean.slice(last, m.index));
    const ids = m[0].match(/S\d+/g).filter((id) => byId[id]);
    if (ids.length)
      out.push(' (', ...ids.flatMap((id, i) => [i ? ', ' : '', sourceLink(byId[id])]), ')');
    last = m.index + m[0].length;
  }
  out.push(clean.slice(last));
  return out.filter((x) => x !== '');
}

function precisionLine(p) {
  const parts = [];
  if (p.place) parts.push(placeName(p.place, p.place_spellings));
  let label = Number.isInteger(p.geo_precision)
    ? t(`precision.${p.geo_precision}`)
    : p.geo_precision_label || '';
  if (p.uncertainty_m > 0)
    label += ` ${t('details.within', { km: formatKm(p.uncertainty_m / 1000) })}`;
  if (label) parts.push(label);
  return parts.flatMap((x, i) => (i ? [': ', x] : [x]));
}

// formatKm writes a length: whole kilometres from 10 km, else one decimal.
export function formatKm(km) {
  return formatNumber(km, km >= 10 ? 0 : 1);
}

// inEnglish marks a text the data gives only in English, on a page in
// another language, so that a screen reader reads it as English.
const inEnglish = (text) => (lang === 'en' || !text ? text : el('span', { lang: 'en' }, text));

// sourcesById indexes a feature's sources by id, for prose() and the claims.
const sourcesById = (p) => Object.fromEntries((p.sources || []).map((s) => [s.id, s]));

// notes is the record's free-text note, as prose, marked English on a page
// in another language.
const notes = (text, byId) =>
  el('p', { class: 'notes', lang: lang === 'en' ? undefined : 'en' }, prose(text, byId));

// sourceList is the Sources heading and list, an item(s) for each, or
// nothing for a feature without sources.
const sourceList = (sources, item) =>
  sources && sources.length
    ? [el('h4', {}, t('details.sources')), el('ul', { class: 'sources' }, sources.map(item))]
    : [];

// tableLink is the closing link to the feature's row in its collection's
// HTML table.
const tableLink = (base, kind, f) =>
  el(
    'p',
    { class: 'small' },
    el(
      'a',
      { href: `${base}/collections/${kind}/items/${encodeURIComponent(f.id)}?f=html` },
      t('details.as_table'),
    ),
  );

function claimItem(c, byId) {
  let fig = formatNumber(c.low, 0);
  if (c.high > c.low) fig += `–${formatNumber(c.high, 0)}`;
  const text = [c.qualifier, fig, c.what].filter(Boolean).join(' ');
  const who = [];
  if (c.side) who.push(t('claim.side', { side: c.side }));
  who.push(c.claimant ? t('claim.by', { claimant: c.claimant }) : t('claim.by_source'));
  if (c.as_of) who.push(t('claim.as_of', { date: dayLabel(c.as_of) }));
  return el(
    'li',
    { class: c.standing || null },
    claimMark(c),
    el('strong', {}, inEnglish(text)),
    ` (${who.join('; ')}). ${t('claim.source')} `,
    sourceLink(byId[c.source], c.source),
    c.note ? [' — ', inEnglish(prose(c.note, byId))] : '',
  );
}

function statusItem(c, byId) {
  const who = c.claimant ? t('claim.according_to', { claimant: c.claimant }) : '';
  return el(
    'li',
    {},
    el('strong', {}, dataMarked(c.status)),
    `: ${dayLabel(c.date, c.time_precision)}${who}. ${t('claim.source')} `,
    sourceLink(byId[c.source], c.source),
    c.note ? [' — ', inEnglish(prose(c.note, byId))] : '',
  );
}

// claimFigure is a claim's figure as one phrase: "59 killed".
function claimFigure(c) {
  let fig = formatNumber(c.low, 0);
  if (c.high > c.low) fig += `–${formatNumber(c.high, 0)}`;
  return [c.qualifier, fig, c.what].filter(Boolean).join(' ');
}

// claimGroups lists an event's figures by the side that claims them, then
// by claimant: each side opens with a one-line summary (its first figure,
// consolidated ones being listed first, and who says so as of when), and
// the rest is folded away, so that 26 claims do not make a 5,000 px list.
function claimGroups(claims, byId) {
  const sides = new Map();
  for (const c of claims) {
    const side = c.claimant_side || c.side || '';
    if (!sides.has(side)) sides.set(side, new Map());
    const by = sides.get(side);
    const who = c.claimant || t('claim.the_source');
    if (!by.has(who)) by.set(who, []);
    by.get(who).push(c);
  }
  const box = el('div', { class: 'claim-groups' });
  for (const [side, by] of sides) {
    const all = [...by.values()].flat();
    const first = all[0];
    const src = byId[first.source];
    const said = [
      first.claimant || (src && src.publisher),
      first.as_of ? t('claim.as_of', { date: dayLabel(first.as_of) }) : '',
    ]
      .filter(Boolean)
      .join(', ');
    const sideName = side ? word('claimant_side', side) : t('claim.other_sources');
    const summary = el(
      'p',
      { class: 'claim-summary' },
      el('strong', {}, sideName, ': '),
      inEnglish(claimFigure(first)),
      said ? ` (${said})` : '',
      all.length > 1 ? `; ${t('claim.more', { n: all.length - 1 })}` : '',
    );
    const lists = [...by].map(([who, cs]) => [
      el('h5', {}, who),
      el(
        'ul',
        { class: 'claims' },
        cs.map((c) => claimItem(c, byId)),
      ),
    ]);
    box.append(
      el(
        'details',
        { class: 'claim-side', 'data-side': side || 'Other sources' },
        el('summary', {}, summary),
        lists.flat(),
      ),
    );
  }
  return box;
}

// describeSector returns an <article> for a stretch of the frontier: its
// status now, and every status it has had, with the basis and sources.
export function describeSector(f, base) {
  const p = f.properties;
  const byId = sourcesById(p);
  const a = el('article', { class: 'feature', 'data-id': f.id, 'data-kind': 'frontier' });
  a.append(
    el('h3', { class: 'feature-title', lang: titleLang('frontier', f) }, title('frontier', f)),
  );
  if (p.status)
    a.append(
      el(
        'p',
        { class: 'when' },
        el('span', { class: 'k' }, `${t('details.status')} `),
        word('status', p.status),
        p.length_km ? `, ${t('unit.km', { km: formatKm(p.length_km) })}` : '',
      ),
    );
  const history = p.status_history || [];
  if (history.length) {
    a.append(el('h4', {}, t('col.status_history')));
    a.append(
      el(
        'ol',
        { class: 'status-history' },
        history.map((h) => {
          const from = h.valid_from ? dayLabel(h.valid_from) : t('sector.before_2021');
          const to = h.valid_to ? dayLabel(h.valid_to) : t('sector.now');
          const srcs = (h.sources || [])
            .filter((id) => byId[id])
            .flatMap((id, i) => [i ? ', ' : '', sourceLink(byId[id])]);
          return el(
            'li',
            {},
            el('strong', {}, word('status', h.status)),
            ` (${from} – ${to})`,
            h.basis ? [': ', inEnglish(prose(h.basis, byId))] : '',
            srcs.length ? [` ${t('details.sources')}: `, ...srcs, '.'] : '',
          );
        }),
      ),
    );
  }
  if (p.notes) a.append(notes(p.notes, byId));
  a.append(tableLink(base, 'frontier', f));
  return a;
}

// describePlace returns an <article> for a place of the gazetteer.
export function describePlace(f, base) {
  const p = f.properties;
  const byId = sourcesById(p);
  const a = el('article', { class: 'feature', 'data-id': f.id, 'data-kind': 'places' });
  a.append(el('h3', { class: 'feature-title' }, placeName(p.name, p.spellings)));
  a.append(el('p', {}, word('country', p.country), p.admin ? [', ', inEnglish(p.admin)] : ''));
  if (p.spellings && p.spellings.length)
    a.append(
      el(
        'p',
        {},
        el('span', { class: 'k' }, `${t('place.also')} `),
        [p.name, ...p.spellings].join(', '),
      ),
    );
  if (p.as_stated) a.append(el('p', {}, t('place.as_stated', { coords: p.as_stated })));
  a.append(...basisLines(p, byId));
  if (p.note) a.append(notes(p.note, byId));
  a.append(
    ...sourceList(p.sources, (s) => el('li', {}, sourceLink(s), `: ${s.title}`, gradeNote(s))),
  );
  a.append(tableLink(base, 'places', f));
  return a;
}

// title is the name a feature is listed and announced by, in the page's
// language where the bundled data has it (dataText).
export function title(kind, f) {
  const p = f.properties;
  if (kind === 'frontier') return dataText(p.sector).text || String(f.id);
  if (kind === 'deployments') return `${dataText(p.system).text} (${dataText(p.operator).text})`;
  if (p.title) return dataText(p.title).text;
  return p.name || String(f.id);
}

// titleLang is the language title() writes the feature in, when it is not
// the page's.
function titleLang(kind, f) {
  const p = f.properties;
  const l = dataText(
    kind === 'deployments' ? p.system : kind === 'frontier' ? p.sector : p.title,
  ).lang;
  return l === lang ? undefined : l;
}

// dateLabel writes a clash's dates at their precision in the page's
// language ("14–17 September 2022", "14–17 сентября 2022 г.").
export function dateLabel(p) {
  return p.date_start
    ? formatDateRange(p.date_start, p.date_end, p.time_precision || 1)
    : p.date_label || '';
}

// describe returns an <article> for a feature of collection kind; base is
// the service URL, for the link to its table row.
export function describe(kind, f, base) {
  const p = f.properties;
  const byId = sourcesById(p);
  const a = el('article', { class: 'feature', 'data-id': f.id, 'data-kind': kind });
  a.append(el('h3', { class: 'feature-title', lang: titleLang(kind, f) }, title(kind, f)));
  const k = (key) => el('span', { class: 'k' }, `${t(key)} `);
  if (kind === 'clashes') {
    a.append(el('p', { class: 'when' }, k('details.when'), dateLabel(p)));
    const type = [
      word('event_type', p.event_type),
      p.sub_event_type ? ', ' : '',
      word('sub_event_type', p.sub_event_type),
    ];
    if (p.event_type) a.append(el('p', {}, k('details.type'), type));
  } else {
    const what = [
      dataMarked(p.category),
      p.supplier ? [', ', t('details.from', { supplier: dataText(p.supplier).text })] : '',
    ];
    a.append(el('p', {}, k('details.what'), what));
    if (p.status)
      a.append(
        el(
          'p',
          { class: 'when' },
          k('details.status'),
          inEnglish(p.status),
          p.status_date ? `, ${dayLabel(p.status_date)}` : '',
        ),
      );
    if (p.intended_area)
      a.append(el('p', {}, k('details.intended_area'), dataMarked(p.intended_area)));
  }
  const where = precisionLine(p);
  a.append(
    el('p', { class: 'where' }, k('details.where'), where.length ? where : t('precision.0')),
  );
  a.append(...basisLines(p, byId));
  const claims = kind === 'clashes' ? p.claims || [] : p.status_claims || [];
  if (claims.length) {
    a.append(el('h4', {}, kind === 'clashes' ? t('details.claims') : t('details.status_claims')));
    a.append(
      kind === 'clashes'
        ? claimGroups(claims, byId)
        : el(
            'ul',
            { class: 'claims' },
            claims.map((c) => statusItem(c, byId)),
          ),
    );
  }
  if (p.notes) a.append(notes(p.notes, byId));
  a.append(
    ...sourceList(p.sources, (s) =>
      el(
        'li',
        {},
        s.url
          ? el('a', { href: s.url, rel: 'noopener noreferrer' }, `${s.publisher}: ${s.title}`)
          : `${s.publisher}: ${s.title}`,
        s.published ? ` (${s.published})` : '',
        gradeNote(s),
      ),
    ),
  );
  a.append(tableLink(base, kind, f));
  return a;
}
