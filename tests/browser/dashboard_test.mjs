// Browser test of the dashboard (ctest browser.dashboard, via run_dashboard_test.sh): Debian's
// chromium, headless, driven by playwright-core. Signs in with the token, checks runs,
// submissions, chart and rejects, filters the query list, downloads it and saves a screenshot.
// Usage: node dashboard_test.mjs URL TOKEN OUTPUT_DIR PUBLISHED_QUERY_CSV
import { chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// playwright-core lives in the build folder (PLAYWRIGHT_DIR), not beside this file.
const { chromium } = createRequire(join(process.env.PLAYWRIGHT_DIR, 'package.json'))('playwright-core');

const [url, token, outDir, publishedCsv] = process.argv.slice(2);

function check(condition, what) {
  if (!condition) throw new Error('FAILED: ' + what);
  console.log('ok - ' + what);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // Root in CI containers has no user namespaces for chromium's sandbox.
  chromiumSandbox: false,
});
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push(e.message));
  page.on('requestfailed', (r) => failures.push('request failed: ' + r.url()));
  await page.goto(url, { timeout: 15000 });

  await page.waitForSelector('#login:not([hidden])', { timeout: 10000 });
  check(await page.isHidden('#dashboard'), 'the dashboard stays hidden until the token is given');
  await page.fill('#token', 'not-the-token');
  await page.click('#login-form button');
  await page.waitForSelector('#login-error:not([hidden])', { timeout: 10000 });
  check((await page.textContent('#login-error')).includes('refused'), 'a wrong token is refused');

  await page.fill('#token', token);
  await page.click('#login-form button');
  await page.waitForSelector('#query-table', { timeout: 10000 });
  check(await page.isHidden('#login'), 'the right token opens the dashboard');

  const runRows = await page.$$eval('#runs tbody tr', (rows) => rows.map((r) => r.textContent));
  check(runRows.length === 1 && runRows[0].includes('2026-10') && runRows[0].includes('ok'),
    'the fixture run is listed with its period and status');
  check((await page.textContent('#no-submissions')).includes('No submissions yet'),
    'submissions say none until the ledger exists');
  check((await page.$$('#open-chart rect.bar')).length === 1, 'the chart has a bar for 2026-10');
  const rejects = await page.textContent('#rejects-table');
  check(rejects.includes('nhft_inpatients') && rejects.includes('AT-R023'),
    'rejects are grouped by source and rule');

  const allRows = await page.$$('#query-table tbody tr');
  check(allRows.length === 12, 'all 12 open queries are listed (got ' + allRows.length + ')');
  check(!(await page.content()).includes('9991205845'), 'NHS numbers are masked on the page');
  await page.selectOption('#filter-reason', 'AT_ONLY');
  const filtered = await page.$$eval('#query-table tbody tr', (rows) => rows.map((r) => r.textContent));
  check(filtered.length === 1 && filtered[0].includes('Qefc5794fc033'),
    'filtering by reason AT_ONLY leaves the one AT_ONLY query');
  check((await page.textContent('#query-count')).startsWith('1 of 12'), 'the count says 1 of 12');
  await page.selectOption('#filter-reason', '');
  await page.selectOption('#filter-owner', 'QPM (commissioner)');
  check((await page.$$('#query-table tbody tr')).length === 2, 'filtering by owner QPM leaves 2');

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10000 }),
    page.click('#downloads a[data-file="queries_QPM_2026-10.csv"]'),
  ]);
  const saved = join(outDir, download.suggestedFilename());
  await download.saveAs(saved);
  chmodSync(saved, 0o600);  // a query list, even of fictional people, is kept private
  check(download.suggestedFilename() === 'queries_QPM_2026-10.csv', 'the download keeps its name');
  check(readFileSync(saved, 'utf8') === readFileSync(publishedCsv, 'utf8'),
    'the downloaded query list is the published file, byte for byte');

  await page.screenshot({ path: join(outDir, 'dashboard.png'), fullPage: true });
  console.log('screenshot: ' + join(outDir, 'dashboard.png'));
  check(failures.length === 0, 'no script errors or failed requests (' + failures.join('; ') + ')');
} finally {
  await browser.close();
}
