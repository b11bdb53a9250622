// record.js shows what issue 11 added to the record: the figures the
// parties reported on the border's status, beside the schematic line's
// share; what a point or a date stands for; the note where the 1:10m line
// passes on the wrong side of a village; each source's grade and whether
// it was read in a mirror; and which figures are early or superseded.
// Every string is in the message catalogs (t), never written here.
import { t, formatDate, word, dataMarked } from './i18n.js';
import { el, prose } from './details.js';

// sourceLinks writes a figure's sources as links to the pages, each with
// its publisher; one page listed twice (S27 and S67) is linked once.
function sourceLinks(sources) {
  const seen = new Set();
  const links = [];
  for (const s of sources || []) {
    if (s.url && seen.has(s.url)) continue;
    seen.add(s.url);
    links.push(
      links.length ? ', ' : '',
      s.url
        ? el('a', { href: s.url, rel: 'noopener noreferrer', title: s.title }, s.publisher)
        : s.publisher,
    );
  }
  return links;
}

// attribution is "claimant, source" or, when the outlet is itself the
// claimant, the source alone: "(Kamchybek Tashiev, daryo.uz)", "(24.kg)".
function attribution(r) {
  const own = (r.sources || []).every((s) => s.publisher === r.claimant);
  return own ? sourceLinks(r.sources) : [r.claimant, ', ', ...sourceLinks(r.sources)];
}

// withFigure writes message key with a reported figure in place of
// {figure}: in the page's language where the data's table has it, else
// marked with the language it stays in.
function withFigure(key, vars, figure) {
  const mark = '\uE000';
  const [before, after = ''] = t(key, { ...vars, figure: mark }).split(mark);
  return [before, dataMarked(figure), after];
}

// reportedFigure writes one reported figure: "Reported 12 December 2023:
// over 90% agreed (Kamchybek Tashiev, daryo.uz)"; a second one of the same
// day (again) without its date.
export function reportedFigure(r, again = false) {
  return el(
    'span',
    { class: 'reported', 'data-date': r.date },
    again
      ? dataMarked(r.figure)
      : withFigure('stats.reported', { date: formatDate(r.date, r.time_precision) }, r.figure),
    ' (',
    attribution(r),
    ')',
  );
}

// reportedList is the list of every figure reported up to the date,
// latest first, folded away under the stats line.
export function reportedList(figures) {
  const items = [...figures]
    .reverse()
    .map((r) =>
      el(
        'li',
        {},
        el('strong', {}, formatDate(r.date, r.time_precision)),
        ': ',
        dataMarked(r.figure),
        ' (',
        attribution(r),
        '; ',
        t('record.grade', { grade: r.grade }),
        ')',
      ),
    );
  return el(
    'details',
    { class: 'reported-all' },
    el('summary', {}, t('stats.reported_all', { n: figures.length })),
    el('ul', {}, items),
  );
}

// countryName is a country in the page's language, as plain text (a
// message's variable), falling back to the data's English.
function countryName(c) {
  const w = word('country', c);
  return typeof w === 'string' ? w : c;
}

// basisLines writes what the point and the date stand for, and the
// wrong-side note, for a clash, a deployment or a place.
export function basisLines(p, byId = {}) {
  const out = [];
  const basis = (key, text) =>
    el('p', { class: 'basis' }, el('span', { class: 'k' }, t(key)), ' ', prose(text, byId));
  if (p.location_basis) out.push(basis('record.location_basis', p.location_basis));
  if (p.date_basis) out.push(basis('record.date_basis', p.date_basis));
  if (p.wrong_side_at_scale)
    out.push(
      el(
        'p',
        { class: 'wrong-side', role: 'note' },
        t('record.wrong_side', { country: countryName(p.country_at_scale) }),
      ),
    );
  return out;
}

// claimMark is the mark of an early, superseded or consolidated figure, or
// of a whole-episode total.
export function claimMark(c) {
  const marks = [];
  if (c.standing === 'early') marks.push(t('record.early'));
  if (c.standing === 'superseded') marks.push(t('record.superseded'));
  if (c.standing === 'consolidated') marks.push(t('record.consolidated'));
  if (c.scope === 'episode') marks.push(t('record.episode'));
  return marks.length
    ? el('span', { class: `mark ${c.standing || ''}`.trim() }, `[${marks.join(', ')}] `)
    : '';
}

// gradeNote is a source's grade and whether the text was read in a
// mirror, after its link.
export function gradeNote(s) {
  const parts = [s.grade ? t('record.grade', { grade: s.grade }) : t('record.ungraded')];
  if (s.mirror) parts.push(t('record.mirror'));
  return [
    ' · ',
    el('span', { class: 'grade' }, parts.join(', ')),
    s.mirror_url
      ? [
          ' · ',
          el('a', { href: s.mirror_url, rel: 'noopener noreferrer' }, t('record.read_in_mirror')),
        ]
      : '',
  ];
}
