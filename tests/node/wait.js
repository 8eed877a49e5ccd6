// The naive peer of Wait-MpsAigcVideoTask, as users write it by hand with the official Node SDK: every task
// polled on its own every 2 s until DONE or FAIL, errors logged and polled again.
// Usage: node wait.js <port> <timeoutSeconds> --ids-file FILE [--image]; prints one summary line of JSON.
// With --image the tasks are image tasks (DescribeAigcImageTask).
'use strict';
const fs = require('fs');
const { createClient } = require('./client');

const [port, timeoutText, , idsFile] = process.argv.slice(2);
const ids = fs.readFileSync(idsFile, 'utf8').split(/\r?\n/).filter(Boolean);
const deadline = Date.now() + Number(timeoutText) * 1000;
const action = process.argv.includes('--image') ? 'DescribeAigcImageTask' : 'DescribeAigcVideoTask';
const { client, agent } = createClient(port);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(id, counters) {
  while (Date.now() < deadline) {
    try {
      counters.requests++;
      const response = await client[action]({ TaskId: id });
      if (response.Status === 'DONE' || response.Status === 'FAIL') {
        counters.finished++;
        return;
      }
    } catch (error) {
      counters.errors++;
    }
    await sleep(2000);
  }
}

async function main() {
  const counters = { requests: 0, errors: 0, finished: 0 };
  const started = process.hrtime.bigint();
  await Promise.all(ids.map((id) => waitFor(id, counters)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ summary: { tasks: ids.length, finished: counters.finished, requests: counters.requests, errors: counters.errors, elapsedSeconds: elapsed } }));
  agent.destroy();
}

main().catch((error) => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});
