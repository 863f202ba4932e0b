/**
 * Turns an env declaration (`jobs/environment.ts`, `status/environment.ts`) into Kubernetes: non-secret values in the
 * ConfigMap, secret ones as references to the operators' Secret, Pod and Job names from the
 * downward API. The manifests never carry a secret value.
 */
import { PontualError } from '../core/errors.ts';
import { API_SOURCES, type ApiSource } from '../core/catalog.ts';
import { CONFIG_MAP_NAME, SECRET_NAME, type EnvVarSpec } from '../core/environment.ts';
import { k8s } from './plus.ts';

type Source = 'config' | 'secret' | 'downward';

function sourceOf(spec: EnvVarSpec): Source {
  if (spec.secretKey !== undefined) return 'secret';
  if (spec.downward !== undefined) return 'downward';
  return 'config';
}

/**
 * The ConfigMap's data: each non-secret variable's default, overridden by the profile. A variable
 * without a default must get its value from the profile.
 */
export function configMapData(specs: readonly EnvVarSpec[], overrides: Readonly<Record<string, string>>): Record<string, string> {
  const declared = new Map(specs.map((spec) => [spec.name, spec]));
  // Overrides first: a secret value given as config is refused before anything else is reported.
  for (const name of Object.keys(overrides)) {
    const spec = declared.get(name);
    if (spec === undefined) {
      throw new PontualError('SYNTH_INVALID', `profile config: ${name} is not declared in jobs/environment.ts`);
    }
    if (sourceOf(spec) !== 'config') {
      throw new PontualError('SYNTH_INVALID', `profile config: ${name} is not a ConfigMap setting`);
    }
  }
  const data: Record<string, string> = {};
  for (const spec of specs) {
    if (sourceOf(spec) !== 'config') continue;
    const value = overrides[spec.name] ?? spec.default;
    if (value === undefined) {
      throw new PontualError('SYNTH_INVALID', `profile config: ${spec.name} has no default and the profile sets none`);
    }
    data[spec.name] = value;
  }
  return data;
}

export function configMapRef(key: string): k8s.EnvVarSource {
  return { configMapKeyRef: { name: CONFIG_MAP_NAME, key } };
}

export function secretRef(key: string, options: { optional?: boolean } = {}): k8s.EnvVarSource {
  return { secretKeyRef: { name: SECRET_NAME, key, ...(options.optional === true ? { optional: true } : {}) } };
}

export function fieldRef(fieldPath: string): k8s.EnvVarSource {
  return { fieldRef: { fieldPath } };
}

/**
 * A container's env from its process's declaration, in declaration order; for a job, only the
 * settings and tokens of the APIs it declares (`sources`).
 */
export function containerEnv(specs: readonly EnvVarSpec[], sources: readonly ApiSource[] = API_SOURCES): k8s.EnvVar[] {
  return specs.flatMap((spec): k8s.EnvVar[] => {
    if (spec.cluster === 'unset') return [];
    if (spec.source !== undefined && !sources.includes(spec.source)) return [];
    if (spec.cluster === 'literal') return [{ name: spec.name, value: spec.clusterValue ?? spec.default ?? '' }];
    if (spec.secretKey !== undefined) return [{ name: spec.name, valueFrom: secretRef(spec.secretKey, { optional: spec.optional === true }) }];
    if (spec.downward !== undefined) return [{ name: spec.name, valueFrom: fieldRef(spec.downward) }];
    return [{ name: spec.name, valueFrom: configMapRef(spec.name) }];
  });
}
