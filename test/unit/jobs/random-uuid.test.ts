import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUuid } from '../../../jobs/runtime/random-uuid.ts';

test('a run id is a version 4 UUID, different every time', () => {
  const ids = Array.from({ length: 1_000 }, () => randomUuid());
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
  assert.equal(new Set(ids).size, ids.length);
  // Every hex digit outside the fixed version and variant bits shows up: the bytes are random.
  const free = ids.map((id) => id.replaceAll('-', '').slice(0, 12) + id.replaceAll('-', '').slice(13, 16) + id.replaceAll('-', '').slice(17));
  assert.equal(new Set(free.join('')).size, 16);
});
