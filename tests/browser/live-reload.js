#!/usr/bin/env node
// Live reload in a real browser: `kam serve` on a fresh site, two account pages open in
// Chromium, one account file edited on disk. The edited account's page must reload by
// itself and show the edit; the other page must not reload, since its bytes did not change.
//
// Usage: node tests/browser/live-reload.js PATH/TO/kam
// Needs what ./chromium.js says.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');

const { launch, TIMEOUT } = require('./chromium');
const kam = path.resolve(process.argv[2] || 'target/release/kam');

function fail(message) {
  console.error(`live-reload: FAIL: ${message}`);
  process.exitCode = 1;
}

// Resolves with the port once `kam serve` prints its address.
function waitForAddress(server) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`kam serve printed no address:\n${seen}`)), TIMEOUT);
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /serving .* at http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.stderr.on('data', (chunk) => { seen += chunk; });
    server.on('exit', (code) => reject(new Error(`kam serve exited with ${code}:\n${seen}`)));
  });
}

async function main() {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'kam-live-reload-'));
  execFileSync(kam, ['init', site], { stdio: 'ignore' });
  const server = spawn(kam, ['serve', '--root', site, '--port', '0', '--today', '2026-11-27'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let browser;
  try {
    const port = await waitForAddress(server);
    const base = `http://127.0.0.1:${port}`;
    browser = await launch();
    const context = await browser.newContext();
    const edited = await context.newPage();
    const other = await context.newPage();
    await edited.goto(`${base}/accounts/vitsand-tryck-ab/`, { timeout: TIMEOUT });
    await other.goto(`${base}/accounts/norrskog-kartong-ab/`, { timeout: TIMEOUT });
    // A reload starts a fresh window object, so a mark set now tells whether one happened.
    for (const page of [edited, other]) {
      await page.evaluate(() => { window.kamTestMark = 'not reloaded'; });
    }
    // Wait until both pages listen, so the edit is not mistaken for a missed one.
    await Promise.all([edited, other].map((page) => page.waitForFunction(
      () => document.documentElement.getAttribute('data-kam-serve') === 'live',
      null, { timeout: TIMEOUT })));

    const file = path.join(site, 'content', 'accounts', 'vitsand-tryck-ab.md');
    const marker = 'Edited while the page was open.';
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}\n${marker}\n`);

    await edited.waitForFunction((text) => document.body.textContent.includes(text), marker,
      { timeout: TIMEOUT });
    if (await edited.evaluate(() => window.kamTestMark) !== undefined) {
      fail('the edited page shows the edit without having reloaded');
    }
    // Give a wrong reload of the other page time to happen before looking.
    await other.waitForTimeout(1000);
    if (await other.evaluate(() => window.kamTestMark) !== 'not reloaded') {
      fail('a page whose bytes did not change was reloaded');
    }
    if (!process.exitCode) {
      console.log('live-reload: ok (the edited page reloaded by itself, the other one stayed)');
    }
  } finally {
    if (browser) await browser.close();
    server.kill('SIGINT');
    fs.rmSync(site, { recursive: true, force: true });
  }
}

main().catch((error) => {
  fail(error.stack || String(error));
});
