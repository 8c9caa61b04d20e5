import http from 'node:http';
import express from 'express';
import { Pool } from 'pg';
import { createAppServer } from '../../src/common/app-server';
import { orderListQuery } from '../../src/orders/orders.repository';

/**
 * A reference point between the baseline and the API: the baseline's handler inside a bare Express 5 app (one
 * route, nothing else). The gap from the baseline to this is Express's own cost; from this to the API, the
 * layers the API adds (authentication, validation, security headers, rate limit, request id, DTO mapping).
 * Usage: node express-server.js <database url> <partner id> <port> [app-server]
 * With `app-server`, the app is served as the API serves it (createAppServer: requests and responses made with
 * Express's prototypes), to tell what that saves Express itself from what it saves the API's layers.
 */
const [url, partnerId, port, serve] = process.argv.slice(2);
const pool = new Pool({ connectionString: url, max: 20 }); // the API's pool size

const app = express();
app.set('etag', false);
app.get('/v1/orders', async (req, res) => {
  const q = typeof req.query.q === 'string' ? req.query.q : undefined;
  const query = orderListQuery(partnerId, { q, limit: Number(req.query.limit ?? 25) });
  const { rows } = await pool.query(query.text, query.values);
  res.json({ data: rows.slice(0, query.limit) });
});
const server = serve === 'app-server' ? createAppServer(app) : http.createServer(app); // app.listen's server
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
