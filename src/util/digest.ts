// Hex digests, with node:crypto loaded on first use: it costs start-up time a scan that writes no
// fingerprint (and finds its rule bundle fresh) never needs.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;
const lib = (): Crypto => (crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto);

/** crypto.hash (Node 20.12 and later): one call, no Hash object; a third of the cost a fingerprint. */
type OneShot = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;

export function digest(algorithm: 'sha1' | 'sha256', data: string | Buffer): string {
  const c = lib();
  const oneShot = (c as unknown as { hash?: OneShot }).hash;
  return oneShot ? oneShot(algorithm, data, 'hex') : c.createHash(algorithm).update(data).digest('hex');
}
