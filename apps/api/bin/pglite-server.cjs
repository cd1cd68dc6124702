#!/usr/bin/env node
// The embedded PostgreSQL (PGlite, Postgres in WebAssembly) served over the wire protocol, in
// its own process, so the ordinary `pg` driver and TypeORM talk to it exactly as to a server.
// Usage: node pglite-server.cjs <dataDir> <port>. Prints "READY <port>" on stdout when listening.
// PGlite is ONE database session shared by every connection: the API uses a pool of 1.
'use strict';
const { mkdirSync } = require('node:fs');

async function main() {
  const [dataDir, portArg] = process.argv.slice(2);
  if (!dataDir || !portArg) {
    process.stderr.write('usage: pglite-server.cjs <dataDir> <port>\n');
    process.exit(2);
  }
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = require('@electric-sql/pglite');
  const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({
    db,
    port: Number(portArg),
    host: '127.0.0.1',
    maxConnections: 4,
  });
  await server.start();
  process.stdout.write(`READY ${portArg}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent owns us: when it goes away (its IPC channel closes), stop and flush.
  process.on('disconnect', stop);
}

main().catch((err) => {
  process.stderr.write(`embedded database failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
