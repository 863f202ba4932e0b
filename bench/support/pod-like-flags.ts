/**
 * `podman run` flags that run a container as the suite's restricted pods run: host network (the
 * benchmarks' servers are on loopback), a read-only root with /tmp a tmpfs (the emptyDir), no
 * capabilities, no privilege escalation, and the manifests' memory limit with no swap beyond it.
 */
export function podLikeFlags(memoryLimit: string): string[] {
  return [
    '--network',
    'host',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    memoryLimit,
    '--memory-swap',
    memoryLimit,
  ];
}
