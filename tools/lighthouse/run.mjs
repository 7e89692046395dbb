// Lighthouse 12 in its default mode (mobile form factor, simulated slow 4G
// and a 4x slower CPU) on each URL given, one Chromium for all of them.
//
//   node run.mjs [--header 'Cookie: a=b'] URL [URL ...]
//
// A --header applies to the URLs after it. Prints one JSON object: per URL
// the four category scores (0-100), the metrics behind the performance score
// and the titles of the audits that failed, for a readable test failure.
// CHROME_PATH names the browser (/usr/bin/chromium in this project).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "speed-index",
  "total-blocking-time",
  "cumulative-layout-shift",
];

const runs = [];
let headers = {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--header") {
    const [name, ...value] = args[++i].split(":");
    headers = { ...headers, [name.trim()]: value.join(":").trim() };
  } else {
    runs.push({ url: args[i], headers });
    headers = {};
  }
}
if (runs.length === 0) {
  console.error("usage: node run.mjs [--header 'Name: value'] URL [URL ...]");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
});
const results = {};
try {
  for (const { url, headers: extraHeaders } of runs) {
    const runner = await lighthouse(url, {
      port: chrome.port,
      logLevel: "error",
      output: "json",
      onlyCategories: CATEGORIES,
      extraHeaders,
    });
    const lhr = runner.lhr;
    if (lhr.runtimeError) {
      results[url] = { error: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` };
      continue;
    }
    const scores = {};
    const failed = {};
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      failed[id] = category.auditRefs
        .filter((ref) => ref.weight > 0 || id === "performance")
        .map((ref) => lhr.audits[ref.id])
        .filter((audit) => audit.score !== null && audit.score < 0.9)
        .filter((audit) => audit.scoreDisplayMode !== "informative")
        .map((audit) => `${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
    }
    const metrics = Object.fromEntries(
      METRICS.map((id) => [id, lhr.audits[id].displayValue]),
    );
    results[url] = {
      scores,
      metrics,
      failed,
      warnings: lhr.runWarnings,
      finalUrl: lhr.finalDisplayedUrl,
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
