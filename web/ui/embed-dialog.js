// embed-dialog.js is the map page's "Embed" dialog: the iframe snippet for
// the view on screen, a variant with a tiny script that resizes the iframe
// to the height the embed reports, and a picture (PNG) of the same view.
//
// The embed reports its height with postMessage in Datawrapper's shape,
//   {"datawrapper-height": {"frontier-embed": 540}}
// which a page already carrying Datawrapper's own resizer understands too;
// under Pym.js (childId in its URL) it also sends "pymxPYMx<id>xPYMxheightxPYMx540".
import { dayLabel } from './details.js';
import { pairs } from './permalink.js';
import { t, lang } from './i18n.js';

const $ = (id) => document.getElementById(id);
const esc = (s) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

// The state as /embed's (or /static.png's) query string, in the
// permalink's order.
const query = (st, dateName = 'date') => pairs(st, dateName).join('&');

// datasetTitle is the dataset's title as the server wrote it into the page
// (og:title, in the page's language): the embed page and the oEmbed answer
// title a view with it too (web/view.go viewTitle), so the three agree.
const datasetTitle = () =>
  document.querySelector('meta[property="og:title"]')?.content || t('map.title');

// snippet is the HTML an editor pastes: the iframe, and with responsive
// the script that sets its height from the embed's messages. The script
// only resizes iframes marked data-frontier-embed whose window sent the
// message, so it is safe beside other embeds.
export function snippet(base, st, flags, responsive) {
  const extra = [];
  if (flags.dark !== 'auto') extra.push(`dark=${flags.dark}`);
  if (!flags.legend) extra.push('legend=false');
  if (!flags.controls) extra.push('controls=false');
  const src = `${base}/embed?${[query(st), ...extra].join('&')}`;
  const title = t('embed.frame_title', {
    title: t('map.view_title_as_of', { title: datasetTitle(), date: dayLabel(st.date) }),
  });
  let html = `<iframe src="${esc(src)}" title="${esc(title)}" width="100%" height="500" loading="lazy" allow="fullscreen" allowfullscreen style="border:0;width:100%" data-frontier-embed></iframe>`;
  if (responsive) {
    const origin = new URL(base).origin;
    html += `\n<script>window.addEventListener("message",function(e){var d=e.data,h,k;if(e.origin!==${JSON.stringify(origin)}||!d||typeof d!=="object"||!d["datawrapper-height"])return;for(k in d["datawrapper-height"])h=+d["datawrapper-height"][k];if(!(h>0&&h<10000))return;document.querySelectorAll("iframe[data-frontier-embed]").forEach(function(f){if(f.contentWindow===e.source)f.style.height=h+"px"})});</script>`;
  }
  return html;
}

let getState = null;
let base = '';

function fill() {
  // The embed and the picture speak the language the page is in.
  const st = { ...getState(), lang };
  const flags = {
    dark: $('embed-dark').value,
    legend: $('embed-legend').checked,
    controls: $('embed-controls').checked,
  };
  $('embed-code').value = snippet(base, st, flags, true);
  $('embed-code-plain').value = snippet(base, st, flags, false);
  $('embed-png').href = `${base}/static.png?${query(st, 'datetime')}&width=1200&height=630`;
}

async function copy(id, button) {
  const area = $(id);
  try {
    await navigator.clipboard.writeText(area.value);
  } catch {
    // No clipboard permission (an http page, an old browser): select the
    // text so that Ctrl-C copies it.
    area.focus();
    area.select();
    document.execCommand('copy');
  }
  const was = button.textContent;
  button.textContent = t('embed.copied');
  setTimeout(() => (button.textContent = was), 1500);
}

// setup wires the dialog; state() returns the page's current state.
export function setupEmbedDialog(serviceBase, state) {
  base = serviceBase;
  getState = state;
  const dialog = $('embed-dialog');
  $('embed-open').addEventListener('click', () => {
    fill();
    dialog.showModal();
    $('embed-code').focus();
    $('embed-code').select();
  });
  $('embed-close').addEventListener('click', () => dialog.close());
  for (const id of ['embed-dark', 'embed-legend', 'embed-controls'])
    $(id).addEventListener('change', fill);
  $('embed-copy').addEventListener('click', (e) => copy('embed-code', e.currentTarget));
  $('embed-copy-plain').addEventListener('click', (e) => copy('embed-code-plain', e.currentTarget));
}
