import http from 'node:http';
import { Pool } from 'pg';
import { orderListQuery } from '../../src/orders/orders.repository';

/**
 * The benchmark's baseline: plain node:http and pg running the very SQL of the API's order list, with no
 * framework, no authentication, no validation, no logging. What the API adds costs what it costs next to this.
 * Usage: node baseline-server.js <database url> <partner id> <port>
 */
const [url, partnerId, port] = process.argv.slice(2);
const pool = new Pool({ connectionString: url, max: 20 }); // the API's pool size

http
  .createServer(async (req, res) => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    const query = orderListQuery(partnerId, {
      q: params.get('q') ?? undefined,
      limit: Number(params.get('limit') ?? 25),
    });
    const { rows } = await pool.query(query.text, query.values);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: rows.slice(0, query.limit) }));
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
