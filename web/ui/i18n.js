// i18n.js gives the page its words in the reader's language: the server
// puts that language's catalog (i18n/messages/<lang>.json) in the page as
// <script type="application/json" id="messages"> and sets <html lang>; t()
// reads it with the same keys and placeholders as the server's templates.
// Plurals are chosen by Intl.PluralRules, numbers and dates written by
// Intl.NumberFormat and Intl.DateTimeFormat (the server writes the same
// from the catalog's month names, which follow CLDR as Intl does).

const node = document.getElementById('messages');
const messages = node ? JSON.parse(node.textContent) : {};

// lang is the page's language code (en, ru, ky, tg); locale the one Intl
// formats with: British English writes "16 September 2022", as the
// server does.
export const lang = document.documentElement.lang || 'en';
const locale = lang === 'en' ? 'en-GB' : lang;
// A browser's ICU may lack Kyrgyz or Tajik (Chromium's does): Intl would
// then write English dates and numbers. There the catalog's month names
// and patterns write dates, as the server does, and numbers are written
// as CLDR writes them for both languages (12 345,6; 12,3%), which is
// Russian's notation but for the percent sign's space.
const intlDates = Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
const intlNumbers = Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
const numberLocale = intlNumbers ? locale : 'ru';
const plurals = new Intl.PluralRules(locale);
const numbers = new Map();

// formatNumber writes x with at most maxFrac decimals: 12,345.6 or 12 345,6.
export function formatNumber(x, maxFrac = 1) {
  if (!numbers.has(maxFrac))
    numbers.set(maxFrac, new Intl.NumberFormat(numberLocale, { maximumFractionDigits: maxFrac }));
  return numbers.get(maxFrac).format(x);
}

// formatPercent writes a share (0.123) as 12.3%, 12,3 % or 12,3%.
export function formatPercent(share) {
  if (!intlNumbers) return `${formatNumber(share * 100, 1)}%`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}

const dayFormat = new Intl.DateTimeFormat(locale, {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const monthFormat = new Intl.DateTimeFormat(locale, {
  timeZone: 'UTC',
  month: 'long',
  year: 'numeric',
});

// formatDate writes an ISO day at an ACLED time precision: 1 the day
// ("16 September 2022", "16 сентября 2022 г."), 2 the week it starts,
// 3 the month.
export function formatDate(iso, precision = 1) {
  if (!iso) return '';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  if (!intlDates) return catalogDate(d, precision);
  if (precision === 3) return monthFormat.format(d);
  if (precision === 2) return t('date.week', { day: dayFormat.format(d) });
  return dayFormat.format(d);
}

// catalogDate writes a day from the catalog's patterns, as the server's
// i18n.Locale.Date does.
function catalogDate(d, precision) {
  const [y, m, day] = [String(d.getUTCFullYear()), d.getUTCMonth() + 1, String(d.getUTCDate())];
  if (precision === 3) return t('date.month', { month: t(`month.${m}`), y });
  const long = t('date.day', { d: day, month: t(`month_of.${m}`), y });
  return precision === 2 ? t('date.week', { day: long }) : long;
}

// followFragmentLang reloads the page in the language its fragment names
// (#…&lang=ru), which wins over the query and Accept-Language the server
// wrote it in; it returns true when it does, and the caller stops there.
export function followFragmentLang(fragmentLang) {
  if (!fragmentLang || fragmentLang === lang) return false;
  const u = new URL(location.href);
  u.searchParams.set('lang', fragmentLang);
  location.replace(u.href);
  return true;
}

// t writes the message of key with vars ({date: "…", n: 3}): numbers are
// formatted for the language, and n chooses among plural forms. A key
// missing from the catalog comes back as itself (the catalog test keeps
// that from happening).
export function t(key, vars = {}) {
  let m = messages[key];
  if (m === undefined) return key;
  if (typeof m === 'object') m = m[plurals.select(Number(vars.n))] ?? m.other;
  return m.replace(/\{([a-z_][a-z0-9_]*)\}/g, (whole, name) => {
    const v = vars[name];
    if (v === undefined || v === null) return whole;
    return typeof v === 'number' ? formatNumber(v, Number.isInteger(v) ? 0 : 1) : String(v);
  });
}

// formatDateRange writes the days from start to end at a precision,
// sharing month and year as the server does (i18n.Locale.DateRange):
// "14–17 September 2022", "28 April – 3 May 2021". Intl's formatRange
// differs from one locale to the next, so the catalog's patterns decide.
export function formatDateRange(start, end, precision = 1) {
  if (!end || end === start || precision !== 1) return formatDate(start, precision);
  const [y1, m1, d1] = start.split('-').map(Number);
  const [y2, m2, d2] = end.split('-').map(Number);
  if (y1 === y2 && m1 === m2) {
    return t('date.range_month', {
      d1: String(d1),
      d2: String(d2),
      month: t(`month_of.${m1}`),
      y: String(y1),
    });
  }
  if (y1 === y2) {
    return t('date.range_year', {
      d1: String(d1),
      month1: t(`month_of.${m1}`),
      d2: String(d2),
      month2: t(`month_of.${m2}`),
      y: String(y1),
    });
  }
  return t('date.range', { start: formatDate(start), end: formatDate(end) });
}

// slug turns a word of the data's vocabulary into the tail of its key, as
// the server's i18n.Slug does: "Explosions/Remote violence" is
// explosions_remote_violence.
export function slug(w) {
  return String(w)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ /g, '_');
}

// marked is text in a language other than the page's, marked as such for
// screen readers (lang="en" on an English fallback); the page's own
// language stays plain text.
function marked(text, textLang) {
  if (!text || textLang === lang) return text;
  const s = document.createElement('span');
  s.lang = textLang;
  s.textContent = text;
  return s;
}

// word writes a word of the data's vocabulary (a status, an event type, a
// country) in the page's language where the catalog has it, else as the
// data gives it, marked as English.
export function word(family, value) {
  const w = wordText(family, value);
  return marked(w.text, w.lang);
}

// wordText is word as {text, lang}, for a label that sets its own lang.
export function wordText(family, value) {
  if (!value) return { text: '', lang };
  const key = `${family}.${slug(value)}`;
  return key in messages ? { text: t(key), lang } : { text: value, lang: 'en' };
}

const dataNode = document.getElementById('data-texts');
const dataTexts = dataNode ? JSON.parse(dataNode.textContent) : {};
const dataLang = dataNode ? dataNode.dataset.lang : 'en';

// dataText is a text of the bundled data (a title, a key date) in the
// page's language where the server's table has it ({text, lang}; Russian
// for Kyrgyz and Tajik, whose tables fall back to it), else the English.
export function dataText(english) {
  if (!english || lang === 'en') return { text: english || '', lang: 'en' };
  if (english in dataTexts) return { text: dataTexts[english], lang: dataLang };
  return { text: english, lang: 'en' };
}

// dataNode writes dataText as a node marked with its language.
export function dataMarked(english) {
  const d = dataText(english);
  return marked(d.text, d.lang);
}

const cyrillic = /[\u0400-\u04ff]/;

// placeName names a place in the page's language: the name the gazetteer
// leads with in English, elsewhere the first Cyrillic spelling it gives
// (the gazetteer's Russian form: Frontier does not invent spellings),
// else the English name, marked as English.
export function placeName(name, spellings) {
  const n = placeNameText(name, spellings);
  return marked(n.text, n.lang);
}

// placeNameText is placeName as {text, lang}, for a map label.
export function placeNameText(name, spellings) {
  if (lang === 'en' || !name) return { text: name || '', lang };
  const local = (spellings || []).find((s) => cyrillic.test(s));
  return local ? { text: local, lang } : { text: name, lang: 'en' };
}
