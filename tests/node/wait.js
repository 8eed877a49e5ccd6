// The naive peer of Wait-MpsAigcVideoTask, as users write it by hand with the official Node SDK: every task
// polled on its own every 2 s until DONE or FAIL, errors logged and polled again.
// Usage: node wait.js <port> <timeoutSeconds> --ids-file FILE; prints one summary line of JSON.
'use strict';
const http = require('http');
const fs = require('fs');
const tencentcloud = require('tencentcloud-sdk-nodejs-mps');

const [port, timeoutText, , idsFile] = process.argv.slice(2);
const ids = fs.readFileSync(idsFile, 'utf8').split(/\r?\n/).filter(Boolean);
const deadline = Date.now() + Number(timeoutText) * 1000;

const agent = new http.Agent({
  keepAlive: true,
  lookup: (host, options, callback) => options && options.all
    ? callback(null, [{ address: '127.0.0.1', family: 4 }])
    : callback(null, '127.0.0.1', 4),
});
const client = new tencentcloud.mps.v20190612.Client({
  credential: { secretId: process.env.TENCENTCLOUD_SECRET_ID, secretKey: process.env.TENCENTCLOUD_SECRET_KEY },
  region: '',
  profile: { httpProfile: { endpoint: `mps.emulator.local:${port}`, protocol: 'http://', agent, reqTimeout: 30 } },
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(id, counters) {
  while (Date.now() < deadline) {
    try {
      counters.requests++;
      const response = await client.DescribeAigcVideoTask({ TaskId: id });
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
