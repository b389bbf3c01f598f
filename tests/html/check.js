// check.js FILE.html... - open each page in headless Chromium (Debian's
// /usr/bin/chromium via playwright-core), fail on any network request,
// run axe-core (WCAG 2.x A/AA and best practices) and check that the page
// prints to A4 (on at most N pages for the files after `--max-pages N`).
// Prints "PASS name" / "FAIL name: why" per check.
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function checkPage(browser, file, maxPages) {
  const name = path.basename(file);
  const results = [];
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('file://') && !req.url().startsWith('data:')) requests.push(req.url());
  });
  await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
  results.push(requests.length === 0 ? ['PASS', `${name}-no-network`]
    : ['FAIL', `${name}-no-network`, requests.join(' ')]);
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const v = axe.violations.map((x) => `${x.id} (${x.nodes.length}): ${x.help}`);
  results.push(v.length === 0 ? ['PASS', `${name}-axe (${axe.passes.length} rules passed)`]
    : ['FAIL', `${name}-axe`, v.join('; ')]);
  const svgs = await page.evaluate(() => [...document.querySelectorAll('svg')].filter(
    (s) => s.getAttribute('role') !== 'img' || !s.querySelector('title') || !s.querySelector('title').textContent.trim()).length);
  results.push(svgs === 0 ? ['PASS', `${name}-charts-have-text`] : ['FAIL', `${name}-charts-have-text`, `${svgs} svg without role=img and title`]);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  results.push(pdf.length > 1000 && pages >= 1 ? ['PASS', `${name}-prints-A4 (${pages} pages)`]
    : ['FAIL', `${name}-prints-A4`, `pdf of ${pdf.length} bytes`]);
  if (maxPages)
    results.push(pages <= maxPages ? ['PASS', `${name}-pages (${pages} of at most ${maxPages})`]
      : ['FAIL', `${name}-pages`, `${pages} A4 pages, at most ${maxPages} wanted`]);
  await page.close();
  return results;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  let failed = 0;
  try {
    const args = process.argv.slice(2);
    let maxPages = 0;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--max-pages') { maxPages = Number(args[++i]); continue; }
      const file = args[i];
      for (const [verdict, name, why] of await checkPage(browser, file, maxPages)) {
        console.log(why ? `${verdict} ${name}: ${why}` : `${verdict} ${name}`);
        if (verdict === 'FAIL') failed++;
      }
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log(`FAIL html-check: ${e.message}`); process.exit(1); });
