// mkfifo for tests (Node has no binding for it).
import { execFileSync } from 'node:child_process';

export function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
