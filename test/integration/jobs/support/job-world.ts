/**
 * What every job integration test runs against: a real redis-server, the fixture WMS/OMS API, a
 * client to inspect Redis, and the job environment pointing at both.
 */
import { Redis } from 'ioredis';
import { startFixtureApi, type FixtureApi } from '../../../../devkit/fixture-api.ts';
import { startRedis, type RedisServer } from '../../../../devkit/redis.ts';

export interface JobWorld {
  readonly redisServer: RedisServer;
  readonly api: FixtureApi;
  readonly redis: Redis;
  /** The fixture API's URLs and tokens, REDIS_URL, and the test file's own settings. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startJobWorld(settings: Record<string, string>): Promise<JobWorld> {
  const redisServer = await startRedis();
  const api = await startFixtureApi();
  const redis = new Redis(redisServer.url);
  return {
    redisServer,
    api,
    redis,
    env: { ...api.env, REDIS_URL: redisServer.url, ...settings },
    async stop() {
      redis.disconnect();
      await api.close();
      await redisServer.stop();
    },
  };
}
