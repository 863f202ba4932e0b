import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { catchStopSignals } from '../../../jobs/runtime/stop-signals.ts';

test('a SIGTERM received before the runner subscribes is delivered when it does (PID 1 would drop it)', () => {
  const target = new EventEmitter();
  const signals = catchStopSignals(target);
  target.emit('SIGTERM');
  const heard: string[] = [];
  signals.onStopSignal((signal) => heard.push(signal));
  assert.deepEqual(heard, ['SIGTERM']);
});

test('signals after subscribing reach the handler until it unsubscribes', () => {
  const target = new EventEmitter();
  const signals = catchStopSignals(target);
  const heard: string[] = [];
  const unsubscribe = signals.onStopSignal((signal) => heard.push(signal));
  target.emit('SIGINT');
  unsubscribe();
  target.emit('SIGTERM');
  assert.deepEqual(heard, ['SIGINT']);
});
