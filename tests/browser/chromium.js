// What the browser checks share: headless Chromium through playwright-core, launched the
// same way for each. Not a check itself.
//
// Needs playwright-core from $CHECK_SITE_HOME (default ~/.cache/check-site, where
// ../shared/tools/check-site-install puts it) and Chromium at $CHROMIUM (/usr/bin/chromium).
'use strict';
const os = require('os');
const path = require('path');

const home = process.env.CHECK_SITE_HOME || path.join(os.homedir(), '.cache', 'check-site');
const { chromium } = require(path.join(home, 'node_modules', 'playwright-core'));

const TIMEOUT = 60000;

// A headless browser with nothing of its own going to the network.
function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: TIMEOUT,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

module.exports = { launch, TIMEOUT };
