'use strict';
// Connection settings shared by seed.js and worker.js. backend: "redis" (target: a port) or
// "postgres" (target: a connection URI), the latter through BullMQ's PostgreSQL backend.
const bullmq = require('bullmq');

function connect(backend, target) {
  if (backend === 'postgres') {
    bullmq.setDefaultBackendFactory(bullmq.createPostgresBackend);
    return { connectionString: target, migrate: true };
  }
  // BullMQ's workers need maxRetriesPerRequest: null (its documentation).
  return { host: '127.0.0.1', port: Number(target), maxRetriesPerRequest: null };
}

const QUEUE = 'calls';

// The same phones as every other system: contact i (0-based) over all campaigns.
function phone(i) {
  return '+1' + String(2000000000 + i);
}

module.exports = { bullmq, connect, QUEUE, phone };
