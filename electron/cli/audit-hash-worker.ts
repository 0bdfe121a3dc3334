// A thread of `frontier-review audit verify`: the build bundles this on its own and hands the command
// its code, so each thread starts on that alone rather than on the whole command.
import { parentPort } from 'node:worker_threads';
import { runHashWorker } from './audit-hash-thread.js';

if (parentPort) runHashWorker(parentPort);
