// The `frontier-review` command (dist/cli/frontier-review.cjs); the build adds the #! line.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { HASH_WORKER_ROLE, runHashWorker } from './audit-verify-stream.js';
import { processIo, runCommandLine } from './inspect-command.js';

// `audit verify` hashes a large export's pages in threads started from this same file.
if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === HASH_WORKER_ROLE) {
  runHashWorker(parentPort);
} else {
  void runCommandLine(process.argv.slice(2), processIo).then((code) => {
    // exitCode, not exit(): let piped output drain before Node leaves.
    process.exitCode = code;
  });
}
