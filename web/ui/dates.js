// dates.js holds the day arithmetic the map page and the embed share: the
// time control runs from 1 January 2021 to today in whole days (UTC), as
// the slider's index.
export const START = '2021-01-01';
const DAY = 86400000;
export const today = new Date().toISOString().slice(0, 10);
const origin = Date.parse(`${START}T00:00:00Z`);

// dayIndex is the slider position of an ISO day; isoOf the day of a position.
export const dayIndex = (iso) => Math.round((Date.parse(`${iso}T00:00:00Z`) - origin) / DAY);
export const isoOf = (i) => new Date(origin + i * DAY).toISOString().slice(0, 10);

// clampDate keeps a day within the time control's range.
export const clampDate = (iso) => (iso < START ? START : iso > today ? today : iso);
