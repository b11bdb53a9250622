// corrections.js adds, under a selected feature that was corrected after
// it was first published, "Corrected on DATE: message" with a link to its
// history: the feature's published revisions (GET .../history), fetched
// only when a reader opens it, so that reading the map costs nothing more.
import { formatDate, t } from './i18n.js';
import { isStatic } from './source.js';

const base = document.body.dataset.base;

document.addEventListener('frontier:select', async (e) => {
  const { kind, id, content } = e.detail;
  // A static export carries no revision history.
  if (!content || isStatic) return;
  const path = `${base}/collections/${kind}/items/${encodeURIComponent(id)}/history`;
  let hist;
  try {
    const r = await fetch(path, { cache: 'no-cache' });
    if (!r.ok) return;
    hist = await r.json();
  } catch {
    return;
  }
  // Newest first: the latest published change after the first publication.
  const change = (hist.revisions || []).find((r) => r.publication && r.op === 'change');
  if (!change || !content.isConnected || content.querySelector('.corrected')) return;
  const p = document.createElement('p');
  p.className = 'corrected';
  p.append(
    t('popup.corrected', { date: formatDate(change.at.slice(0, 10), 1), message: change.message }),
    ' ',
  );
  const a = document.createElement('a');
  a.href = path;
  a.textContent = t('popup.history');
  p.append(a);
  content.append(p);
});
