#!/usr/bin/env node
// Search and the table filters in a real browser, on the demo built by `kam build`: the
// search page opened from file:// and over HTTP under a sub-path (/kam/) finds accounts,
// contacts and chapter headings by a folded prefix with working links; the header field of
// another page submits to it; without JavaScript it says so; and the portfolio table's
// filters hide exactly the rows that do not match.
//
// Usage: node tests/browser/search.js PATH/TO/kam
// Needs what ./chromium.js says.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { pathToFileURL } = require('url');

const { launch, TIMEOUT } = require('./chromium');
const kam = path.resolve(process.argv[2] || 'target/release/kam');
const repo = path.resolve(__dirname, '..', '..');
const SUB_PATH = '/kam/';

function fail(message) {
  console.error(`search: FAIL: ${message}`);
  process.exitCode = 1;
}

function check(condition, message) {
  if (!condition) fail(message);
  return condition;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.ics': 'text/calendar', '.xml': 'application/xml' };

// A static server for `dir` under SUB_PATH only, as a host with a sub-path would serve it.
function serve(dir) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let relative = decodeURIComponent(url.pathname);
    if (!relative.startsWith(SUB_PATH)) { response.writeHead(404); response.end(); return; }
    relative = relative.slice(SUB_PATH.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.resolve(dir, relative);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404); response.end(); return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The results once the status says how many there are: title, href, resolved link, snippet.
async function results(page, query) {
  await page.waitForFunction((q) => {
    const status = document.getElementById('search-status');
    return status && status.textContent.includes(`”${q}”`);
  }, query, { timeout: TIMEOUT });
  return page.$$eval('#search-results li', (items) => items.map((item) => {
    const link = item.querySelector('a');
    const snippet = item.querySelector('.result-snippet');
    return { title: link.textContent, href: link.getAttribute('href'), url: link.href,
      snippet: snippet ? snippet.textContent : '' };
  }));
}

async function searchPage(page, base, label) {
  const at = (query) => `${base}search/index.html?q=${encodeURIComponent(query)}`;

  await page.goto(at('karto'), { timeout: TIMEOUT });
  check(await page.inputValue('#search-q') === 'karto', `${label}: ?q= does not fill the field`);
  let found = await results(page, 'karto');
  const stenfors = found.find((result) => result.title === 'Stenfors Kartongbruk AB');
  if (check(stenfors, `${label}: "karto" does not find Stenfors Kartongbruk AB: ${JSON.stringify(found)}`)) {
    check(stenfors.href === '../accounts/stenfors-kartongbruk/index.html', `${label}: wrong link ${stenfors.href}`);
  }
  const firstChapter = found.findIndex((result) => result.href.startsWith('../handbook/'));
  check(firstChapter === -1 || found.slice(firstChapter).every((r) => r.href.startsWith('../handbook/')),
    `${label}: a chapter is listed before an account`);

  // A contact, typed without capitals; the snippet shows the contact line.
  await page.fill('#search-q', 'eva-lena kr');
  found = await results(page, 'eva-lena kr');
  check(found.length === 1 && found[0].title === 'Stenfors Kartongbruk AB'
    && found[0].snippet.includes('Eva-Lena Kron'), `${label}: contact not found: ${JSON.stringify(found)}`);

  // å/ä/ö typed as a/o, in the notes: "Gävle" as "gavle".
  await page.fill('#search-q', 'gavle');
  found = await results(page, 'gavle');
  check(found.some((result) => result.title === 'Tvärån Wellpapp AB'), `${label}: "gavle" misses Tvärån: ${JSON.stringify(found)}`);

  // Capitals and accents typed as they are fold as the index folded them.
  await page.fill('#search-q', 'ÖSTERFJÄRD');
  found = await results(page, 'ÖSTERFJÄRD');
  check(found.length > 0 && found[0].title === 'Österfjärdens Massa AB', `${label}: "ÖSTERFJÄRD": ${JSON.stringify(found)}`);

  // A chapter heading; its link opens the chapter.
  await page.fill('#search-q', 'paretoprinc');
  found = await results(page, 'paretoprinc');
  const chapter = found.find((result) => result.href === '../handbook/abc-analys/index.html');
  if (check(chapter, `${label}: the heading "Paretoprincipen" is not found: ${JSON.stringify(found)}`)) {
    await page.click('#search-results a[href="../handbook/abc-analys/index.html"]');
    await page.waitForLoadState('load');
    check(page.url() === chapter.url, `${label}: the result link led to ${page.url()}`);
    check((await page.textContent('h1')).length > 0, `${label}: the chapter has no heading`);
  }

  // The header field of another page submits to the search page.
  await page.goto(`${base}accounts/stenfors-kartongbruk/index.html`, { timeout: TIMEOUT });
  await page.fill('#site-search-q', 'tvärån');
  await Promise.all([page.waitForNavigation({ timeout: TIMEOUT }), page.press('#site-search-q', 'Enter')]);
  check(page.url().startsWith(`${base}search/index.html?q=`), `${label}: the header form went to ${page.url()}`);
  found = await results(page, 'tvärån');
  check(found.length > 0 && found[0].title === 'Tvärån Wellpapp AB', `${label}: header search: ${JSON.stringify(found)}`);
}

async function filters(page, base) {
  await page.goto(`${base}index.html`, { timeout: TIMEOUT });
  const select = '#filter-0-manager';
  await page.waitForSelector(select, { timeout: TIMEOUT });
  const options = await page.$$eval(`${select} option`, (list) => list.map((o) => [o.value, o.textContent]));
  const [value, name] = options[1];
  await page.selectOption(select, value);
  const rows = await page.$$eval('#accounts-table tbody tr', (list) => list.map((row) => ({
    manager: row.getAttribute('data-manager'), hidden: row.hidden })));
  const expected = rows.filter((row) => row.manager === name).length;
  check(expected > 0 && rows.filter((row) => !row.hidden).length === expected
    && rows.every((row) => row.hidden === (row.manager !== name)),
  `filter by manager ${name}: ${JSON.stringify(rows)}`);
  const tagOptions = await page.$$eval('#filter-0-tags option', (list) => list.length);
  check(tagOptions > 2, 'no tag filter');
}

async function main() {
  const out = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kam-search-')));
  const site = path.join(out, 'kam');
  execFileSync(kam, ['build', '--root', repo, '--today', '2026-11-27', '--quiet', '--output', site],
    { stdio: 'inherit' });
  const server = await serve(site);
  let browser;
  try {
    browser = await launch();
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => fail(`script error: ${error.message}`));
    const fileBase = pathToFileURL(site).href + '/';
    const httpBase = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
    await searchPage(page, fileBase, 'file://');
    await searchPage(page, httpBase, 'http sub-path');
    await filters(page, httpBase);

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${httpBase}search/index.html?q=karto`, { timeout: TIMEOUT });
    const status = await plain.textContent('#search-status');
    check(/JavaScript/.test(status), `without JavaScript the page says: ${status}`);
    check(await plain.$('#search-status a[href="../index.html#accounts"]') !== null,
      'without JavaScript there is no link to the portfolio table');
    check(await plain.$('select') === null, 'a dead control shows without JavaScript');
    await plain.goto(`${httpBase}index.html`, { timeout: TIMEOUT });
    check(await plain.$('.table-filters') === null, 'filters show without JavaScript');

    if (!process.exitCode) {
      console.log('search: ok (file:// and http under /kam/: results, links, header form, no-JS message, table filters)');
    }
  } finally {
    if (browser) await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error) => {
  fail(error.stack || String(error));
});
