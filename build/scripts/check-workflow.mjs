// Holds .github/workflows/desktop.yml to the README: the commands README.md, "Where the checks
// run", lists for the desktop workflow are its run steps, in that order and on those platforms;
// every `npm run X` is a script of package.json; the Node it sets up satisfies the engines.
// Usage: node build/scripts/check-workflow.mjs
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { ROOT } from './release-files.mjs';

export const WORKFLOW = '.github/workflows/desktop.yml';
const README_BLOCK = /<!-- desktop-workflow: [^>]*-->\n```sh\n([^`]*)```/;
/** The README's platform notes, and the `if` a step that runs only there carries. */
const PLATFORM_CONDITIONS = new Map([
  ['all', undefined],
  ['Linux', "runner.os == 'Linux'"],
  ['Windows, macOS', "runner.os != 'Linux'"],
]);
const RUNNERS = ['ubuntu-latest', 'windows-latest', 'macos-latest'];
/** The README's Commands that a release must pass: its tests and its installers. */
const RELEASE_COMMANDS = ['npm test', 'npm run test:electron', 'npm run dist'];
const REQUIRE_ELECTRON = 'FRONTIER_REVIEW_REQUIRE_ELECTRON';

/**
 * @typedef {{ name?: string; if?: string; run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, unknown> }} Step
 * @typedef {{ 'runs-on'?: unknown; strategy?: { matrix?: Record<string, unknown> }; env?: Record<string, unknown>; steps?: Step[] }} Job
 * @typedef {{ readonly job: string; readonly jobEnv: Record<string, unknown>; readonly step: Step; readonly line: string }} RunLine
 */

/**
 * The README's list of what the workflow runs: each command and where ("all", "Linux", "Windows, macOS").
 * @param {string} readme
 */
export function readmeWorkflowCommands(readme) {
  const block = README_BLOCK.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no block marked `<!-- desktop-workflow: … -->` listing what the desktop workflow runs.');
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [command = '', platform] = line.split(/\s+#\s*/);
      return { command: command.trim(), platform: platform?.trim() ?? 'all' };
    });
}

/** A run line carries a command when it is the command, or the command with more arguments. */
const carries = (/** @type {string} */ line, /** @type {string} */ command) => line === command || line.startsWith(`${command} `);

/**
 * Whether a setup-node version satisfies an engines range of the form ">=X.Y.Z". A bare major
 * ("22") is the newest release of that major, as setup-node resolves it.
 * @param {string} version
 * @param {string} range
 * @returns {boolean | string} true, false, or why it cannot be told
 */
export function nodeSatisfies(version, range) {
  const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!minimum) return `the engines range "${range}" is not of the form >=X.Y.Z`;
  const [wantMajor, wantMinor, wantPatch] = [minimum[1], minimum[2], minimum[3]].map((n) => Number(n ?? 0));
  const exact = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (exact) {
    const [major, minor, patch] = [exact[1], exact[2], exact[3]].map(Number);
    return major !== wantMajor ? Number(major) > Number(wantMajor) : minor !== wantMinor ? Number(minor) > Number(wantMinor) : Number(patch) >= Number(wantPatch);
  }
  const major = /^(\d+)(?:\.x)?$/.exec(version);
  if (major) return Number(major[1]) >= Number(wantMajor);
  return `node-version "${version}" is neither a major version nor an exact one`;
}

/**
 * Everything wrong with the workflow against the README and package.json, in words.
 * @param {{
 *   readonly workflow: string;
 *   readonly readme: string;
 *   readonly scripts: Readonly<Record<string, string>>;
 *   readonly engines: readonly { readonly of: string; readonly range: string }[];
 *   readonly exists: (file: string) => boolean;
 *   readonly read: (file: string) => string;
 * }} inputs `exists` and `read` take paths relative to the repository
 * @returns {string[]}
 */
export function workflowProblems({ workflow, readme, scripts, engines, exists, read }) {
  const problems = [];
  const parsed = /** @type {{ jobs?: Record<string, Job> } | null} */ (parse(workflow));
  const jobs = Object.entries(parsed?.jobs ?? {});
  if (jobs.length === 0) return [`${WORKFLOW} has no jobs.`];

  /** @type {RunLine[]} */
  const runLines = [];
  for (const [job, spec] of jobs) {
    for (const step of spec.steps ?? []) {
      for (const line of (step.run ?? '').split('\n')) if (line.trim()) runLines.push({ job, jobEnv: spec.env ?? {}, step, line: line.trim() });
    }
  }

  // The README's list: each command a run step, on the platforms it says, in its order.
  let previous = -1;
  for (const { command, platform } of readmeWorkflowCommands(readme)) {
    if (!PLATFORM_CONDITIONS.has(platform)) {
      problems.push(`README.md says \`${command}\` runs on "${platform}"; write one of: ${[...PLATFORM_CONDITIONS.keys()].join('; ')}.`);
      continue;
    }
    const condition = PLATFORM_CONDITIONS.get(platform);
    const at = runLines.findIndex((run, i) => i > previous && carries(run.line, command) && run.step.if === condition);
    if (at === -1) {
      const anywhere = runLines.find((run) => carries(run.line, command));
      if (anywhere === undefined) problems.push(`README.md says the desktop workflow runs \`${command}\`, but no step of ${WORKFLOW} runs it.`);
      else if (anywhere.step.if !== condition) problems.push(`README.md says \`${command}\` runs on ${platform === 'all' ? 'every runner' : platform}, but the step "${anywhere.step.name ?? command}" runs ${anywhere.step.if === undefined ? 'on every runner' : `if ${anywhere.step.if}`}.`);
      else problems.push(`README.md lists \`${command}\` after commands that ${WORKFLOW} runs later: the two are in a different order.`);
      continue;
    }
    previous = at;
  }

  // The README's install, test and installer commands are all in it (npm ci installs what npm install would, exactly per the lockfile).
  if (!runLines.some((run) => carries(run.line, 'npm ci') || carries(run.line, 'npm install'))) problems.push(`${WORKFLOW} never installs the dependencies (npm ci).`);
  for (const command of RELEASE_COMMANDS) {
    const words = new RegExp(`(^|\\s)${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
    if (!runLines.some((run) => words.test(run.line))) problems.push(`${WORKFLOW} never runs \`${command}\`, which README.md's Commands list.`);
  }

  // Every npm script it names exists; every local script it runs is there.
  for (const { line } of runLines) {
    for (const match of line.matchAll(/\bnpm (?:run(?:-script)? )([\w:.-]+)|\bnpm (test|start)\b/g)) {
      const script = match[1] ?? match[2] ?? '';
      if (!(script in scripts)) problems.push(`${WORKFLOW} runs \`npm run ${script}\`, but package.json has no script "${script}".`);
    }
    for (const match of line.matchAll(/\bnode ((?!node_modules\/)[\w./-]+\.m?js)\b/g)) {
      if (match[1] && !exists(match[1])) problems.push(`${WORKFLOW} runs \`node ${match[1]}\`, which does not exist.`);
    }
    // Unit tests are left out only where they need Debian's stock tools, and only ones that do.
    for (const match of line.matchAll(/--exclude\s+(\S+)/g)) {
      const file = match[1] ?? '';
      if (!exists(file)) problems.push(`${WORKFLOW} leaves out ${file}, which does not exist.`);
      else if (!read(file).includes('fixtures/stock-tools')) problems.push(`${WORKFLOW} leaves out ${file} on Windows and macOS, but it does not use the stock tools that are why tests are left out there.`);
    }
  }

  // The Electron test fails, rather than skips, where it is meant to run.
  for (const run of runLines) {
    if (run.line.includes('npm run test:electron') && String(run.step.env?.[REQUIRE_ELECTRON] ?? run.jobEnv[REQUIRE_ELECTRON] ?? '') !== '1') {
      problems.push(`The step "${run.step.name ?? run.line}" runs the Electron test without ${REQUIRE_ELECTRON}=1, so a missing runtime would pass as a skip.`);
    }
  }

  // The runners, Node, and the uploads.
  for (const [job, spec] of jobs) {
    const os = spec.strategy?.matrix?.os;
    const missing = RUNNERS.filter((runner) => !(Array.isArray(os) && os.includes(runner)));
    if (missing.length > 0) problems.push(`The job "${job}" does not run on ${missing.join(', ')} (its matrix.os).`);
  }
  const setups = jobs.flatMap(([, spec]) => (spec.steps ?? []).filter((step) => step.uses?.startsWith('actions/setup-node@')));
  if (setups.length === 0) problems.push(`${WORKFLOW} never sets up Node (actions/setup-node), so the runner's own Node would run it.`);
  for (const step of setups) {
    const version = String(step.with?.['node-version'] ?? '');
    for (const { of, range } of engines) {
      const verdict = nodeSatisfies(version, range);
      if (verdict !== true) problems.push(`${WORKFLOW} sets up Node ${version || '(no node-version)'}, but ${of} asks for ${range}${typeof verdict === 'string' ? `: ${verdict}` : ''}.`);
    }
  }
  const uploads = jobs.flatMap(([, spec]) => (spec.steps ?? []).filter((step) => step.uses?.startsWith('actions/upload-artifact@')));
  const uploaded = uploads.map((step) => String(step.with?.path ?? '')).join('\n');
  for (const file of ['release/SHA256SUMS', 'release/*.deb', 'release/*.AppImage', 'release/*.exe', 'release/*.dmg']) {
    if (!uploaded.split('\n').some((line) => line.trim() === file)) problems.push(`${WORKFLOW} does not upload ${file} (actions/upload-artifact).`);
  }
  return problems;
}

/** The real workflow, README and package.json of a checkout. */
export function checkoutInputs(root = ROOT) {
  const pkg = /** @type {{ scripts: Record<string, string>; engines?: { node?: string } }} */ (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
  const engines = [{ of: 'package.json', range: pkg.engines?.node ?? '' }];
  // Electron's package declares the Node it installs under; the workflow packages with it.
  const electronPackage = path.join(root, 'node_modules', 'electron', 'package.json');
  if (existsSync(electronPackage)) {
    const electron = /** @type {{ engines?: { node?: string } }} */ (JSON.parse(readFileSync(electronPackage, 'utf8')));
    if (electron.engines?.node) engines.push({ of: 'the electron package', range: electron.engines.node });
  }
  return {
    workflow: readFileSync(path.join(root, WORKFLOW), 'utf8'),
    readme: readFileSync(path.join(root, 'README.md'), 'utf8'),
    scripts: pkg.scripts,
    engines,
    exists: (/** @type {string} */ file) => existsSync(path.join(root, file)),
    read: (/** @type {string} */ file) => readFileSync(path.join(root, file), 'utf8'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const problems = workflowProblems(checkoutInputs());
    if (problems.length > 0) {
      console.error(`${WORKFLOW} and README.md disagree:\n${problems.map((p) => `- ${p}`).join('\n')}`);
      process.exit(1);
    }
    console.log(`${WORKFLOW} runs what README.md says it does.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
