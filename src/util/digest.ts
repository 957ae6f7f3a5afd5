// Hex digests, with node:crypto loaded on first use: it costs start-up time a scan that writes no
// fingerprint (and finds its rule bundle fresh) never needs.
import { createRequire } from 'node:module';

type Hex = (algorithm: 'sha1' | 'sha256', data: string | Buffer) => string;
/** crypto.hash (Node 20.12 and later): one call, no Hash object; a third of the cost a fingerprint. */
type OneShot = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;

let hex: Hex | undefined;

/** The digest function, chosen once, when node:crypto is first needed. */
function load(): Hex {
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const oneShot = (crypto as unknown as { hash?: OneShot }).hash;
  return oneShot ? (algorithm, data) => oneShot(algorithm, data, 'hex') : (algorithm, data) => crypto.createHash(algorithm).update(data).digest('hex');
}

export function digest(algorithm: 'sha1' | 'sha256', data: string | Buffer): string {
  return (hex ??= load())(algorithm, data);
}
