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
const plurals = new Intl.PluralRules(locale);
const numbers = new Map();

// formatNumber writes x with at most maxFrac decimals: 12,345.6 or 12 345,6.
export function formatNumber(x, maxFrac = 1) {
  if (!numbers.has(maxFrac)) numbers.set(maxFrac, new Intl.NumberFormat(locale, { maximumFractionDigits: maxFrac }));
  return numbers.get(maxFrac).format(x);
}

// formatPercent writes a share (0.123) as 12.3% or 12,3 %.
export function formatPercent(share) {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

const dayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const monthFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' });

// formatDate writes an ISO day at an ACLED time precision: 1 the day
// ("16 September 2022", "16 сентября 2022 г."), 2 the week it starts,
// 3 the month.
export function formatDate(iso, precision = 1) {
  if (!iso) return '';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  if (precision === 3) return monthFormat.format(d);
  if (precision === 2) return t('date.week', { day: dayFormat.format(d) });
  return dayFormat.format(d);
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
