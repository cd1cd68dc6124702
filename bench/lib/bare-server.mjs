// The baseline: node:http + pg answering the same row the API's status lookup reads.
import http from 'node:http';
import { pg } from './env.mjs';

const [, , databaseUrl, port, poolSize] = process.argv;
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(poolSize) });
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  try {
    const { rows } = await pool.query(
      'SELECT phone, line_type, state, unregistered_kind, registered, double_stopped_on FROM phone_number WHERE tenant_id = $1 AND id = $2',
      [url.searchParams.get('tenant'), url.searchParams.get('id')],
    );
    res.writeHead(rows[0] ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(rows[0] ?? null));
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
