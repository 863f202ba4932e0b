/**
 * What every pontual pod runs with: the `restricted` Pod Security Standard (the namespace enforces
 * it, so a pod without it is refused), a read-only root filesystem with a writable /tmp, and
 * explicit resources.
 */
import type { JobResources } from '../core/catalog.ts';
import { k8s } from './plus.ts';

/** The numeric user and group the image runs as; numeric so the kubelet can verify non-root. */
export const IMAGE_UID = 10001;
export const IMAGE_GID = 10001;

const TMP_VOLUME = 'tmp';

export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: IMAGE_UID,
    runAsGroup: IMAGE_GID,
    fsGroup: IMAGE_GID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Node and its libraries may write temporary files; nothing else is writable. */
export function tmpVolume(): k8s.Volume {
  return { name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } };
}

export function tmpVolumeMount(): k8s.VolumeMount {
  return { name: TMP_VOLUME, mountPath: '/tmp' };
}

export function resourceRequirements(resources: JobResources): k8s.ResourceRequirements {
  const quantities = (values: { readonly cpu: string; readonly memory: string }): Record<string, k8s.Quantity> => ({
    cpu: k8s.Quantity.fromString(values.cpu),
    memory: k8s.Quantity.fromString(values.memory),
  });
  return { requests: quantities(resources.requests), limits: quantities(resources.limits) };
}
