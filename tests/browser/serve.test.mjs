// Browser tests of the page of « stagedoc serve »: Debian's chromium, driven
// by playwright-core, against a running server (env STAGEDOC_URL, default
// http://127.0.0.1:18080). A person's scenarios: drop a workbook with a bad
// cell and see it highlighted with its message; fix it and download every
// document as a ZIP; verify a tampered package; use the page with the
// keyboard alone; read it at phone width (360 px). Screenshots of each
// section at 1280 and 360 px go to env STAGEDOC_SHOTS (default ./shots).
// The exam package to tamper with is made by the command line (env
// STAGEDOC_BIN, default ../../stagedoc). Last line: « N passed, N failed ».
// No browser is ever downloaded: chromium is /usr/bin/chromium.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const serverUrl = (process.env.STAGEDOC_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
const shots = path.resolve(process.env.STAGEDOC_SHOTS || path.join(here, 'shots'));
const stagedoc = process.env.STAGEDOC_BIN || path.join(root, 'stagedoc');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stagedoc-browser-'));
const WAIT = 30000;

const samples = path.join(root, 'samples');
const commun = path.join(samples, 'import', 'stage-commun.xml');
const goodCsv = path.join(work, 'classe.csv');
const badCsv = path.join(work, 'classe-faux.csv');
const namelessCsv = path.join(work, 'classe-sans-nom.csv');

let passed = 0;
let failed = 0;
let currentPage = null; // the page of the running scenario, shot when it fails

/** A new page in its own context (French, downloads allowed), remembered for failure shots. */
async function openPage(browser, options) {
  const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true, ...options });
  currentPage = await context.newPage();
  return currentPage;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function scenario(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${String(error.message || error).split('\n')[0]}`);
    if (currentPage && !currentPage.isClosed()) {
      const file = `echec-${name.slice(1, 2)}.png`;
      await currentPage.screenshot({ path: path.join(shots, file), fullPage: true }).catch(() => {});
      console.log(`     the page at that moment: ${file}`);
    }
  }
  if (currentPage) await currentPage.context().close().catch(() => {});
  currentPage = null;
}

async function shot(page, name) {
  const width = page.viewportSize().width;
  await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
}

// ----------------------------------------------------------------- fixtures

function makeFixtures() {
  fs.mkdirSync(shots, { recursive: true });
  const csv = fs.readFileSync(path.join(samples, 'classe.csv'), 'utf8');
  fs.writeFileSync(goodCsv, csv);
  const lines = csv.split('\n');
  check(lines[1].includes('18/05/2027'), 'samples/classe.csv no longer starts on 18/05/2027');
  const good = lines[1];
  lines[1] = good.replace('18/05/2027', '31/02/2027');
  fs.writeFileSync(badCsv, lines.join('\n'));
  check(good.startsWith('Abadie-Laffargue;'), 'samples/classe.csv no longer starts with Abadie-Laffargue');
  lines[1] = good.replace(/^Abadie-Laffargue;/, ';'); // « Nom de l'élève » left empty
  fs.writeFileSync(namelessCsv, lines.join('\n'));
}

/** A sound exam package and a copy with one byte of a PDF changed. */
function makePackages() {
  const out = path.join(work, 'paquets');
  execFileSync(stagedoc, ['bundle', '--quiet', '-o', out, path.join(samples, 'scolaire-mineur.xml')], { stdio: 'ignore' });
  const zip = fs.readdirSync(out).find((name) => name.endsWith('.zip'));
  check(zip, 'stagedoc bundle wrote no package');
  const sound = path.join(work, 'paquet-intact.zip');
  const tampered = path.join(work, 'paquet-altere.zip');
  fs.copyFileSync(path.join(out, zip), sound);
  const bytes = fs.readFileSync(sound);
  let at = -1;
  for (let n = 0; n < 2; n++) at = bytes.indexOf('%%EOF', at + 1);
  check(at > 0, 'no second PDF end in the package');
  bytes[at] = 255 - bytes[at];
  fs.writeFileSync(tampered, bytes);
  return { sound, tampered };
}

// ------------------------------------------------------------- page helpers

/** Drops a file on a drop zone as a person would drag it from a folder. */
async function dropFile(page, zone, file, type) {
  const transfer = await page.evaluateHandle(({ name, base64, mime }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], name, { type: mime }));
    return data;
  }, { name: path.basename(file), base64: fs.readFileSync(file).toString('base64'), mime: type });
  await page.dispatchEvent(`.depot[data-depot="${zone}"]`, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(`.depot[data-depot="${zone}"]`, 'drop', { dataTransfer: transfer });
}

async function waitIdle(page) {
  await page.waitForFunction(() => document.querySelector('#travail').hidden, null, { timeout: WAIT });
}

async function loadClass(page, file) {
  await page.setInputFiles('#classe-commun', commun);
  await waitIdle(page);
  await dropFile(page, 'classe-fichier', file, 'text/csv');
  await page.waitForFunction((name) => {
    const title = document.querySelector('#classe-titre');
    return document.querySelector('#travail').hidden && !document.querySelector('#classe-resultat').hidden
      && title && title.textContent.includes(name);
  }, path.basename(file), { timeout: WAIT });
}

/**
 * How a cell of the class's table is drawn: its background, its outline, and
 * the left border of its row's first cell (the status stripe at 1280 px) or
 * of its row (at 360 px, where rows are cards).
 */
async function cellLook(page, selector) {
  return page.locator(selector).evaluate((cell) => {
    const style = getComputedStyle(cell);
    const row = cell.closest('tr');
    const first = getComputedStyle(row.firstElementChild);
    const card = getComputedStyle(row);
    const stripe = parseFloat(first.borderLeftWidth) >= 4 ? first : card;
    return {
      background: style.backgroundColor,
      outline: `${style.outlineStyle} ${style.outlineColor}`,
      stripe: `${parseFloat(stripe.borderLeftWidth) >= 4 ? 'wide' : 'thin'} ${stripe.borderLeftStyle} ${stripe.borderLeftColor}`,
    };
  });
}
const ERROR_BACKGROUND = 'rgb(253, 236, 238)'; // --erreur-fond
const ERROR_STRIPE = 'wide solid rgb(164, 0, 29)'; // .35rem of --erreur

/** True when the page is no wider than the window (no sideways scrolling). */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// ---------------------------------------------------------------- scenarios

async function badCellHighlighted(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  const refused = [];
  page.on('console', (message) => { if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text()); });
  page.on('pageerror', (error) => refused.push(error.message));
  await page.goto(serverUrl + '/');
  await shot(page, 'classe-vide');
  await loadClass(page, badCsv);
  const cell = page.locator('td.invalide[aria-invalid="true"]');
  check(await cell.count() === 1, `expected one highlighted cell, found ${await cell.count()}`);
  check(await cell.getAttribute('data-colonne') === 'periode', 'the highlighted cell is not the period');
  check((await cell.textContent()).includes('31/02/2027'), 'the highlighted cell does not show « 31/02/2027 »');
  const ids = (await cell.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  check(ids.length > 0, 'the highlighted cell has no accessible description');
  const message = await page.locator(`#${ids[0]}`).textContent();
  check(message.includes('31/02/2027') && message.includes('À faire'), `its message is not shown beside it: ${message}`);
  const detailsFollow = await page.evaluate((id) => {
    const item = document.getElementById(id);
    const detailRow = item.closest('tr.details');
    return Boolean(detailRow && detailRow.previousElementSibling.querySelector('td.invalide'));
  }, ids[0]);
  check(detailsFollow, 'the message is not on the line under the row of the cell');
  const look = await cellLook(page, 'td.invalide[aria-invalid="true"]');
  check(look.background === ERROR_BACKGROUND, `the bad cell's background is ${look.background}`);
  check(look.stripe === ERROR_STRIPE, `the row of the bad cell shows no red stripe: ${look.stripe}`);
  check(await page.locator('#classe-tout').isDisabled(), '« Tous les documents » should wait for the error to be fixed');
  await page.waitForFunction(() => document.querySelector('#annonce').textContent !== '', null, { timeout: 2000 }).catch(() => {});
  const said = await page.locator('#annonce').textContent();
  check(/erreur/.test(said), `the live region did not announce the result: « ${said} »`);
  await shot(page, 'classe-erreur');
  await page.setViewportSize({ width: 360, height: 740 });
  await shot(page, 'classe-erreur');
  check(await overflow(page) <= 0, 'the class with an error overflows at 360 px');
  check(refused.length === 0, `the page broke its Content-Security-Policy or threw: ${refused[0]}`);
  await page.close();
}

async function fixedWorkbookGivesZip(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  const refused = [];
  page.on('console', (message) => { if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text()); });
  await page.goto(serverUrl + '/');
  await loadClass(page, badCsv);
  await loadClass(page, goodCsv);
  check(await page.locator('td.invalide').count() === 0, 'a cell is still highlighted after the fix');
  check(await page.locator('.statut.pret').count() === 2, 'both students should be « Prêt »');
  const button = page.getByRole('button', { name: 'Tous les documents (ZIP)' });
  check(await button.isEnabled(), '« Tous les documents » stays disabled');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), button.click()]);
  const saved = path.join(work, 'documents.zip');
  await download.saveAs(saved);
  const listing = execFileSync('unzip', ['-l', saved], { encoding: 'utf8' });
  check(/\sindex\.tsv\n/.test(listing), `no index.tsv in the ZIP:\n${listing}`);
  check(/\/convention\.pdf\n/.test(listing), `no convention.pdf in the ZIP:\n${listing}`);
  check(download.suggestedFilename().endsWith('.zip'), `the download is named ${download.suggestedFilename()}`);
  // One student's documents: only her folder, besides the class's files.
  const [one] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: /Documents de BENALI/ }).click()]);
  const hers = path.join(work, 'benali.zip');
  await one.saveAs(hers);
  const herListing = execFileSync('unzip', ['-l', hers], { encoding: 'utf8' });
  check(/BENALI_Ines\/convention\.pdf\n/.test(herListing), `no convention of BENALI Inès in her ZIP:\n${herListing}`);
  check(!/ABADIE/.test(herListing), `another student's documents in BENALI Inès's ZIP:\n${herListing}`);
  // The planning, shown in the page.
  await page.getByRole('button', { name: 'Planning' }).click();
  await page.waitForSelector('#classe-planning-lien iframe.planning-vue', { timeout: WAIT });
  check(refused.length === 0, `the planning broke the Content-Security-Policy: ${refused[0]}`);
  await shot(page, 'classe-ok');
  await page.setViewportSize({ width: 360, height: 740 });
  await shot(page, 'classe-ok');
  check(await overflow(page) <= 0, 'the class overflows at 360 px');
}

async function tamperedPackageNotIntact(browser, packages) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/#paquets');
  check(await page.locator('#paquets').isVisible(), 'the hash #paquets does not open its section');
  await shot(page, 'paquets-vide');
  await page.setInputFiles('#verif-fichiers', [packages.sound, packages.tampered]);
  await page.getByRole('button', { name: 'Vérifier les paquets' }).click();
  await page.waitForSelector('#verif-resultat tr.paquet', { timeout: WAIT });
  const rows = page.locator('#verif-resultat tr.paquet');
  check(await rows.count() === 2, `expected two verdicts, found ${await rows.count()}`);
  const soundRow = rows.filter({ hasText: 'paquet-intact.zip' });
  const tamperedRow = rows.filter({ hasText: 'paquet-altere.zip' });
  check(await soundRow.locator('.verdict-ok').count() === 1, 'the sound package is not shown intact');
  check(await tamperedRow.locator('.verdict-ko').count() === 1, 'the tampered package is not shown as not intact');
  check(!(await tamperedRow.textContent()).includes('complet et intact'), 'the tampered package says « complet et intact »');
  await shot(page, 'paquets-verdict');
  await page.setViewportSize({ width: 360, height: 740 });
  await shot(page, 'paquets-verdict');
  check(await overflow(page) <= 0, 'the verdicts overflow at 360 px');
  await page.close();
}

async function signaturesTable(browser, packages) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/#signatures');
  await shot(page, 'signatures-vide');
  await page.setInputFiles('#sig-fichiers', packages.sound);
  await page.getByRole('button', { name: 'Lire les signatures' }).click();
  await page.waitForFunction(() => !document.querySelector('#sig-resultat').hidden
    || !document.querySelector('#alerte').hidden, null, { timeout: WAIT });
  check(await page.locator('#sig-resultat table tbody tr').count() > 0,
    `no signature table: ${await page.locator('#alerte').textContent()}`);
  await shot(page, 'signatures-tableau');
  await page.setViewportSize({ width: 360, height: 740 });
  await shot(page, 'signatures-tableau');
  check(await overflow(page) <= 0, 'the signatures overflow at 360 px');
  await page.close();
}

/** Where the focus is, and whether it shows (a ring of 2 px or more). */
async function focusState(page) {
  return page.evaluate(() => {
    const node = document.activeElement;
    const style = getComputedStyle(node);
    return {
      id: node.id || (node === document.body ? '<body>' : ''),
      text: (node.textContent || '').trim(),
      visible: node.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

async function keyboardOnly(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/');
  let focus = null;
  for (let n = 0; n < 4 && !(focus && focus.id === 'onglet-classe'); n++) {
    await page.keyboard.press('Tab');
    focus = await focusState(page);
  }
  check(focus.id === 'onglet-classe', `Tab does not reach the « Classe » tab (focus on « ${focus.text} »)`);
  check(focus.visible, 'the focus on the « Classe » tab does not show');
  await page.keyboard.press('ArrowRight');
  focus = await focusState(page);
  check(focus.id === 'onglet-paquets' && focus.visible, 'ArrowRight does not move to « Paquets d\'examen » with a visible focus');
  check(await page.locator('#paquets').isVisible() && !(await page.locator('#classe').isVisible()), 'ArrowRight does not show the packages');
  await shot(page, 'clavier-onglet');
  await page.keyboard.press('ArrowRight');
  check(await page.locator('#signatures').isVisible(), 'ArrowRight does not show the signatures');
  await page.keyboard.press('End');
  check((await focusState(page)).id === 'onglet-signatures', 'End does not go to the last tab');
  await page.keyboard.press('Home');
  check((await focusState(page)).id === 'onglet-classe' && await page.locator('#classe').isVisible(), 'Home does not go back to « Classe »');
  for (let n = 0; n < 5 && focus.id !== 'classe-fichier'; n++) {
    await page.keyboard.press('Tab');
    focus = await focusState(page);
  }
  check(focus.id === 'classe-fichier', 'Tab does not reach the workbook\'s file input');
  check(focus.visible, 'the focus on the file input does not show');
  await shot(page, 'clavier-fichier');
  // The packages section by keyboard: Shift+Tab back to the tabs, arrow, Enter into the panel.
  for (let n = 0; n < 5 && !focus.id.startsWith('onglet-'); n++) {
    await page.keyboard.press('Shift+Tab');
    focus = await focusState(page);
  }
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  check(await page.locator('#paquets').isVisible(), 'Enter on « Paquets d\'examen » does not open it');
  await page.keyboard.press('Tab');
  focus = await focusState(page);
  check(focus.id === 'paquet-classe' && focus.visible, `Tab from the packages' tab does not reach its first field (focus on « ${focus.id} »)`);
  await page.close();
}

async function phoneWidth(browser) {
  const page = await openPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(serverUrl + '/');
  for (const section of ['classe', 'paquets', 'signatures']) {
    await page.goto(`${serverUrl}/#${section}`);
    await page.waitForFunction((id) => !document.getElementById(id).hidden, section);
    const extra = await overflow(page);
    check(extra <= 0, `« ${section} » is ${extra} px wider than a 360 px screen`);
    await shot(page, `${section}-vide`);
  }
  await page.goto(`${serverUrl}/#classe`);
  await loadClass(page, badCsv);
  check(await overflow(page) <= 0, 'the class table is wider than a 360 px screen');
  check(await page.locator('td.invalide').isVisible(), 'the highlighted cell is not visible at 360 px');
  await page.close();
}

/** Progress while the server works, « Annuler », and server errors in French. */
async function progressCancelAndErrors(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/');
  let release = null;
  await page.route('**/api/check', (route) => { release = () => route.continue().catch(() => {}); });
  await page.setInputFiles('#classe-commun', commun);
  await page.setInputFiles('#classe-fichier', goodCsv);
  await page.waitForSelector('#travail:not([hidden])', { timeout: WAIT });
  check(await page.locator('#travail progress').isVisible(), 'no progress bar while the server works');
  await page.waitForFunction(() => /^[1-9]\d* s$/.test(document.querySelector('#travail-duree').textContent), null, { timeout: WAIT });
  await shot(page, 'classe-travail');
  const cancel = page.getByRole('button', { name: 'Annuler' });
  check(await cancel.isEnabled(), '« Annuler » is not usable during the work');
  await cancel.click();
  await page.waitForSelector('#travail[hidden]', { state: 'attached', timeout: WAIT });
  check((await page.locator('#alerte').textContent()).includes('annulé'), 'cancelling does not say so');
  if (release) release();
  await page.unroute('**/api/check');
  const answers = [
    [429, 'Trop de travaux en cours.', 'occupé'],
    [413, 'Le fichier envoyé dépasse 64 Mio.', 'trop gros'],
    [503, 'Le travail a dépassé 60 s.', 'pas pu finir'],
    [500, 'Le travail s\'est arrêté net.', 'a échoué'],
  ];
  for (const [status, message, words] of answers) {
    await page.route('**/api/check', (route) => route.fulfill({
      status, contentType: 'application/json; charset=utf-8', headers: { 'Retry-After': '5' },
      body: JSON.stringify({ status: 'error', http: status, message }),
    }));
    await page.click('#classe-verifier');
    await page.waitForFunction(() => !document.querySelector('#alerte').hidden && document.querySelector('#travail').hidden, null, { timeout: WAIT });
    const text = await page.locator('#alerte').textContent();
    check(text.includes(message) && text.includes(words), `${status} is not explained in French: « ${text} »`);
    check(!/[{}"]/.test(text), `${status} shows raw JSON: « ${text} »`);
    await page.waitForTimeout(150); // announce() speaks after 50 ms
    const said = await page.locator('#annonce').textContent();
    check(!said.includes(message), `${status} is read out twice, by #alerte and by the live region: « ${said} »`);
    await page.unroute('**/api/check');
  }
  await shot(page, 'classe-erreur-serveur');
  await page.close();
}

/** A student's package: the promotion and the folder of its files, through the page. */
async function studentPackage(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/#paquets');
  await page.setInputFiles('#paquet-classe', path.join(samples, 'scolaire-mineur.xml'));
  await page.setInputFiles('#paquet-dossier', samples);
  const paths = await page.locator('#paquet-liste input').evaluateAll((inputs) => inputs.map((input) => input.value));
  check(paths.includes('rapports/rapport-exemple.pdf'), `the folder does not give the workbook's paths: ${paths.join(', ')}`);
  await shot(page, 'paquets-eleve');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: 'Faire le paquet (ZIP)' }).click()]);
  const saved = path.join(work, 'paquet-eleve.zip');
  await download.saveAs(saved);
  const listing = execFileSync('unzip', ['-l', saved], { encoding: 'utf8' });
  check(/NDIAYE_Aissatou/.test(listing), `no package of NDIAYE Aïssatou in the ZIP:\n${listing}`);
}

/** A refused « Nom de l'élève » (empty): the NOM Prénom cell, a <th>, is highlighted like any other. */
async function refusedNameHighlighted(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/');
  await loadClass(page, namelessCsv);
  const cell = page.locator('tr.stagiaire > [data-colonne="nom"].invalide[aria-invalid="true"]');
  check(await cell.count() === 1, `the empty « Nom de l'élève » is not marked on the NOM Prénom cell (${await cell.count()} marked)`);
  check(await cell.evaluate((node) => node.tagName) === 'TH', 'the NOM Prénom cell is no longer the row\'s header');
  const ids = (await cell.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  check(ids.length > 0 && (await page.locator(`#${ids[0]}`).textContent()).includes('vide'),
    'the NOM Prénom cell is not described by its message');
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    const look = await cellLook(page, 'tr.stagiaire > th.invalide');
    check(look.background === ERROR_BACKGROUND, `at ${width} px the refused name cell's background is ${look.background}`);
    check(look.outline.startsWith('solid'), `at ${width} px the refused name cell has no outline: ${look.outline}`);
    check(look.stripe === ERROR_STRIPE, `at ${width} px its row shows no red stripe: ${look.stripe}`);
    await shot(page, 'classe-nom-refuse');
  }
}

/** The focus is never dropped on <body>: « Annuler » while the server works, then back. */
async function focusThroughWork(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/');
  await loadClass(page, goodCsv);
  let release = null;
  await page.route('**/api/check', (route) => { release = () => route.continue().catch(() => {}); });
  await page.focus('#classe-verifier');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#travail:not([hidden])', { timeout: WAIT });
  let focus = await focusState(page);
  check(focus.id === 'travail-annuler', `while the server works the focus is on « ${focus.id || focus.text.slice(0, 30)} », not « Annuler »`);
  for (let n = 0; n < 100 && !release; n++) await page.waitForTimeout(20);
  release();
  await waitIdle(page);
  await page.unroute('**/api/check');
  focus = await page.evaluate(() => ({ tag: document.activeElement.tagName, id: document.activeElement.id }));
  check(focus.tag !== 'BODY', 'after « Vérifier la classe » the focus is lost on <body>');
  check(focus.id === 'classe-titre', `after the check the focus is on « ${focus.id} », not the result's heading`);
  // A download leaves the table as it was: the focus goes back to its button.
  await page.focus('#classe-tout');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.keyboard.press('Enter')]);
  await download.path();
  await waitIdle(page);
  focus = await focusState(page);
  check(focus.id === 'classe-tout', `after the download the focus is on « ${focus.id} », not « Tous les documents »`);
  // « Annuler » with the keyboard: back where the work started.
  await page.route('**/api/build', () => {});
  await page.keyboard.press('Enter');
  await page.waitForSelector('#travail:not([hidden])', { timeout: WAIT });
  check((await focusState(page)).id === 'travail-annuler', '« Annuler » does not take the focus during a build');
  await page.keyboard.press('Enter');
  await waitIdle(page);
  focus = await focusState(page);
  check(focus.id === 'classe-tout', `after « Annuler » the focus is on « ${focus.id} », not « Tous les documents »`);
  await page.unroute('**/api/build');
}

/** While a request runs, a dropped file starts nothing: said, and the first request ends alone. */
async function oneRequestAtATime(browser) {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(serverUrl + '/');
  const sent = { check: 0, verify: 0 };
  let release = null;
  await page.route('**/api/check', (route) => {
    sent.check++;
    if (!release) release = () => route.continue().catch(() => {});
    else route.continue().catch(() => {});
  });
  await page.route('**/api/verify', (route) => { sent.verify++; route.continue().catch(() => {}); });
  await page.setInputFiles('#classe-commun', commun);
  await page.setInputFiles('#classe-fichier', goodCsv);
  await page.waitForSelector('#travail:not([hidden])', { timeout: WAIT });
  for (let n = 0; n < 100 && !release; n++) await page.waitForTimeout(20);
  check(release, 'the check never reached the server');
  await dropFile(page, 'classe-fichier', badCsv, 'text/csv');
  await dropFile(page, 'classe-commun', commun, 'application/xml');
  await page.waitForFunction(() => /déjà en cours/.test(document.querySelector('#annonce').textContent), null, { timeout: 2000 })
    .catch(() => {});
  const said = await page.locator('#annonce').textContent();
  check(/déjà en cours/.test(said), `a drop during the work is not said to be ignored: « ${said} »`);
  check(await page.locator('#travail-refus').isVisible(), 'a drop during the work is not shown to be ignored');
  check(await page.locator('#classe-fichier').evaluate((input) => input.files[0].name) === path.basename(goodCsv),
    'the file dropped during the work replaced the one being checked');
  check(sent.check === 1, `a drop during the work sent ${sent.check - 1} more check(s)`);
  check(await page.locator('#classe-verifier').isDisabled(), 'the page is unlocked while the first check still runs');
  await shot(page, 'classe-refus-occupe');
  release();
  await waitIdle(page);
  await page.waitForTimeout(300);
  check(sent.check === 1, `${sent.check} checks were sent for one`);
  check((await page.locator('#classe-titre').textContent()).includes(path.basename(goodCsv)), 'the result is not the first file\'s');
  check(await page.locator('td.invalide').count() === 0, 'the dropped bad file was checked after all');
  // The packages' drop zone too, while a check runs.
  await page.route('**/api/check', () => {});
  await page.click('#classe-verifier');
  await page.waitForSelector('#travail:not([hidden])', { timeout: WAIT });
  await page.evaluate(() => { window.location.hash = '#paquets'; });
  await page.waitForFunction(() => !document.querySelector('#paquets').hidden);
  await dropFile(page, 'verif-fichiers', goodCsv, 'application/zip');
  await page.waitForTimeout(300);
  check(await page.locator('#verif-fichiers').evaluate((input) => input.files.length) === 0,
    'the packages\' zone took a file while a check was running');
  check(sent.verify === 0, 'a verification started while a check was running');
  await page.click('#travail-annuler');
  await waitIdle(page);
  await page.unroute('**/api/check');
  await page.unroute('**/api/verify');
}

// --------------------------------------------------------------------- run

async function main() {
  makeFixtures();
  let packages = null;
  try {
    packages = makePackages();
  } catch (error) {
    console.log(`(no exam package to verify: ${error.message})`);
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--lang=fr'],
  });
  try {
    await scenario('(a) a bad cell of a dropped CSV is highlighted with its message', () => badCellHighlighted(browser));
    await scenario('(b) the fixed workbook gives a ZIP with index.tsv and convention.pdf', () => fixedWorkbookGivesZip(browser));
    await scenario('(c) a tampered package is shown as not intact', () => {
      check(packages, 'no package could be made with stagedoc bundle');
      return tamperedPackageNotIntact(browser, packages);
    });
    await scenario('(d) keyboard only: tabs, arrows, file input, visible focus', () => keyboardOnly(browser));
    await scenario('(e) 360 px wide: no sideways overflow', () => phoneWidth(browser));
    await scenario('(f) signatures of a package shown as a table', () => {
      check(packages, 'no package could be made with stagedoc bundle');
      return signaturesTable(browser, packages);
    });
    await scenario('(g) progress, « Annuler », and server errors (413, 429, 500, 503) in French', () => progressCancelAndErrors(browser));
    await scenario('(h) a student\'s package from the promotion and its folder', () => studentPackage(browser));
    await scenario('(i) an empty « Nom de l\'élève »: the NOM Prénom cell highlighted, its row striped', () => refusedNameHighlighted(browser));
    await scenario('(j) keyboard focus: « Annuler » during the work, then the heading or the button that started it', () => focusThroughWork(browser));
    await scenario('(k) a file dropped during a request is ignored, said, and starts no second request', () => oneRequestAtATime(browser));
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`screenshots in ${shots}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
  console.log(`FAIL the test itself: ${error.message}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
