// search.js is how the map page's search compares a query with a name:
// across case, accents, spaces and hyphens, and across scripts, so that
// "Ovchi Kalacha", "ovchi-kalacha" and "Овчи-Калача" all find
// Ovchi-Kalacha. Cyrillic is read in the transliteration the region's
// English-language press uses (Kyrgyz and Tajik letters included).
const cyrillic = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ғ: 'gh',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  ӣ: 'i',
  й: 'y',
  к: 'k',
  қ: 'q',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'ng',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ӯ: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  ҳ: 'h',
  ц: 'ts',
  ч: 'ch',
  ҷ: 'j',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

// fold reduces a text to what search compares: lower case, Latin letters
// and digits only.
export function fold(s) {
  return String(s || '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/[\u0400-\u04ff]/g, (c) => cyrillic[c] ?? '')
    .replace(/[^a-z0-9]+/g, '');
}

// matches reports whether the folded query q is in any of texts.
export function matches(q, texts) {
  return texts.some((x) => x && fold(x).includes(q));
}

// eventTexts are what a clash or deployment is found by: its title, place
// and every spelling of it, its type, and the words and claimants of its
// figures ("killed", "displaced", "Ombudsman").
export function eventTexts(title, p) {
  const claims = [...(p.claims || []), ...(p.status_claims || [])].flatMap((c) => [
    c.what,
    c.qualifier,
    c.claimant,
    c.status,
  ]);
  return [
    title,
    p.place,
    ...(p.place_spellings || []),
    p.system,
    p.operator,
    p.category,
    p.event_type,
    p.sub_event_type,
    p.kind,
    ...claims,
  ];
}
