/**
 * The test control plane's PKI, made with the openssl CLI: a throwaway CA, the apiserver's serving
 * cert, an admin client cert in group system:masters and the service-account signing key; and the
 * admin kubeconfig that uses them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface Pki {
  readonly dir: string;
  readonly ca: string;
  readonly adminCert: string;
  readonly adminKey: string;
}

/** A fresh CA, apiserver serving cert, admin client cert (group system:masters) and service-account key. */
export function generatePki(dir: string): Pki {
  mkdirSync(dir);
  const openssl = (...args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw new Error(`openssl ${args[0] ?? ''} failed (the harness needs the openssl CLI: apt-get install openssl)`, { cause: error });
    }
  };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30'];
  const signedByCa = ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-addext', 'basicConstraints=critical,CA:FALSE'];
  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    '/CN=pontual-test-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    '-x509',
    ...newKey,
    ...signedByCa,
    '-keyout',
    'apiserver.key',
    '-out',
    'apiserver.crt',
    '-subj',
    '/CN=kube-apiserver',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc',
    '-addext',
    'extendedKeyUsage=serverAuth',
  );
  openssl(
    'req',
    '-x509',
    ...newKey,
    ...signedByCa,
    '-keyout',
    'admin.key',
    '-out',
    'admin.crt',
    '-subj',
    '/O=system:masters/CN=pontual-admin',
    '-addext',
    'extendedKeyUsage=clientAuth',
  );
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key');
  openssl('ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return { dir, ca: read('ca.crt'), adminCert: read('admin.crt'), adminKey: read('admin.key') };
}

/**
 * A client cert signed by the PKI's CA, written as `<name>.crt`/`<name>.key` in its dir: e.g. a
 * kubelet's (`/O=system:nodes/CN=system:node:<node>`) or the API server's kubelet client.
 */
export function issueClientCert(pki: Pki, name: string, subject: string): ClientCert {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '30',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-subj',
        subject,
        '-addext',
        'extendedKeyUsage=clientAuth',
      ],
      { cwd: pki.dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    throw new Error(`openssl req for ${name} failed`, { cause: error });
  }
  const certPath = join(pki.dir, `${name}.crt`);
  const keyPath = join(pki.dir, `${name}.key`);
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

export interface ClientCert {
  readonly certPath: string;
  readonly keyPath: string;
  /** PEM. */
  readonly cert: string;
  readonly key: string;
}

/** A kubeconfig for a client cert (the admin's unless given), with the CA inlined. */
export function clientKubeconfig(server: string, pki: Pki, client: Pick<ClientCert, 'cert' | 'key'>, user: string): string {
  const base64 = (pem: string): string => Buffer.from(pem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'pontual-test', cluster: { server, 'certificate-authority-data': base64(pki.ca) } }],
    users: [{ name: user, user: { 'client-certificate-data': base64(client.cert), 'client-key-data': base64(client.key) } }],
    contexts: [{ name: 'pontual-test', context: { cluster: 'pontual-test', user } }],
    'current-context': 'pontual-test',
  });
}

/** A kubeconfig for the admin client cert, with the CA inlined: usable from any directory. */
export function adminKubeconfig(server: string, pki: Pki): string {
  return clientKubeconfig(server, pki, { cert: pki.adminCert, key: pki.adminKey }, 'pontual-admin');
}
