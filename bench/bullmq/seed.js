'use strict';
// Enqueues one job per contact into a paused queue: node seed.js <backend> <target> <C> <K>
const { bullmq, connect, QUEUE, phone } = require('./common');

async function main() {
  const [backend, target, campaigns, contactsEach] = process.argv.slice(2);
  const connection = connect(backend, target);
  const queue = new bullmq.Queue(QUEUE, { connection });
  await queue.waitUntilReady();
  await queue.pause();
  const total = Number(campaigns) * Number(contactsEach);
  for (let start = 0; start < total; start += 1000) {
    const jobs = [];
    for (let i = start; i < Math.min(total, start + 1000); i++) {
      const campaignId = Math.floor(i / Number(contactsEach)) + 1;
      jobs.push({ name: 'call', data: { campaignId, phone: phone(i) } });
    }
    await queue.addBulk(jobs);
  }
  console.log(`seeded ${total} jobs`);
  await queue.close();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
