import { Router } from 'express';
import { PROBLEMS, ProblemCode } from './problem';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** `code` spans in the registry's text become <code> in HTML. */
const inline = (text: string): string => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} – Partnerweb API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#f2f2f2;padding:0 .2em}dt{font-weight:600}</style>
</head><body>${body}<p><a href="/problems">All problem types</a> · <a href="/docs">API reference</a></p></body></html>`;
}

function problemJson(code: ProblemCode) {
  return { type: `/problems/${code}`, code, ...PROBLEMS[code] };
}

/**
 * The problem pages: each problem answer's `type` (`/problems/<code>`) opens a page with the cause and the fix,
 * HTML for a browser and JSON otherwise, made from the one registry (PROBLEMS).
 */
export function problemPages(): Router {
  const router = Router();
  router.get('/problems', (req, res) => {
    const codes = Object.keys(PROBLEMS) as ProblemCode[];
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') {
      const items = codes.map(
        (code) =>
          `<li><a href="/problems/${code}"><code>${code}</code></a> (${PROBLEMS[code].status}): ${escape(PROBLEMS[code].title)}</li>`,
      );
      res.type('html').send(page('Problem types', `<h1>Problem types</h1><ul>${items.join('')}</ul>`));
      return;
    }
    res.json({ data: codes.map(problemJson) });
  });
  router.get('/problems/:code', (req, res, next) => {
    const code = req.params.code as ProblemCode;
    if (!Object.hasOwn(PROBLEMS, code)) return next();
    const problem = PROBLEMS[code];
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') {
      res.type('html').send(
        page(
          problem.title,
          `<h1>${escape(problem.title)}</h1><p><code>${code}</code> · HTTP ${problem.status}</p>
<dl><dt>Cause</dt><dd>${inline(problem.cause)}</dd><dt>Fix</dt><dd>${inline(problem.fix)}</dd></dl>`,
        ),
      );
      return;
    }
    res.json(problemJson(code));
  });
  return router;
}
