// Drives the official Tencent Cloud Node SDK against the emulator.
// Usage: node describe.js <port> <concurrency> <id>... (or --ids-file FILE); credentials from
// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY. Prints one JSON line per id, in input order, then a
// summary line {"summary":{...}} with the elapsed time and the CPU seconds this process used.
'use strict';
const fs = require('fs');
const { createClient } = require('./client');

const [port, concurrencyText, ...rest] = process.argv.slice(2);
const ids = rest[0] === '--ids-file'
  ? fs.readFileSync(rest[1], 'utf8').split(/\r?\n/).filter(Boolean)
  : rest;
const concurrency = Math.max(1, parseInt(concurrencyText, 10) || 1);
const { client, agent } = createClient(port);

async function main() {
  const results = new Array(ids.length);
  let next = 0;
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < ids.length) {
      const index = next++;
      try {
        const response = await client.DescribeAigcVideoTask({ TaskId: ids[index] });
        results[index] = { TaskId: ids[index], Status: response.Status, VideoUrls: response.VideoUrls || [], RequestId: response.RequestId };
      } catch (error) {
        results[index] = { TaskId: ids[index], Error: error.code || String(error.message || error) };
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  for (const result of results) {
    console.log(JSON.stringify(result));
  }
  console.log(JSON.stringify({ summary: { requests: ids.length, elapsedSeconds: elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6 } }));
  agent.destroy();
}

main().catch((error) => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});
