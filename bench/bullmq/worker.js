'use strict';
// The BullMQ worker: node worker.js <backend> <target> <providerUrl> <concurrency>
// One job per contact; "go" on standard input resumes the paused queue (the moment work is due).
const { bullmq, connect, QUEUE } = require('./common');

async function main() {
  const [backend, target, providerUrl, concurrency] = process.argv.slice(2);
  const connection = connect(backend, target);
  const queue = new bullmq.Queue(QUEUE, { connection });
  const worker = new bullmq.Worker(
    QUEUE,
    async (job) => {
      // Node's fetch keeps connections alive (undici); one request per job.
      const response = await fetch(providerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'bq-' + job.id },
        body: JSON.stringify({ phone: job.data.phone, campaignId: job.data.campaignId }),
        signal: AbortSignal.timeout(5000),
      });
      await response.text();
      if (!response.ok && response.status !== 409) {
        throw new Error('provider answered ' + response.status);
      }
    },
    {
      connection,
      concurrency: Number(concurrency),
      // Bounded history, as BullMQ's documentation recommends for high volumes.
      removeOnComplete: { count: 1000 },
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
