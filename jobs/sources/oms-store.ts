/** An OMS store, parsed strictly from the OMS contract (docs/sources.md). */
import { readRecord } from './record-reader.ts';

export interface Store {
  readonly id: string;
  readonly name: string;
  readonly platform: string;
  readonly healthUrl: string;
  readonly active: boolean;
}

export function parseStore(raw: unknown, position: string): Store {
  const record = readRecord('OMS store', raw, position);
  return {
    id: record.id,
    name: record.string('name'),
    platform: record.string('platform'),
    healthUrl: record.httpUrl('healthUrl'),
    active: record.boolean('active'),
  };
}
