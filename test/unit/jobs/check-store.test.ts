import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStore } from '../../../jobs/store-status/check-store.ts';

test('a failed check stores its reason without the credentials fetch quotes from the health URL', async () => {
  for (const url of ['https://monitor:pw-1@store-12.example/health', 'https://store-12.example:99999/health?access_token=pw-2', 'not a url ?token=pw-3']) {
    // The real fetch, refusing each URL before any connection, in words that quote it.
    const result = await checkStore(url, { timeoutMs: 1_000, signal: new AbortController().signal });
    if (result.kind !== 'failure') assert.fail(`${url} was not a failure`);
    assert.doesNotMatch(result.reason, /pw-\d/u);
  }
});
