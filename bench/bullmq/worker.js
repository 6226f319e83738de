'use strict';
// The BullMQ worker: node worker.js <backend> <target> <providerUrl> <concurrency>
// One job per contact; "go" on standard input resumes the paused queue (the moment work is due).
const http = require('node:http');
const { bullmq, connect, QUEUE } = require('./common');

// One keep-alive connection per launch in flight, as a production worker would pool them.
function post(url, agent, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers, timeout: 5000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('timeout', () => request.destroy(new Error('provider did not answer in time')));
    request.on('error', reject);
    request.end(body);
  });
}

async function main() {
  const [backend, target, providerUrl, concurrency] = process.argv.slice(2);
  const connection = connect(backend, target);
  const queue = new bullmq.Queue(QUEUE, { connection });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
  const worker = new bullmq.Worker(
    QUEUE,
    async (job) => {
      const body = JSON.stringify({ phone: job.data.phone, campaignId: job.data.campaignId });
      const status = await post(
        providerUrl,
        agent,
        { 'content-type': 'application/json', 'idempotency-key': 'bq-' + job.id },
        body,
      );
      if ((status < 200 || status >= 300) && status !== 409) {
        throw new Error('provider answered ' + status);
      }
    },
    {
      connection,
      concurrency: Number(concurrency),
      // Bounded history, as BullMQ's documentation recommends for high volumes, in the form that
      // is cheap on each backend: Redis trims a sorted set to the newest 1,000 (removing each job
      // at once made it three times slower there), while the PostgreSQL backend runs a
      // DELETE ... NOT IN (the newest 1,000) at every completion, which halved its rate, so there
      // a completed job is removed at once (bench/README.md).
      removeOnComplete: backend === 'postgres' ? true : { count: 1000 },
      removeOnFail: { count: 5000 },
    },
  );
  worker.on('error', (e) => console.error('worker error', e));
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  process.stdin.on('data', (data) => {
    if (String(data).includes('go')) {
      queue.resume().catch((e) => console.error('resume failed', e));
    }
  });
  console.log('READY');
}

main().catch((e) => { console.error(e); process.exit(1); });
