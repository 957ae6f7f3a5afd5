// Runs the build (validators, dist/, rule bundle) so the tests see the current schemas and the
// CLI tests run the current code.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
