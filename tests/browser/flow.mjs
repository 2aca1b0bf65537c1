// The browser test: a PDRM officer signs in, creates a case, sees it counted on the dashboard,
// switches to Malay, is refused a case of another agency and signs out; an admin's pages and a
// phone-sized page are looked at too. No page may log an error (a CSP violation would). Every
// page is saved as a screenshot in $SHOTS.
import { createRequire } from 'module';
import assert from 'assert/strict';

const require = createRequire(process.env.NODE_DIR + '/package.json');
const { chromium } = require('playwright-core');

const BASE = process.env.BASE;
const SHOTS = process.env.SHOTS;
const problems = [];

const context = await chromium.launchPersistentContext(process.env.PROFILE, {
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	viewport: { width: 1280, height: 900 },
	locale: 'en-GB',
});
context.setDefaultTimeout(20000);
const page = context.pages()[0] || await context.newPage();
// Chromium logs every 4xx answer as an error; those the flow asks for (a form with mistakes, a
// refused case) are expected. Anything else, a CSP violation above all, is a problem.
page.on('console', (m) => {
	if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4(04|22)/.test(m.text()))
		problems.push(`console: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

async function shot(name) {
	await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

// The six figures under the statement: "58 TIP cases" -> 58.
async function tipCases() {
	const first = await page.locator('ul.figures li strong').first().textContent();
	return Number(first.replace(/,/g, ''));
}

let step = 'start';
try {
	step = 'public page';
	let r = await page.goto(`${BASE}/public`);
	assert.equal(r.status(), 200);
	assert.match(await page.locator('blockquote.statement').textContent(), /As of June 2021/);
	await shot('public');

	step = 'sign in';
	await page.getByRole('link', { name: 'Sign in' }).click();
	await page.getByLabel('Username').fill('pdrm');
	await page.getByLabel('Password').fill('pdrm-pass-1');
	await shot('sign-in');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/dashboard$/);
	assert.equal(await page.locator('h1').textContent(), 'Dashboard');
	// four charts of cases and arrests, and the demo's victims by identification status and its
	// protection orders by outcome
	assert.equal(await page.locator('figure.chart svg').count(), 6);
	assert.equal(await page.locator('figure#victims-by-status svg').count(), 1);
	assert.equal(await page.locator('figure#orders-by-outcome svg').count(), 1);
	const before = await tipCases();
	await shot('dashboard');

	step = 'create a case';
	await page.getByRole('link', { name: 'New case' }).click();
	await page.getByLabel('Kind').selectOption('TIP');
	await page.getByLabel('Action date').fill('2021-06-15');
	await page.getByLabel('State').selectOption('MY-10');
	await page.locator('input[name="offence"][value="12"]').check();
	await page.locator('input[name="form"][value="forced-labour"]').check();
	await page.getByLabel('Summary').fill('Browser test: a plantation raid (synthetic)');
	await shot('case-form');
	// first a mistake: no state; the message appears beside the field
	await page.getByLabel('State').selectOption('');
	await page.getByRole('button', { name: 'Save' }).click();
	assert.equal(await page.locator('#e-state').count(), 1, 'error beside the state field');
	await shot('case-form-errors');
	await page.getByLabel('State').selectOption('MY-10');
	await page.getByRole('button', { name: 'Save' }).click();
	await page.waitForURL(/\/cases\/PDRM\/2021\/\d+\?saved=1$/);
	assert.match(await page.locator('.flash.ok').textContent(), /saved/);
	const ref = (await page.locator('h1').textContent()).replace(/^TIP\s*/, '').trim();
	await shot('case');

	step = 'counted on the dashboard';
	await page.getByRole('link', { name: 'Dashboard' }).click();
	assert.equal(await tipCases(), before + 1, 'the new case is counted');
	await page.getByRole('link', { name: 'Cases', exact: true }).click();
	await page.getByLabel('Search reference or summary').fill('plantation raid (synthetic)');
	await page.getByRole('button', { name: 'Filter' }).click();
	assert.equal(await page.locator('table.cases tbody tr').count(), 1);
	assert.equal((await page.locator('table.cases tbody th a').textContent()).trim(), ref);
	await page.goto(`${BASE}/cases`);
	await shot('cases');

	step = 'switch language';
	await page.goto(`${BASE}/dashboard`);
	await page.getByRole('link', { name: 'Bahasa Melayu' }).click();
	await page.waitForURL(/\/dashboard$/);
	assert.equal(await page.locator('html').getAttribute('lang'), 'ms');
	assert.match(await page.locator('blockquote.statement').textContent(), /^Sehingga Jun 2021/);
	await shot('dashboard-ms');

	step = 'refused a case of another agency';
	const login = await fetch(`${BASE}/api/v1/sessions`, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username: 'admin', password: 'admin-pass-1' }),
	});
	const { token } = await login.json();
	const list = await (await fetch(`${BASE}/api/v1/cases?agency=JIM&limit=1`,
		{ headers: { Authorization: `Bearer ${token}` } })).json();
	const jimRef = list.cases[0].case_ref;
	r = await page.goto(`${BASE}/cases/${jimRef}`);
	assert.equal(r.status(), 404, 'another agency\'s case looks absent');
	assert.equal(await page.locator('h1').count(), 1);
	assert.doesNotMatch(await page.content(), new RegExp(list.cases[0].summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
	await shot('refused');

	step = 'sign out';
	await page.locator('form[action="/sign-out"] button').click();
	await page.waitForURL(/\/sign-in$/);
	r = await page.goto(`${BASE}/dashboard`);
	assert.match(page.url(), /\/sign-in\?next=/, 'signed out: the dashboard asks to sign in');
	await shot('signed-out');

	step = 'admin pages';
	await page.getByLabel(/Username|Nama pengguna/).fill('admin');
	await page.getByLabel(/Password|Kata laluan/).fill('admin-pass-1');
	await page.locator('form[action="/sign-in"] button').click();
	await page.waitForURL(/\/dashboard$/);
	for (const p of ['users', 'audit', 'import']) {
		r = await page.goto(`${BASE}/${p}`);
		assert.equal(r.status(), 200, p);
		await shot(p);
	}
	await page.goto(`${BASE}/cases/${ref}`);
	await shot('case-admin');

	step = 'identification';
	const { victims } = await (await fetch(`${BASE}/api/v1/protection/victims?limit=1000`,
		{ headers: { Authorization: `Bearer ${token}` } })).json();
	const v = victims.find((x) => x.trafficking_status === 'possible');
	await page.goto(`${BASE}/protection/persons/${encodeURIComponent(v.person_ref)}/identification?case=${encodeURIComponent(v.case_ref)}`);
	const screen = page.locator('form#screen');
	await screen.getByLabel('Screening organisation').fill('JKM');
	await screen.getByLabel('Screened on').fill('2021-06-20');
	await screen.getByLabel('Outcome').selectOption('actual');
	await screen.getByLabel('Debt bondage').check();
	await screen.getByLabel('Threats').check();
	await shot('identification-form');
	await Promise.all([page.waitForURL(/\/identification\?saved=1$/),
		screen.getByRole('button', { name: 'Record a screening' }).click()]);
	assert.match(await page.locator('section[aria-labelledby="h-screenings"] table').textContent(), /Debt bondage; Threats/);
	const decide = page.locator('form#status');
	await decide.getByLabel('Trafficking status').selectOption('actual');
	await decide.getByLabel('Deciding organisation').fill('JKM');
	await decide.getByLabel('Decided on').fill('2021-06-21');
	await decide.getByLabel('Reason').fill('Indicators confirmed at the interview (synthetic)');
	// the same address as after the screening: wait for the new page itself
	await Promise.all([page.waitForEvent('framenavigated'),
		decide.getByRole('button', { name: 'Record an identification decision' }).click()]);
	await page.waitForLoadState();
	assert.match(page.url(), /\/identification\?saved=1$/);
	assert.match(await page.locator('section[aria-labelledby="h-decisions"] table').textContent(), /Indicators confirmed/);
	await shot('identification');

	step = 'tier pages';
	r = await page.goto(`${BASE}/tier/history?country=MYS`);
	assert.equal(r.status(), 200);
	assert.equal(await page.locator('figure.tier-chart svg .wl-band').count(), 1, 'the Watch List band');
	await shot('tier-history');
	await page.getByRole('link', { name: 'Outlook', exact: true }).click();
	await page.getByLabel('Report year', { exact: true }).selectOption('2021');
	await page.getByRole('button', { name: 'Show' }).click();
	await page.waitForURL(/\/tier\/outlook\?year=2021/);
	assert.match(await page.locator('table.tier-outlook').textContent(), /no waiver remains, so a 2021 placement below Tier 2 is Tier 3 by law/);
	await shot('tier-outlook');
	await page.getByRole('link', { name: 'Evidence', exact: true }).click();
	await page.waitForURL(/\/tier\/evidence/);
	assert.equal(await page.locator('table.tier-evidence').count() >= 2, true, 'TIP and SOM tables');
	await shot('tier-evidence');

	step = 'on a phone';
	await page.setViewportSize({ width: 390, height: 844 });
	for (const p of ['public', 'dashboard', 'cases']) {
		await page.goto(`${BASE}/${p}`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 1, `${p} fits a phone's width (overflow ${overflow}px)`);
		await shot(`${p}-phone`);
	}
	await page.goto(`${BASE}/tier/history?country=MYS`);
	const tierOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(tierOverflow <= 1, `the tier history fits a phone's width (overflow ${tierOverflow}px)`);
	await shot('tier-history-phone');
	assert.deepEqual(problems, [], 'no console errors or CSP violations');
	console.log('browser flow: all steps passed');
} catch (e) {
	console.error(`browser flow failed at "${step}": ${e.message}`);
	for (const p of problems)
		console.error(p);
	try { await shot(`failure-${step.replace(/\W+/g, '-')}`); } catch { /* the page may be gone */ }
	process.exitCode = 1;
} finally {
	await context.close();
}
