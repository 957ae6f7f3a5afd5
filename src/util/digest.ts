// Hex digests, with node:crypto loaded on first use: it costs start-up time a scan that writes no
// fingerprint (and finds its rule bundle fresh) never needs.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;
const lib = (): Crypto => (crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto);

export function digest(algorithm: 'sha1' | 'sha256', data: string | Buffer): string {
  return lib().createHash(algorithm).update(data).digest('hex');
}
