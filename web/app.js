// The behaviour of the page of « stagedoc serve »: three sections (the class,
// the exam packages, the signatures) that send the files a person drops to
// the HTTP API (/api/check, /api/build, /api/bundle, /api/verify,
// /api/signatures, /api/export) and show what comes back: a table of the
// class with each problem at its row and cell, a file to download, or a
// verdict per package. Plain ES2020, no framework, no build step, nothing
// fetched from elsewhere; every text shown is French and no raw JSON is
// ever put in front of the person.

'use strict';

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// ------------------------------------------------------------ small helpers

/** Makes an element: el('td', {class: 'x', 'data-titre': 'Nom'}, 'texte', child). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Says a sentence through the live region, for screen readers. */
function announce(text) {
  const region = $('#annonce');
  region.textContent = '';
  window.setTimeout(() => { region.textContent = text; }, 50);
}

/** Shows (or hides, with null) the banner above the sections. */
function alertBanner(text, kind = 'erreur') {
  const banner = $('#alerte');
  if (!text) { banner.hidden = true; banner.textContent = ''; return; }
  banner.textContent = text;
  banner.classList.toggle('succes', kind === 'succes');
  banner.hidden = false;
  if (kind !== 'succes') banner.scrollIntoView({ block: 'nearest' });
}

function plural(count, singular, pluralForm = singular + 's') {
  return `${count} ${count === 1 || count === 0 ? singular : pluralForm}`;
}

/** « 2027-06-21 » → « 21/06/2027 »; anything else comes back as it was. */
function frenchDate(iso) {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!match) return iso;
  const day = `${match[3]}/${match[2]}/${match[1]}`;
  return match[4] ? `${day} à ${match[4]} h ${match[5]}` : day;
}

/** « 2027-06-21/2027-06-27 » → « du 21/06/2027 au 27/06/2027 ». */
function frenchWeek(range) {
  if (!range) return '';
  const [from, to] = range.split('/');
  return to ? `du ${frenchDate(from)} au ${frenchDate(to)}` : frenchDate(from);
}

const SEVERITY = {
  error: {one: 'erreur', many: 'erreurs', label: 'Erreur'},
  warning: {one: 'avertissement', many: 'avertissements', label: 'Avertissement'},
  info: {one: 'information', many: 'informations', label: 'Information'},
};

function countsSentence(counts) {
  const c = counts || {};
  return [
    plural(c.errors || 0, 'erreur'),
    plural(c.warnings || 0, 'avertissement'),
    plural(c.infos || 0, 'information'),
  ].join(', ');
}

// ------------------------------------------------------------------- tabs

const TABS = ['classe', 'paquets', 'signatures'];

function selectTab(name, { focusTab = false, focusPanel = false, updateHash = true } = {}) {
  if (!TABS.includes(name)) name = 'classe';
  for (const tab of $$('[role="tab"]')) {
    const selected = tab.getAttribute('aria-controls') === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focusTab) tab.focus();
  }
  for (const panel of $$('[role="tabpanel"]')) panel.hidden = panel.id !== name;
  // Not at start: a fragment set before the load ends would move the focus to the panel.
  if (updateHash && location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  if (focusPanel) {
    const heading = $(`#${name} h2`);
    heading.tabIndex = -1;
    heading.focus();
  }
}

function setUpTabs() {
  const tabs = $$('[role="tab"]');
  for (const tab of tabs) {
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      selectTab(tab.getAttribute('aria-controls'), { focusTab: true });
    });
    tab.addEventListener('keydown', (event) => {
      const index = tabs.indexOf(tab);
      let next = null;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % tabs.length;
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (index - 1 + tabs.length) % tabs.length;
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = tabs.length - 1;
      else if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        selectTab(tab.getAttribute('aria-controls'), { focusPanel: true });
        return;
      }
      if (next === null) return;
      event.preventDefault();
      selectTab(tabs[next].getAttribute('aria-controls'), { focusTab: true });
    });
  }
  window.addEventListener('hashchange', () => selectTab(location.hash.slice(1)));
  selectTab(location.hash.slice(1) || 'classe', { updateHash: false });
}

// ------------------------------------------------------------- drop zones

/**
 * A file dropped on a zone lands in its input, as if it had been chosen;
 * while a request runs, a drop is refused (and said), so that no second
 * request starts. A file dropped beside a zone is not opened by the browser
 * in place of the page.
 */
function setUpDropZones() {
  for (const type of ['dragover', 'drop']) {
    document.addEventListener(type, (event) => {
      if (event.dataTransfer?.types?.includes('Files')) event.preventDefault();
    });
  }
  for (const zone of $$('.depot')) {
    const input = $('input[type="file"]', zone);
    if (!input) continue;
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      if (!currentRequest) zone.classList.add('survol');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('survol'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('survol');
      const dropped = Array.from(event.dataTransfer?.files || []);
      if (dropped.length === 0 || refusedWhileBusy()) return;
      const transfer = new DataTransfer();
      for (const file of input.multiple ? dropped : dropped.slice(0, 1)) transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
}

// ------------------------------------------------------- talking to stagedoc

let currentRequest = null;

class Cancelled extends Error {}

/** What the person reads when the server answers with an error. */
function serverProblem(status, json, retryAfter) {
  const said = json && typeof json.message === 'string' && json.message ? json.message : '';
  switch (status) {
    case 0: return 'Le serveur stagedoc ne répond pas. Vérifiez qu\'il tourne toujours, puis réessayez.';
    case 400: return `La demande est incomplète. ${said}`.trim();
    case 401: return 'Connexion refusée : donnez votre identifiant et votre mot de passe stagedoc.';
    case 403: return `Demande refusée par le serveur. ${said}`.trim();
    case 413: return `Fichier trop gros. ${said || 'Envoyez un fichier plus petit.'}`;
    case 429: return `Le serveur est occupé par d'autres travaux. ${said} Réessayez dans ${retryAfter || 5} secondes.`.replace(/\s+/g, ' ');
    case 500: return `Le travail a échoué sur le serveur ; rien n'a été gardé. ${said} Réessayez ; si cela recommence, signalez-le avec le fichier envoyé.`.replace(/\s+/g, ' ');
    case 503: return `Le serveur n'a pas pu finir à temps, ou il s'arrête. ${said} Réessayez dans un moment.`.replace(/\s+/g, ' ');
    default: return said || `Le serveur a répondu par une erreur (code ${status}).`;
  }
}

/**
 * True, and said in the live region and the work banner, when a request is
 * running: what would start another one is ignored until it ends.
 */
function refusedWhileBusy() {
  if (!currentRequest) return false;
  const text = 'Un travail est déjà en cours : ce fichier n\'est pas pris. '
    + 'Attendez qu\'il finisse, ou choisissez « Annuler », puis déposez-le de nouveau.';
  const note = $('#travail-refus');
  note.textContent = text;
  note.hidden = false;
  announce(text);
  return true;
}

/**
 * Locks the page while a request runs (only « Annuler » stays usable) and
 * unlocks it after. The focus, which a disabled control would drop to the
 * page's body, goes to « Annuler ».
 */
function setBusy(busy, label) {
  const work = $('#travail');
  const focused = document.activeElement;
  work.hidden = !busy;
  for (const button of $$('main button, main input, main select')) {
    if (button.id === 'travail-annuler') continue;
    if (busy) {
      if (!button.disabled) { button.disabled = true; button.dataset.occupe = '1'; }
    } else if (button.dataset.occupe) {
      button.disabled = false;
      delete button.dataset.occupe;
    }
  }
  if (busy) {
    $('#travail-texte').textContent = label;
    const bar = $('#travail-progression');
    bar.removeAttribute('value');
    $('#travail-duree').textContent = '0 s';
    $('#travail-refus').hidden = true;
    if (!focused || focused === document.body || focused.disabled) $('#travail-annuler').focus();
  }
}

/** How many times the class's table was drawn: a request that redraws it moves the focus to its heading. */
let classRenders = 0;

/**
 * After a request: the focus, if it was left on « Annuler » (now hidden) or
 * on nothing, goes back to the control that started the work, or to the
 * result's heading when the table was drawn again (its buttons are new). A
 * focus that an answer put somewhere on purpose (the planning's link) stays.
 */
function giveFocusBack(origin, redrawn) {
  const now = document.activeElement;
  const lost = !now || now === document.body || now.closest('#travail') || now.disabled;
  if (!lost) return;
  const heading = $('#classe-titre');
  if (redrawn && !heading.closest('[hidden]')) {
    heading.focus();
    return;
  }
  const usable = origin && origin !== document.body && origin.isConnected && !origin.disabled
    && !origin.closest('#travail') && !origin.closest('[hidden]');
  if (usable) origin.focus();
}

/**
 * Sends a form to the API and resolves with {status, blob, json, filename}.
 * Shows the upload's progress and the seconds elapsed; « Annuler » aborts.
 * Rejects with Cancelled when the person cancels.
 */
function send(method, url, form, label) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    currentRequest = request;
    const started = Date.now();
    const bar = $('#travail-progression');
    const clock = window.setInterval(() => {
      $('#travail-duree').textContent = `${Math.round((Date.now() - started) / 1000)} s`;
    }, 500);
    const finish = () => {
      window.clearInterval(clock);
      currentRequest = null;
      setBusy(false);
    };
    setBusy(true, label);
    announce(`${label}`);
    request.open(method, url);
    request.responseType = 'blob';
    request.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.round((event.loaded / event.total) * 100);
      bar.value = percent;
      $('#travail-texte').textContent = percent < 100 ? `${label} : envoi ${percent} %` : `${label} : stagedoc travaille…`;
      if (percent >= 100) bar.removeAttribute('value');
    };
    request.onprogress = (event) => {
      if (event.lengthComputable) {
        bar.value = Math.round((event.loaded / event.total) * 100);
        $('#travail-texte').textContent = `${label} : réception`;
      }
    };
    request.onabort = () => { finish(); reject(new Cancelled()); };
    request.onerror = () => { finish(); resolve({ status: 0, blob: null, json: null, filename: '' }); };
    request.onload = async () => {
      finish();
      const blob = request.response;
      const type = request.getResponseHeader('Content-Type') || '';
      let json = null;
      if (type.startsWith('application/json') && blob) {
        try { json = JSON.parse(await blob.text()); } catch { json = null; }
      }
      resolve({
        status: request.status,
        blob,
        json,
        type,
        retryAfter: request.getResponseHeader('Retry-After'),
        filename: filenameOf(request.getResponseHeader('Content-Disposition')),
      });
    };
    request.send(form);
  });
}

function filenameOf(disposition) {
  const match = /filename="?([^";]+)"?/i.exec(disposition || '');
  return match ? match[1] : '';
}

/** Hands a Blob to the browser as a download, through a temporary link. */
function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename, class: 'visuellement-cache' });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * Runs one request: the answer goes to onFile (a file), onRun (a run's JSON:
 * 200 or 422), or the banner (every other error, explained in French).
 */
async function run(method, url, form, label, handlers = {}) {
  if (refusedWhileBusy()) return;
  const origin = document.activeElement;
  const renders = classRenders;
  try {
    await answerOf(method, url, form, label, handlers);
  } finally {
    giveFocusBack(origin, classRenders !== renders);
  }
}

/**
 * The body of run(). What goes in the banner (#alerte, role="alert") is read
 * out by screen readers from there alone, never also through announce().
 */
async function answerOf(method, url, form, label, { onFile, onRun }) {
  alertBanner(null);
  let answer;
  try {
    answer = await send(method, url, form, label);
  } catch (error) {
    if (error instanceof Cancelled) {
      alertBanner('Envoi annulé : rien n\'a été fait.', 'succes');
      return;
    }
    throw error;
  }
  const { status, json } = answer;
  if ((status === 200 || status === 422) && json && json.status !== 'error') {
    if (onRun) onRun(json, status);
    else alertBanner(json.message || 'Le serveur a refusé les fichiers envoyés.');
    return;
  }
  if (status === 200 && answer.blob) {
    if (onFile) onFile(answer.blob, answer.filename, answer.type);
    return;
  }
  alertBanner(serverProblem(status, json, answer.retryAfter));
}

$('#travail-annuler')?.addEventListener('click', () => currentRequest?.abort());

// ----------------------------------------------------------- diagnostics

let diagnosticCounter = 0;

/** Where a problem is, in words: « Stagiaires!AE2, colonne « Date de début » ». */
function whereText(d) {
  const parts = [];
  if (d.cell) parts.push(`${d.sheet ? d.sheet + '!' : ''}${d.cell}`);
  else if (d.line) parts.push(`${d.file ? d.file + ', ' : ''}ligne ${d.line}`);
  else if (d.file) parts.push(d.file);
  if (d.header) parts.push(`colonne « ${d.header} »`);
  return parts.join(', ');
}

/** One problem as a list item: gravity, place, message, « À faire ». */
function diagnosticItem(d, { withStudent = false } = {}) {
  const id = `diag-${++diagnosticCounter}`;
  const severity = SEVERITY[d.severity] ? d.severity : 'info';
  const where = whereText(d);
  const item = el('li', { class: `diag ${severity}`, id, 'data-gravite': severity },
    el('span', { class: 'gravite' }, SEVERITY[severity].label),
    where ? el('span', { class: 'ou' }, ` (${where})`) : null,
    withStudent && d.student ? ` — ${d.student}` : null,
    ' : ',
    el('span', { class: 'message' }, d.plain || d.message || ''),
    d.todo ? el('span', { class: 'a-faire' }, el('strong', {}, 'À faire : '), d.todo) : null);
  return { item, id };
}

/** A list of problems, errors first, then warnings, then information. */
function diagnosticList(diagnostics, options) {
  const order = { error: 0, warning: 1, info: 2 };
  const sorted = diagnostics.slice().sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3));
  const list = el('ul', { class: 'diagnostics' });
  for (const d of sorted) list.append(diagnosticItem(d, options).item);
  return list;
}

// --------------------------------------------------------------- the class

const classState = { json: null, file: null, commun: null };

const COLUMNS = [
  { key: 'nom', title: 'NOM Prénom', cells: ['nom_cell', 'prenom_cell'] },
  { key: 'entreprise', title: 'Entreprise', cells: ['entreprise_cell'] },
  { key: 'periode', title: 'Période', cells: ['debut_cell', 'fin_cell'] },
  { key: 'unite', title: 'Unité', cells: ['unite_cell'] },
  { key: 'rapport', title: 'Date limite du rapport', cells: [] },
  { key: 'evaluation', title: "Semaine d'évaluation", cells: [] },
];

const rowKey = (sheet, row) => `${sheet || ''}!${row}`;

/**
 * The column of the table a problem of row r belongs to, or undefined: the
 * one whose cell, as the row names it, is the problem's (the server names
 * a shown column's cell even when it is empty).
 */
function columnOfProblem(d, r) {
  if (!d.cell || !r.line) return undefined;
  if (d.sheet && r.line.sheet && d.sheet !== r.line.sheet) return undefined;
  const column = COLUMNS.find((c) => c.cells.some((field) => r.line[field] === d.cell));
  return column ? column.key : undefined;
}

/** The table's rows: the workbook's rows with their stage, or the XML's stages. */
function classRows(json) {
  const stages = json.stages || [];
  const rows = json.rows || [];
  if (rows.length === 0) return stages.map((stage) => ({ line: null, stage, diagnostics: [] }));
  const stageAt = new Map();
  for (const stage of stages) if (stage.row) stageAt.set(rowKey(stage.sheet, stage.row), stage);
  const result = rows.map((line) => ({ line, stage: stageAt.get(rowKey(line.sheet, line.row)) || null, diagnostics: [] }));
  const used = new Set(result.map((r) => r.stage).filter(Boolean));
  for (const stage of stages) if (!used.has(stage)) result.push({ line: null, stage, diagnostics: [] });
  return result;
}

/** Puts each problem at its row; what belongs to no row comes back. */
function placeDiagnostics(rows, diagnostics) {
  const byRow = new Map();
  const byStage = new Map();
  for (const r of rows) {
    if (r.line) byRow.set(rowKey(r.line.sheet, r.line.row), r);
    if (r.stage?.id) byStage.set(r.stage.id, r);
  }
  const general = [];
  for (const d of diagnostics) {
    const r = (d.row && byRow.get(rowKey(d.sheet, d.row))) || (d.stage && byStage.get(d.stage)) || null;
    if (r) r.diagnostics.push(d);
    else general.push(d);
  }
  return general;
}

function studentName(r) {
  if (r.stage?.student) return r.stage.student;
  const nom = r.line?.nom ? r.line.nom.toUpperCase() : '';
  return [nom, r.line?.prenom || ''].join(' ').trim() || 'Ligne sans nom';
}

function cellValue(r, key) {
  const s = r.stage || {};
  const l = r.line || {};
  switch (key) {
    case 'nom': return studentName(r);
    case 'entreprise': return s.company || l.entreprise || '';
    case 'periode':
      if (s.start && s.end) return `du ${frenchDate(s.start)} au ${frenchDate(s.end)}${s.weeks ? ` (${plural(Number(s.weeks), 'semaine')})` : ''}`;
      if (l.debut || l.fin) return `du ${l.debut || '?'} au ${l.fin || '?'}`;
      return '';
    case 'unite': return s.unit || l.unite || '';
    case 'rapport': return frenchDate(s.report_deadline);
    case 'evaluation': return frenchWeek(s.evaluation_week);
    default: return '';
  }
}

function statusOf(r) {
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors) return { text: `À corriger (${plural(errors, 'erreur')})`, cls: 'a-corriger' };
  if (!r.stage) return { text: 'En attente : corrigez d\'abord les erreurs', cls: 'a-verifier' };
  if (warnings) return { text: `À vérifier (${plural(warnings, 'avertissement')})`, cls: 'a-verifier' };
  if (s_exempt(r.stage)) return { text: `Dispensé (${r.stage.exemption})`, cls: 'pret' };
  return { text: 'Prêt', cls: 'pret' };
}
const s_exempt = (stage) => Boolean(stage && stage.exemption);

function shownSeverities() {
  return new Set($$('#classe-filtres input:checked').map((box) => box.value));
}

function renderClass(json) {
  classRenders++;
  classState.json = json;
  diagnosticCounter = 0;
  const shown = shownSeverities();
  const all = json.diagnostics || [];
  const rows = classRows(json);
  const general = placeDiagnostics(rows, all);
  const counts = json.counts || {};

  $('#classe-resultat').hidden = false;
  const name = classState.file ? classState.file.name : 'la classe';
  const stageCount = (json.stages || []).length;
  $('#classe-titre').textContent = `Résultat pour ${name}`;
  const summary = `${plural(rows.length, 'stagiaire')}, ${plural(stageCount, 'stage prêt', 'stages prêts')} à produire : ${countsSentence(counts)}.`;
  $('#classe-resume').textContent = summary;
  for (const severity of Object.keys(SEVERITY)) {
    const n = all.filter((d) => d.severity === severity).length;
    $(`#classe-filtres [data-compte="${severity}"]`).textContent = String(n);
  }

  const isXml = /\.xml$/i.test(classState.file?.name || '');
  $('#classe-export-bloc').hidden = !isXml;
  const blocked = (counts.errors || 0) > 0;
  for (const id of ['#classe-tout', '#classe-attestations', '#classe-planning']) $(id).disabled = blocked;

  // Problems that belong to no row: above the table, errors apart from warnings.
  const generalBox = $('#classe-generaux');
  generalBox.textContent = '';
  const visibleGeneral = general.filter((d) => shown.has(d.severity));
  for (const severity of Object.keys(SEVERITY)) {
    const these = visibleGeneral.filter((d) => d.severity === severity);
    if (these.length === 0) continue;
    generalBox.append(el('h4', {}, `${SEVERITY[severity].label}s générales, hors du tableau (${these.length})`),
      diagnosticList(these, { withStudent: true }));
  }
  if (blocked) {
    generalBox.prepend(el('p', { class: 'diag error' },
      el('span', { class: 'gravite' }, 'Aucun document ne peut être produit '),
      'tant qu\'une erreur reste : corrigez le classeur, puis déposez-le de nouveau.'));
  }

  const body = $('#classe-table tbody');
  body.textContent = '';
  $('#classe-table').classList.add('empile');
  for (const r of rows) body.append(...classRowElements(r, shown));
  if (rows.length === 0) {
    body.append(el('tr', {}, el('td', { colspan: COLUMNS.length + 2 }, 'Aucun stagiaire n\'a pu être lu.')));
  }
}

/** The row of one student, and under it the line of its problems. */
function classRowElements(r, shown) {
  const visible = r.diagnostics.filter((d) => shown.has(d.severity));
  const status = statusOf(r);
  const tr = el('tr', { class: `stagiaire ${status.cls}` });
  const details = [];
  const describedBy = new Map(); // column key → ids of its problems
  const worst = new Map();
  for (const d of visible) {
    const { item, id } = diagnosticItem(d);
    details.push(item);
    const key = columnOfProblem(d, r);
    if (!key) continue;
    describedBy.set(key, [...(describedBy.get(key) || []), id]);
    if (d.severity === 'error' || !worst.has(key)) worst.set(key, d.severity);
  }
  for (const column of COLUMNS) {
    const value = cellValue(r, column.key);
    const ids = describedBy.get(column.key);
    const attributes = { 'data-titre': column.title, 'data-colonne': column.key };
    const content = [value || el('span', { class: 'valeur-vide' }, '—')];
    if (ids) {
      const severity = worst.get(column.key);
      attributes.class = `invalide${severity === 'error' ? '' : ' avertissement'}`;
      if (severity === 'error') attributes['aria-invalid'] = 'true';
      attributes['aria-describedby'] = ids.join(' ');
      content.unshift(el('span', { class: 'marque', 'aria-hidden': 'true' }, severity === 'error' ? '✖ ' : '⚠ '));
      content.push(el('span', { class: 'visuellement-cache' }, severity === 'error' ? ' (cellule en erreur)' : ' (cellule à vérifier)'));
    }
    const cell = el(column.key === 'nom' ? 'th' : 'td', attributes, ...content);
    if (column.key === 'nom') cell.setAttribute('scope', 'row');
    tr.append(cell);
  }
  tr.append(el('td', { 'data-titre': 'Statut' }, el('span', { class: `statut ${status.cls}` }, status.text)));
  const documents = el('td', { 'data-titre': 'Documents' });
  if (r.stage?.id && !r.diagnostics.some((d) => d.severity === 'error')) {
    const button = el('button', { type: 'button', class: 'secondaire petit', 'data-stage': r.stage.id,
      'aria-label': `Documents de ${studentName(r)} (ZIP)` }, 'Documents de cet élève');
    button.addEventListener('click', () => buildClass({ stage: r.stage.id, label: `Documents de ${studentName(r)}` }));
    documents.append(button);
  } else {
    documents.append(el('span', { class: 'valeur-vide' }, 'après correction'));
  }
  tr.append(documents);
  if (details.length === 0) return [tr];
  const order = { error: 0, warning: 1, info: 2 };
  details.sort((a, b) => order[a.dataset.gravite] - order[b.dataset.gravite]);
  const detailRow = el('tr', { class: 'details' },
    el('td', { colspan: COLUMNS.length + 2 },
      el('span', { class: 'visuellement-cache' }, `Problèmes de ${studentName(r)} : `),
      el('ul', { class: 'diagnostics' }, ...details)));
  return [tr, detailRow];
}

function classForm() {
  const form = new FormData();
  form.append('classe', classState.file, classState.file.name);
  if (classState.commun) form.append('commun', classState.commun, classState.commun.name);
  return form;
}

async function checkClass() {
  if (refusedWhileBusy()) return;
  const file = $('#classe-fichier').files[0];
  if (!file) {
    alertBanner('Choisissez d\'abord le classeur de la classe ou sa promotion XML.');
    $('#classe-fichier').focus();
    return;
  }
  classState.file = file;
  classState.commun = $('#classe-commun').files[0] || null;
  $('#classe-planning-lien').hidden = true;
  await run('POST', '/api/check', classForm(), `Vérification de ${file.name}`, {
    onRun: (json) => {
      renderClass(json);
      announce(`Vérification finie : ${countsSentence(json.counts)}.`);
    },
  });
}

/** Builds documents: all of them, one student's, or only some (only=…). */
async function buildClass({ stage = null, only = null, label = 'Production des documents', onFile = null } = {}) {
  if (!classState.file) return;
  const form = classForm();
  if (stage) form.append('stage', stage);
  if (only) form.append('only', only);
  if ($('#classe-pdfa').checked) form.append('pdfa', 'oui');
  if ($('#classe-bilingue').checked) form.append('langue', 'fr,en');
  await run('POST', '/api/build', form, label, {
    onFile: onFile || ((blob, filename) => {
      download(blob, filename || 'documents.zip');
      alertBanner(`${label} : le fichier ${filename || 'documents.zip'} est téléchargé.`, 'succes');
    }),
    onRun: (json) => {
      renderClass(json);
      alertBanner(`Rien n'est produit : ${json.message || 'le classeur a des erreurs'}. Voyez les erreurs dans le tableau.`);
    },
  });
}

async function showPlanning() {
  await buildClass({
    only: 'planning',
    label: 'Planning de la classe',
    onFile: async (blob, filename) => {
      const box = $('#classe-planning-lien');
      box.textContent = '';
      let pdf = null;
      try { pdf = await zipEntry(blob, 'planning.pdf'); } catch { pdf = null; }
      if (!pdf) {
        download(blob, filename || 'planning.zip');
        announce('Planning téléchargé.');
        return;
      }
      const url = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
      box.append('Planning prêt : ',
        el('a', { href: url, target: '_blank', rel: 'noopener' }, 'ouvrir le planning (PDF, nouvel onglet)'),
        ' ou ',
        el('a', { href: url, download: 'planning.pdf' }, 'le télécharger'),
        '.');
      box.append(el('iframe', { src: url, title: 'Planning de la classe (PDF)', class: 'planning-vue' }));
      box.hidden = false;
      $('a', box).focus();
      announce('Planning prêt : il est affiché sous les boutons, et un lien l\'ouvre dans un nouvel onglet.');
    },
  });
}

async function exportWorkbook() {
  if (!classState.file) return;
  const format = $('#classe-export-format').value;
  const form = new FormData();
  form.append('classe', classState.file, classState.file.name);
  form.append('format', format);
  await run('POST', '/api/export', form, 'Export en classeur', {
    onFile: (blob, filename) => {
      download(blob, filename || `classe.${format}`);
      alertBanner(`Le classeur ${filename || `classe.${format}`} est téléchargé.`, 'succes');
    },
    onRun: (json) => {
      renderClass(json);
      alertBanner(`L'export a échoué : ${json.message || 'la promotion a des erreurs'}.`);
    },
  });
}

/** Reads one entry of a ZIP (stored or deflated) from a Blob, or null. */
async function zipEntry(blob, suffix) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const view = new DataView(bytes.buffer);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < entries && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) return null;
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== suffix && !name.endsWith('/' + suffix)) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    if (method === 0) return data;
    if (method === 8 && typeof DecompressionStream === 'function') {
      const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return null;
  }
  return null;
}

function setUpClass() {
  $('#classe-formulaire').addEventListener('submit', (event) => { event.preventDefault(); checkClass(); });
  $('#classe-fichier').addEventListener('change', () => { if ($('#classe-fichier').files[0]) checkClass(); });
  $('#classe-commun').addEventListener('change', () => { if ($('#classe-fichier').files[0]) checkClass(); });
  $('#classe-tout').addEventListener('click', () => buildClass({ label: 'Tous les documents' }));
  $('#classe-attestations').addEventListener('click', () => buildClass({ only: 'attestation', label: 'Attestations de la classe' }));
  $('#classe-planning').addEventListener('click', showPlanning);
  $('#classe-export').addEventListener('click', exportWorkbook);
  $('#classe-filtres').addEventListener('change', () => { if (classState.json) renderClass(classState.json); });
}

// -------------------------------------------------------- exam packages

/** The handed-in files, each with the path the workbook gives it. */
const pieces = [];
/** What a workbook names: PDFs (report, English documents, signed copies) and the school's logo. */
const HANDED_IN = /\.(pdf|png|jpe?g)$/i;

function addPieces(files, fromFolder) {
  for (const file of files) {
    let path = file.name;
    if (fromFolder && file.webkitRelativePath) {
      if (!HANDED_IN.test(file.name)) continue; // the workbook itself and the rest stay home
      path = file.webkitRelativePath.split('/').slice(1).join('/') || file.name;
    }
    const same = pieces.findIndex((p) => p.path === path);
    if (same >= 0) pieces.splice(same, 1);
    pieces.push({ file, path });
  }
  renderPieces();
}

function renderPieces() {
  const body = $('#paquet-liste');
  body.textContent = '';
  $('#paquet-liste-bloc').hidden = pieces.length === 0;
  pieces.forEach((piece, index) => {
    const input = el('input', { type: 'text', value: piece.path, id: `piece-${index}`, spellcheck: 'false',
      'aria-label': `Chemin dans le classeur de ${piece.file.name}` });
    input.addEventListener('change', () => { piece.path = input.value.trim().replace(/\\/g, '/'); });
    const remove = el('button', { type: 'button', class: 'secondaire petit', 'aria-label': `Retirer ${piece.file.name}` }, 'Retirer');
    remove.addEventListener('click', () => { pieces.splice(index, 1); renderPieces(); announce(`${piece.file.name} retiré.`); });
    body.append(el('tr', {},
      el('td', { 'data-titre': 'Fichier' }, piece.file.name),
      el('td', { 'data-titre': 'Chemin' }, input),
      el('td', {}, remove)));
  });
}

async function makePackage() {
  const classe = $('#paquet-classe').files[0];
  const box = $('#paquet-resultat');
  box.hidden = true;
  if (!classe) {
    alertBanner('Choisissez d\'abord le classeur ou la promotion XML de la classe.');
    $('#paquet-classe').focus();
    return;
  }
  const form = new FormData();
  form.append('classe', classe, classe.name);
  const commun = $('#paquet-commun').files[0];
  if (commun) form.append('commun', commun, commun.name);
  for (const piece of pieces) if (piece.path) form.append(piece.path, piece.file, piece.file.name);
  await run('POST', '/api/bundle', form, 'Fabrication du paquet', {
    onFile: (blob, filename) => {
      download(blob, filename || 'paquets.zip');
      box.textContent = '';
      box.append(el('p', { class: 'diag info' }, `Le paquet est prêt : ${filename || 'paquets.zip'} est téléchargé.`));
      box.hidden = false;
      announce('Paquet prêt, téléchargement lancé.');
    },
    onRun: (json) => {
      box.textContent = '';
      box.append(el('h4', {}, 'Le paquet n\'a pas pu être fait'),
        el('p', {}, json.message || 'Il manque des pièces, ou l\'une d\'elles ne va pas.'),
        diagnosticList(json.diagnostics || [], { withStudent: true }));
      box.hidden = false;
      announce(`Pas de paquet : ${countsSentence(json.counts)}.`);
    },
  });
}

function signatureText(s) {
  if (s.signed !== 'oui') return 'non signé';
  const who = s.signer ? `signé par ${s.signer}` : 'signé';
  return s.date ? `${who}, le ${frenchDate(s.date)}` : who;
}

async function verifyPackages() {
  const files = Array.from($('#verif-fichiers').files);
  const box = $('#verif-resultat');
  if (files.length === 0) {
    alertBanner('Choisissez d\'abord un ou plusieurs paquets (ZIP).');
    $('#verif-fichiers').focus();
    return;
  }
  const form = new FormData();
  for (const file of files) form.append('paquet', file, file.name);
  await run('POST', '/api/verify', form, `Vérification de ${plural(files.length, 'paquet')}`, {
    onRun: (json) => {
      const packages = json.packages || [];
      box.textContent = '';
      const sound = packages.filter((p) => p.ok === 'oui').length;
      box.append(el('p', { class: 'resume' }, `${plural(packages.length, 'paquet vérifié', 'paquets vérifiés')} : ${sound} complet${sound > 1 ? 's' : ''} et intact${sound > 1 ? 's' : ''}, ${packages.length - sound} à revoir.`));
      const table = el('table', { class: 'paquets empile' },
        el('caption', {}, 'Verdict par paquet'),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Paquet'), el('th', { scope: 'col' }, 'Verdict'),
          el('th', { scope: 'col' }, 'Pièces'), el('th', { scope: 'col' }, 'Signatures'))));
      const body = el('tbody');
      const problems = (json.diagnostics || []).filter((d) => d.severity !== 'info');
      const placed = new Set();
      for (const p of packages) {
        const ok = p.ok === 'oui';
        const own = problems.filter((d) => d.file === p.file);
        own.forEach((d) => placed.add(d));
        body.append(el('tr', { class: 'paquet', 'data-verdict': p.verdict || '' },
          el('th', { scope: 'row', 'data-titre': 'Paquet' }, p.file || ''),
          el('td', { 'data-titre': 'Verdict' },
            el('span', { class: ok ? 'verdict-ok' : 'verdict-ko' }, ok ? '✔ complet et intact' : `✖ ${verdictWord(p.verdict)}`),
            own.length ? diagnosticList(own) : (p.text && !ok ? el('span', { class: 'a-faire' }, p.text) : null)),
          el('td', { 'data-titre': 'Pièces' }, p.pieces ?? ''),
          el('td', { 'data-titre': 'Signatures' }, signatureSummary(p.signatures || []))));
      }
      table.append(body);
      if (packages.length) box.append(el('div', { class: 'tableau-defilant' }, table));
      else box.append(el('p', {}, 'Le serveur n\'a pas donné de verdict par paquet ; voici ce qu\'il a trouvé.'));
      const rest = problems.filter((d) => !placed.has(d));
      if (rest.length) box.append(el('h4', {}, 'Ce qui ne va pas'), diagnosticList(rest));
      box.hidden = false;
      announce(`Vérification finie : ${sound} paquet${sound > 1 ? 's' : ''} sur ${packages.length} complet${sound > 1 ? 's' : ''} et intact${sound > 1 ? 's' : ''}.`);
    },
  });
}

/** A signature field's name, as the documents say it. */
const FIELD_NAMES = {
  stagiaire: 'stagiaire', 'representant-legal': 'représentant légal', entreprise: 'organisme d\'accueil',
  etablissement: 'établissement', 'enseignant-referent': 'enseignant référent', tuteur: 'tuteur',
  enseignant: 'enseignant', 'maitre-apprentissage': 'maître d\'apprentissage', employeur: 'employeur',
  apprenti: 'apprenti', cfa: 'centre de formation',
};
function fieldName(field) {
  if (!field) return '?';
  return FIELD_NAMES[field] || field.replace(/-/g, ' ');
}

/** Per document of a package: who signed, and which signatures are missing. */
function signatureSummary(signatures) {
  if (signatures.length === 0) return 'aucun champ de signature';
  const documents = new Map();
  for (const s of signatures) {
    const name = s.document || 'document';
    if (!documents.has(name)) documents.set(name, []);
    documents.get(name).push(s);
  }
  const list = el('ul', { class: 'signatures-paquet' });
  for (const [name, fields] of documents) {
    const signed = fields.filter((s) => s.signed === 'oui');
    const missing = fields.filter((s) => s.signed !== 'oui').map((s) => fieldName(s.field));
    const parts = [`${name} : ${signed.length} signature${signed.length > 1 ? 's' : ''} sur ${fields.length}`];
    if (signed.length) parts.push(`signé par ${signed.map((s) => `${s.signer || fieldName(s.field)}${s.date ? ` (${frenchDate(s.date)})` : ''}`).join(', ')}`);
    if (missing.length) parts.push(`manque : ${missing.join(', ')}`);
    list.append(el('li', {}, parts.join(' ; ')));
  }
  return list;
}

function verdictWord(verdict) {
  return { complet: 'complet', incomplet: 'incomplet', altere: 'altéré', illisible: 'illisible' }[verdict] || 'à revoir';
}

function setUpPackages() {
  $('#paquet-pieces').addEventListener('change', (event) => { addPieces(event.target.files, false); event.target.value = ''; });
  $('#paquet-dossier').addEventListener('change', (event) => { addPieces(event.target.files, true); event.target.value = ''; });
  $('#paquet-formulaire').addEventListener('submit', (event) => { event.preventDefault(); makePackage(); });
  $('#verif-formulaire').addEventListener('submit', (event) => { event.preventDefault(); verifyPackages(); });
}

// ------------------------------------------------------------ signatures

async function readSignatures() {
  const files = Array.from($('#sig-fichiers').files);
  const box = $('#sig-resultat');
  if (files.length === 0) {
    alertBanner('Choisissez d\'abord des PDF signés ou un ZIP.');
    $('#sig-fichiers').focus();
    return;
  }
  const zips = files.filter((f) => /\.zip$/i.test(f.name));
  if (zips.length > 1 || (zips.length === 1 && files.length > 1)) {
    alertBanner('Donnez soit des PDF, soit un seul ZIP qui les contient.');
    return;
  }
  const form = new FormData();
  for (const file of files) form.append(zips.length ? 'zip' : 'pdf', file, file.name);
  await run('POST', '/api/signatures', form, 'Lecture des signatures', {
    onRun: (json) => {
      const rows = (json.signatures || []).slice().sort((a, b) =>
        (a.student || '').localeCompare(b.student || '', 'fr') || (a.document || '').localeCompare(b.document || '', 'fr'));
      box.textContent = '';
      const signed = rows.filter((s) => s.signed === 'oui').length;
      box.append(el('p', { class: 'resume' }, `${plural(rows.length, 'champ de signature', 'champs de signature')}, ${signed} signé${signed > 1 ? 's' : ''}.`));
      const table = el('table', { class: 'signatures empile' },
        el('caption', {}, 'Qui a signé quoi'),
        el('thead', {}, el('tr', {}, ...['Élève', 'Document', 'Champ', 'Signé', 'Signataire', 'Date', 'Fichier']
          .map((title) => el('th', { scope: 'col' }, title)))));
      const body = el('tbody');
      for (const s of rows) {
        const yes = s.signed === 'oui';
        body.append(el('tr', {},
          el('td', { 'data-titre': 'Élève' }, s.student || el('span', { class: 'valeur-vide' }, 'non indiqué')),
          el('td', { 'data-titre': 'Document' }, s.document || ''),
          el('td', { 'data-titre': 'Champ' }, fieldName(s.field)),
          el('td', { 'data-titre': 'Signé' }, el('span', { class: yes ? 'verdict-ok' : 'verdict-ko' }, yes ? '✔ oui' : '✖ non')),
          el('td', { 'data-titre': 'Signataire' }, s.signer || ''),
          el('td', { 'data-titre': 'Date' }, frenchDate(s.date)),
          el('td', { 'data-titre': 'Fichier' }, s.file || '')));
      }
      table.append(body);
      box.append(el('div', { class: 'tableau-defilant' }, table));
      const problems = (json.diagnostics || []).filter((d) => d.severity !== 'info');
      if (problems.length) box.append(el('h4', {}, 'Ce qui ne va pas'), diagnosticList(problems));
      box.hidden = false;
      announce(`Signatures lues : ${signed} champ${signed > 1 ? 's' : ''} signé${signed > 1 ? 's' : ''} sur ${rows.length}.`);
    },
  });
}

function setUpSignatures() {
  $('#sig-formulaire').addEventListener('submit', (event) => { event.preventDefault(); readSignatures(); });
}

// -------------------------------------------------------------- start

setUpTabs();
setUpDropZones();
setUpClass();
setUpPackages();
setUpSignatures();
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  alertBanner('Un problème inattendu est arrivé dans la page. Rechargez-la, puis réessayez.');
});
