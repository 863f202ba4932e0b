/**
 * The test node's generated configuration: what keeps it off the host's own directories and what
 * makes it run in this sandbox (docs/control-plane.md, "The node").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cniConfList, containerdConfig } from '../../../devkit/containerd-config.ts';
import { kubeletConfig } from '../../../devkit/kubelet-config.ts';
import { criImageName } from '../../../devkit/node-image.ts';

test('CRI names: a bare name is docker.io/library, a path docker.io, a registry host stays', () => {
  assert.equal(criImageName('pontual:test'), 'docker.io/library/pontual:test');
  assert.equal(criImageName('acme/pontual:1'), 'docker.io/acme/pontual:1');
  assert.equal(criImageName('registry.digitalocean.com/pontual/pontual:0.1.0'), 'registry.digitalocean.com/pontual/pontual:0.1.0');
  assert.equal(criImageName('localhost/pontual/pause:v1.36.3'), 'localhost/pontual/pause:v1.36.3');
  assert.equal(criImageName('127.0.0.1:5000/pontual:x'), '127.0.0.1:5000/pontual:x');
});

test('containerd keeps every path under the node directory and restricts oom_score_adj', () => {
  const config = containerdConfig({ dir: '/tmp/n', cniBinDir: '/cache/cni', pauseImage: 'localhost/pontual/pause:v1', streamPort: 4242 });
  const paths = [...config.matchAll(/'(\/[^']*)'/g)].map((match) => match[1] ?? '');
  assert.ok(paths.length >= 8);
  const outside = paths.filter((path) => !path.startsWith('/tmp/n/') && path !== '/cache/cni' && path !== '/usr/sbin/runc');
  assert.deepEqual(outside, []);
  assert.match(config, /restrict_oom_score_adj = true/);
  assert.match(config, /netns_mounts_under_state_dir = true/);
  assert.match(config, /sandbox = 'localhost\/pontual\/pause:v1'/);
  assert.match(config, /stream_server_address = '127\.0\.0\.1'/);
});

test('the CNI network writes no iptables rules: no ipMasq, no portmap in the chain', () => {
  const list = JSON.parse(cniConfList({ bridge: 'pontual10', subnet: '10.88.10.0/24', gateway: '10.88.10.1' }, '/tmp/n')) as {
    plugins: { type: string; ipMasq?: boolean; ipam?: { dataDir: string } }[];
  };
  assert.deepEqual(
    list.plugins.map((plugin) => plugin.type),
    ['bridge'],
  );
  const [bridge] = list.plugins;
  assert.ok(bridge !== undefined);
  assert.equal(bridge.ipMasq, false);
  assert.equal(bridge.ipam?.dataDir, '/tmp/n/cni/ipam');
});

test('kubelet: cgroup v1 allowed, no iptables chains, its own plugin and log dirs, listening on the node IP only', () => {
  const config = JSON.parse(
    kubeletConfig({
      dir: '/tmp/n',
      runtimeSocket: '/tmp/n/c.sock',
      cgroupRoot: '/pontual-10',
      address: '10.88.10.1',
      port: 1,
      healthzPort: 2,
      clientCaFile: '/tmp/ca',
    }),
  ) as Record<string, unknown>;
  assert.equal(config.failCgroupV1, false);
  assert.equal(config.makeIPTablesUtilChains, false);
  assert.equal(config.volumePluginDir, '/tmp/n/volume-plugins');
  assert.equal(config.podLogsDir, '/tmp/n/pod-logs');
  assert.equal(config.address, '10.88.10.1');
  assert.equal(config.readOnlyPort, 0);
  assert.equal(config.cgroupRoot, '/pontual-10');
});
