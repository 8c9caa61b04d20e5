import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { schemaErrors, spec } from './support/spec-schemas';

/** The webhook guide in the README: one example payload per event type, each valid against its schema. */
describe("the README's webhook guide", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const guide = readme.slice(
    readme.indexOf('#### Every event, with an example payload'),
    readme.indexOf('### The events feed'),
  );
  const examples = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));

  it('shows every webhook event type of the spec once', () => {
    assert.deepEqual(examples.map((e) => e.type).sort(), Object.keys(spec.webhooks).sort());
  });

  it('each example payload is valid against the schema the spec names for its type', () => {
    for (const example of examples) {
      const body = spec.webhooks[example.type].post.requestBody.content['application/json'].schema;
      assert.deepEqual(schemaErrors(body, example), [], `${example.type}`);
    }
  });

  it('a payload that breaks its schema is caught (the check can fail)', () => {
    const body = spec.webhooks['order.created'].post.requestBody.content['application/json'].schema;
    assert.notDeepEqual(schemaErrors(body, { ...examples[0], data: { ...examples[0].data, kind: 'gift' } }), []);
    assert.notDeepEqual(schemaErrors(body, { ...examples[0], type: 'card.shipped' }), []);
  });
});
