// The `frontier-review` command (dist/cli/frontier-review.cjs); the build adds the #! line.
import { processIo, runCommandLine } from './inspect-command.js';

void runCommandLine(process.argv.slice(2), processIo).then((code) => {
  // exitCode, not exit(): let piped output drain before Node leaves.
  process.exitCode = code;
});
