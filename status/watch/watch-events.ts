/**
 * The events of a Kubernetes watch response, one JSON object per line, parsed one at a time: a
 * watch-list's initial state of thousands of objects never sits on the heap as a whole, each
 * object is garbage as soon as it has been decoded into its compact record.
 */
import type { IncomingMessage } from 'node:http';

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: WatchObject;
}

/** What the watcher itself reads of an object; the rest is for the caller's decoder. */
export interface WatchObject {
  readonly metadata?: { readonly resourceVersion?: string; readonly annotations?: Readonly<Record<string, string>> };
  /** On ERROR: a Status. */
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
}

export async function* readWatchEvents(response: IncomingMessage): AsyncGenerator<WatchEvent> {
  response.setEncoding('utf8');
  let pending = '';
  for await (const chunk of response) {
    pending += chunk as string;
    let start = 0;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(start, newline);
      if (line.trim() !== '') yield JSON.parse(line) as WatchEvent;
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  if (pending.trim() !== '') yield JSON.parse(pending) as WatchEvent;
}
