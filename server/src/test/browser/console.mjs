// The browser's half of a console scenario. The Java test (ConsoleBrowser.java) owns the hub, the peers and the API;
// it starts one scenario script per test with node, and this module gives the script:
//   - scenario(run): Debian's headless Chromium through playwright-core, one fresh context, closed at the end; a
//     screenshot "failed-<scenario>" is taken when the run throws;
//   - facts: what the Java test set up (ids, titles, dates), from GODSTART_FACTS;
//   - ask(question, data): asks the Java test to do what only it can (bring a receiver back, store a referral, wait
//     for a delivery) and waits for its answer. The line protocol: "@@ask {json}" on stdout, one JSON line back on
//     stdin, {"value": ...} or {"error": "..."}.
// Screenshots go to GODSTART_SCREENSHOTS (server/target/console-screenshots/).
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const origin = required('GODSTART_ORIGIN');
const screenshots = process.env.GODSTART_SCREENSHOTS ?? 'screenshots';
const executablePath = process.env.GODSTART_CHROMIUM ?? '/usr/bin/chromium';
const timeout = 20_000;

export const facts = JSON.parse(process.env.GODSTART_FACTS ?? '{}');

const input = createInterface({ input: process.stdin });
const answers = input[Symbol.asyncIterator]();

export async function ask(question, data = {}) {
  process.stdout.write(`@@ask ${JSON.stringify({ question, data })}\n`);
  const { value, done } = await answers.next();
  if (done) {
    throw new Error(`the test stopped answering before "${question}"`);
  }
  const answer = JSON.parse(value);
  if (answer.error !== undefined) {
    throw new Error(`the test could not "${question}": ${answer.error}`);
  }
  return answer.value;
}

export async function scenario(run) {
  const name = basename(process.argv[1], '.mjs');
  mkdirSync(screenshots, { recursive: true });
  // the flags keep a root, offline machine's Chromium from reaching for Google's services at every start
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(timeout);
  const console = new Console(await context.newPage());
  try {
    await run(console);
    process.stdout.write(`@@done ${name}\n`);
  } catch (failure) {
    await console.screenshot(`failed-${name}`).catch(() => {});
    process.stdout.write(`@@failed ${name} at ${console.page.url()}\n`);
    process.stdout.write(`${failure.stack ?? failure}\n`);
    process.exitCode = 1;
  } finally {
    await browser.close();
    input.close();
  }
}

/** The console as an operator's browser sees it. */
class Console {
  constructor(page) {
    this.page = page;
  }

  async open(path) {
    const response = await this.page.goto(origin + path);
    return response?.status();
  }

  /** Signs in at the console's sign-in page (the hub's own issuer on the embedded default) and waits for the overview. */
  async signIn(user, password) {
    await this.open('/console');
    if (!this.page.url().includes('/console/signin')) {
      throw new Error(`not sent to the sign-in: ${this.page.url()}`);
    }
    await this.page.getByLabel('User name').fill(user);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForURL(/\/console$/);
    await this.page.locator('h1').waitFor();
  }

  /** The visible text of the first element the selector finds, waiting for it to be there. */
  async text(selector) {
    return (await this.page.locator(selector).first().innerText()).trim();
  }

  async heading() {
    return this.text('h1');
  }

  /** Reloads the page until the text of the selector satisfies the predicate; throws with the last text otherwise. */
  async reloadUntil(selector, predicate, what, within = 30_000) {
    const until = Date.now() + within;
    let last;
    for (;;) {
      last = await this.text(selector).catch((e) => `(${e.message})`);
      if (predicate(last)) {
        return last;
      }
      if (Date.now() > until) {
        throw new Error(`${what}: still "${last}" after ${within} ms`);
      }
      await this.page.waitForTimeout(500);
      await this.page.reload();
    }
  }

  async screenshot(name) {
    await this.page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  }
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the scenario is started by ConsoleBrowser.java`);
  }
  return value;
}
