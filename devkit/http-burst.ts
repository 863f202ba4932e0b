/**
 * `node devkit/http-burst.ts <url> <count>`: sends <count> concurrent GETs (one connection
 * each) from its own process, so the burst does not share the event loop of the server under
 * test, and prints `{"statuses":{"200":n,...},"errors":n}` once all have answered.
 */
import { Agent, request } from 'node:http';

const [url = '', countText = '0'] = process.argv.slice(2);
const count = Number(countText);
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const statuses: Record<string, number> = {};
let errors = 0;

await Promise.all(
  Array.from(
    { length: count },
    () =>
      new Promise<void>((resolve) => {
        const req = request(url, { agent }, (response) => {
          const key = String(response.statusCode);
          statuses[key] = (statuses[key] ?? 0) + 1;
          response.resume();
          response.once('end', resolve);
          response.once('error', () => {
            errors += 1;
            resolve();
          });
        });
        req.once('error', () => {
          errors += 1;
          resolve();
        });
        req.end();
      }),
  ),
);
process.stdout.write(`${JSON.stringify({ statuses, errors })}\n`);
