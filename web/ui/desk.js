// desk.js is the newsroom desk in the map page: a dialog where an editor
// pastes a token, adds or corrects a clash event (moving its point on the
// map), adds a source, sees the pending drafts, and (a publisher)
// publishes them with a message. The token lives in sessionStorage only:
// it leaves with the tab, and is sent as a bearer token, never a cookie.
// Every request is the public API's (OGC API – Features Part 4). Its words
// are in the page's language (desk.* in the catalogs); the server's problem
// details, which name the field at fault, are shown as they come.
import './corrections.js';
import { t } from './i18n.js';

const base = document.body.dataset.base;
const KEY = 'frontier.desk.token';
const $ = (id) => document.getElementById(id);

const dialog = $('desk-dialog');
const statusLine = $('desk-status');
const errorLine = $('desk-error');
const form = $('desk-form');
let user = null;
let selected = null; // the map's selected clash: { kind, id }
let editing = null; // the feature being edited: { id, etag }

const token = () => sessionStorage.getItem(KEY);

// call sends one request with the token; a problem body becomes an Error
// whose message is the server's detail (which names the field).
async function call(method, path, body, headers = {}) {
  const h = { Authorization: `Bearer ${token()}`, ...headers };
  if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/geo+json';
  const r = await fetch(`${base}${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!r.ok) {
    let detail = `${r.status} ${r.statusText}`;
    try {
      detail = (await r.json()).detail || detail;
    } catch {
      // not a problem body
    }
    const err = new Error(detail);
    err.status = r.status;
    throw err;
  }
  return r;
}

function fail(err) {
  errorLine.textContent = err.message;
  if (err.status === 401) signOut(t('desk.token_refused'));
}

async function signIn(value) {
  sessionStorage.setItem(KEY, value);
  try {
    user = await (await call('GET', '/users/me')).json();
  } catch (err) {
    sessionStorage.removeItem(KEY);
    user = null;
    statusLine.textContent = err.status === 429 ? err.message : t('desk.token_bad');
    return false;
  }
  $('desk-who').textContent = t('desk.signed_in', {
    name: user.name,
    role: t(`role.${user.role}`),
  });
  $('desk-signin').hidden = true;
  $('desk-work').hidden = false;
  $('desk-publish').hidden = !(user.role === 'publisher' || user.role === 'admin');
  statusLine.textContent = t('desk.drafts_note');
  await showPending();
  return true;
}

function signOut(why) {
  sessionStorage.removeItem(KEY);
  user = null;
  $('desk-work').hidden = true;
  $('desk-signin').hidden = false;
  $('desk-token').value = '';
  statusLine.textContent = why || t('desk.signed_out');
}

async function showPending() {
  const list = $('desk-pending');
  try {
    const { pending } = await (await call('GET', '/publish')).json();
    list.replaceChildren(
      ...pending.map((d) => {
        const li = document.createElement('li');
        const mark = document.createElement('span');
        mark.className = 'draft-mark';
        mark.textContent = `${t('desk.draft_mark', { op: t(`draft_op.${d.op}`) })} `;
        li.append(
          mark,
          t('desk.pending_item', {
            title: d.title,
            collection: d.collection,
            editors: d.editors.join(', '),
          }),
        );
        return li;
      }),
    );
    if (!pending.length)
      list.replaceChildren(
        Object.assign(document.createElement('li'), { textContent: t('desk.nothing_pending') }),
      );
  } catch (err) {
    fail(err);
  }
}

// ---- the event form --------------------------------------------------------

const field = (id) => $(`desk-${id}`);

function clearForm() {
  form.reset();
  field('claims').value = '[]';
  editing = null;
  $('desk-editing').textContent = t('desk.new_event_note');
}

function number(id) {
  const v = field(id).value.trim();
  return v === '' ? null : Number(v.replace(',', '.'));
}

// feature builds the GeoJSON Feature the form describes, in the record
// form the API takes (the domain's own fields, sources by id).
function feature() {
  let claims;
  try {
    claims = JSON.parse(field('claims').value || '[]');
  } catch {
    throw new Error(t('desk.claims_bad'));
  }
  const lat = number('lat');
  const lon = number('lon');
  const props = {
    title: field('title').value.trim(),
    date_start: field('date-start').value,
    date_end: field('date-end').value || field('date-start').value,
    time_precision: Number(field('time-precision').value),
    event_type: field('event-type').value,
    place: field('place').value.trim(),
    geo_precision: Number(field('geo-precision').value),
    sources: field('sources')
      .value.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
  if (field('location-basis').value.trim())
    props.location_basis = field('location-basis').value.trim();
  if (field('notes').value.trim()) props.notes = field('notes').value.trim();
  if (claims.length) props.claims = claims;
  const geometry = lat === null || lon === null ? null : { type: 'Point', coordinates: [lon, lat] };
  return { type: 'Feature', geometry, properties: props };
}

function fillForm(f) {
  const p = f.properties || {};
  field('title').value = p.title || '';
  field('date-start').value = p.date_start || '';
  field('date-end').value = p.date_end || '';
  field('time-precision').value = String(p.time_precision || 1);
  field('event-type').value = p.event_type || 'Battles';
  field('place').value = p.place || '';
  field('geo-precision').value = String(p.geo_precision ?? 2);
  field('location-basis').value = p.location_basis || '';
  field('sources').value = (p.sources || []).join(', ');
  field('claims').value = JSON.stringify(p.claims || []);
  field('notes').value = p.notes || '';
  const c = f.geometry && f.geometry.coordinates;
  field('lat').value = c ? String(c[1]) : '';
  field('lon').value = c ? String(c[0]) : '';
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  errorLine.textContent = '';
  const headers = {};
  if (field('message').value.trim()) headers['X-Frontier-Message'] = field('message').value.trim();
  try {
    const body = feature();
    let r;
    if (editing) {
      r = await call(
        'PUT',
        `/collections/clashes/items/${encodeURIComponent(editing.id)}`,
        { ...body, id: editing.id },
        { ...headers, 'If-Match': editing.etag },
      );
    } else {
      r = await call('POST', '/collections/clashes/items', body, headers);
    }
    const saved = await r.json();
    editing = { id: saved.id, etag: r.headers.get('ETag') };
    $('desk-editing').textContent = t('desk.draft_saved', {
      title: saved.properties.title,
      id: saved.id,
    });
    statusLine.textContent = t('desk.saved', { title: saved.properties.title });
    await showPending();
  } catch (err) {
    fail(err);
  }
});

$('desk-new').addEventListener('click', () => {
  clearForm();
  field('title').focus();
});

$('desk-edit-selected').addEventListener('click', async () => {
  if (!selected) return;
  errorLine.textContent = '';
  try {
    const r = await call(
      'GET',
      `/collections/${selected.kind}/items/${encodeURIComponent(selected.id)}?state=draft`,
    );
    const f = await r.json();
    fillForm(f);
    editing = { id: selected.id, etag: r.headers.get('ETag') };
    $('desk-editing').textContent = t(f.state === 'draft' ? 'desk.editing_draft' : 'desk.editing', {
      title: f.properties.title,
      id: selected.id,
    });
    field('title').focus();
  } catch (err) {
    fail(err);
  }
});

document.addEventListener('frontier:select', (e) => {
  selected = e.detail.kind === 'clashes' ? { kind: e.detail.kind, id: e.detail.id } : null;
  $('desk-edit-selected').disabled = !selected;
});

// Moving a point: the dialog steps aside, the next click on the map sets
// the coordinates, and the dialog comes back with focus on them.
$('desk-pick').addEventListener('click', () => {
  dialog.close();
  document.body.classList.add('desk-picking');
  statusLine.textContent = t('desk.pick_note');
  document.dispatchEvent(new CustomEvent('frontier:pick'));
});
document.addEventListener('frontier:picked', (e) => {
  document.body.classList.remove('desk-picking');
  field('lat').value = e.detail.lat.toFixed(5);
  field('lon').value = e.detail.lng.toFixed(5);
  dialog.showModal();
  field('lat').focus();
});

// ---- sources and publishing --------------------------------------------------

$('desk-source-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  errorLine.textContent = '';
  const id = field('source-id').value.trim();
  try {
    await call('POST', '/collections/sources/items', {
      type: 'Feature',
      id,
      geometry: null,
      properties: {
        publisher: field('source-publisher').value.trim(),
        title: field('source-title').value.trim(),
        url: field('source-url').value.trim(),
      },
    });
    statusLine.textContent = t('desk.source_saved', { id });
    $('desk-source-form').reset();
    await showPending();
  } catch (err) {
    fail(err);
  }
});

$('desk-publish').addEventListener('submit', async (e) => {
  e.preventDefault();
  errorLine.textContent = '';
  try {
    const r = await call(
      'POST',
      '/publish',
      { message: field('publish-message').value.trim() },
      { 'Content-Type': 'application/json' },
    );
    const pub = await r.json();
    statusLine.textContent = t('desk.published', { n: pub.changes.length });
    field('publish-message').value = '';
    clearForm();
    await showPending();
    document.dispatchEvent(new CustomEvent('frontier:reload'));
  } catch (err) {
    fail(err);
  }
});

// ---- the dialog --------------------------------------------------------------

$('desk-signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (await signIn($('desk-token').value.trim())) field('new').focus();
});
$('desk-signout').addEventListener('click', () => signOut());
$('desk-open').addEventListener('click', () => {
  dialog.showModal();
  (user ? field('new') : $('desk-token')).focus();
});
$('desk-close').addEventListener('click', () => dialog.close());

clearForm();
if (token()) signIn(token());
