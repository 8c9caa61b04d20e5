import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { as } from './support/fixtures';

/** A small but well-formed PDF; `signed` adds a signature dictionary as signing tools write it. */
function pdf(text: string, signed = false): Buffer {
  const signature = signed
    ? '4 0 obj << /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 100 200 300] /Contents <00> >> endobj\n'
    : '';
  return Buffer.from(
    `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
      `3 0 obj << /Title (${text}) >> endobj\n${signature}trailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('powers of attorney', function () {
  this.timeout(30_000);

  it('hands over a PDF: stored with its SHA-256, kept ten years, downloaded byte for byte by its partner only', async () => {
    const nordlys = await as('nordlys');
    const file = pdf(`Fullmakt ${randomBytes(8).toString('hex')}`, true);
    const stored = await nordlys
      .post('/v1/powers-of-attorney')
      .attach('file', file, { filename: 'fullmakt-Ærøy.pdf', contentType: 'application/pdf' })
      .expect(201);
    assert.equal(stored.body.sha256, createHash('sha256').update(file).digest('hex'));
    assert.equal(stored.body.sizeBytes, file.length);
    assert.equal(stored.body.filename, 'fullmakt-Ærøy.pdf');
    assert.equal(stored.body.digitallySigned, true);
    assert.equal(Number(stored.body.keepUntil.slice(0, 4)) - Number(stored.body.uploadedAt.slice(0, 4)), 10);

    const download = await nordlys
      .get(`/v1/powers-of-attorney/${stored.body.id}/content`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.ok((download.body as Buffer).equals(file), 'byte for byte');
    assert.match(download.headers['content-disposition'], /filename\*=UTF-8''fullmakt-%C3%86r%C3%B8y\.pdf/);
    assert.equal(download.headers['repr-digest'], `sha-256=:${createHash('sha256').update(file).digest('base64')}:`);
    assert.ok(
      (await nordlys.get('/v1/powers-of-attorney')).body.data.some((d: { id: string }) => d.id === stored.body.id),
    );

    const fjordheim = await as('fjordheim');
    await fjordheim.get(`/v1/powers-of-attorney/${stored.body.id}`).expect(404);
    await fjordheim.get(`/v1/powers-of-attorney/${stored.body.id}/content`).expect(404);
    const duplicate = await nordlys
      .post('/v1/powers-of-attorney')
      .attach('file', file, { filename: 'igjen.pdf', contentType: 'application/pdf' })
      .expect(409);
    assert.equal(duplicate.body.code, 'duplicate-document');
  });

  it('refuses what is not a PDF, a truncated PDF, a file over 10 MB and a request without a file', async () => {
    const nordlys = await as('nordlys');
    const notPdf = await nordlys
      .post('/v1/powers-of-attorney')
      .attach('file', Buffer.from('GIF89a...'), { filename: 'bilde.pdf', contentType: 'application/pdf' })
      .expect(400);
    assert.equal(notPdf.body.errors[0].field, 'file');
    const truncated = pdf('avkuttet').subarray(0, 60);
    await nordlys
      .post('/v1/powers-of-attorney')
      .attach('file', truncated, { filename: 'halv.pdf', contentType: 'application/pdf' })
      .expect(400);
    const big = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    const tooBig = await nordlys
      .post('/v1/powers-of-attorney')
      .attach('file', big, { filename: 'stor.pdf', contentType: 'application/pdf' });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.code, 'payload-too-large');
    const none = await nordlys.post('/v1/powers-of-attorney').field('other', 'x').expect(400);
    assert.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8');
    const json = await nordlys.post('/v1/powers-of-attorney').send({ file: 'JVBERi0=' }).expect(415);
    assert.equal(json.body.code, 'unsupported-media-type');
    await (await as('nordlys', 'orders:read')).get('/v1/powers-of-attorney').expect(403);
  });
});
