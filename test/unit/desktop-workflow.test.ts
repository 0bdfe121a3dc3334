import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkoutInputs, nodeSatisfies, readmeWorkflowCommands, workflowProblems } from '../../build/scripts/check-workflow.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const real = checkoutInputs(root);

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
type Workflow = { jobs: Record<string, { strategy: { matrix: { os: string[] } }; steps: Step[] }> };

/** The real workflow, changed by `edit`, checked against the real README and package.json. */
function problemsAfter(edit: (workflow: Workflow, steps: Step[]) => void): string[] {
  const workflow = parse(real.workflow) as Workflow;
  const job = workflow.jobs.desktop;
  if (!job) throw new Error('The workflow has no job "desktop".');
  edit(workflow, job.steps);
  return workflowProblems({ ...real, workflow: stringify(workflow) });
}

const stepNamed = (steps: Step[], name: string): Step => {
  const step = steps.find((s) => s.name === name);
  if (!step) throw new Error(`The workflow has no step named "${name}".`);
  return step;
};

describe('the desktop workflow against the README', () => {
  it('runs what the README says, where and in the order it says: check-workflow.mjs passes', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['build/scripts/check-workflow.mjs'], { cwd: root }, (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }));
    });
    expect(stderr).toBe('');
    expect(stdout).toBe('.github/workflows/desktop.yml runs what README.md says it does.\n');
    expect(code).toBe(0);
    expect(readmeWorkflowCommands(real.readme)).toContainEqual({ command: 'xvfb-run --auto-servernum npm run test:electron', platform: 'Linux' });
  });

  it('fails on a workflow missing a step the README lists, naming the command', () => {
    expect(problemsAfter((_, steps) => steps.splice(steps.indexOf(stepNamed(steps, 'Installers')), 1))).toEqual([
      'README.md says the desktop workflow runs `npm run dist`, but no step of .github/workflows/desktop.yml runs it.',
      ".github/workflows/desktop.yml never runs `npm run dist`, which README.md's Commands list.",
    ]);
    expect(problemsAfter((_, steps) => steps.splice(steps.indexOf(stepNamed(steps, 'ASAR integrity of each packaged app')), 1))).toEqual([
      'README.md says the desktop workflow runs `node build/scripts/check-asar-integrity.mjs`, but no step of .github/workflows/desktop.yml runs it.',
    ]);
  });

  it('fails on a step run on other platforms than the README says, or out of its order', () => {
    expect(problemsAfter((_, steps) => delete stepNamed(steps, 'Test (Linux)').if)).toEqual(['README.md says `npm test` runs on Linux, but the step "Test (Linux)" runs on every runner.']);
    expect(
      problemsAfter((_, steps) => {
        const sums = stepNamed(steps, 'SHA256SUMS of the installers');
        steps.splice(steps.indexOf(sums), 1);
        steps.splice(steps.indexOf(stepNamed(steps, 'Installers')), 0, sums);
      }),
    ).toEqual(['README.md lists `node build/scripts/write-sha256sums.mjs` after commands that .github/workflows/desktop.yml runs later: the two are in a different order.']);
  });

  it('fails on an npm script package.json lacks, a local script that is not there, or a unit test left out that needs no stock tool', () => {
    expect(problemsAfter((_, steps) => (stepNamed(steps, 'Installers').run = 'npm run dist:all'))).toContain('.github/workflows/desktop.yml runs `npm run dist:all`, but package.json has no script "dist:all".');
    expect(problemsAfter((_, steps) => (stepNamed(steps, 'Fuses read back from each packaged app').run = 'node build/scripts/check-fuse.mjs'))).toContain(
      '.github/workflows/desktop.yml runs `node build/scripts/check-fuse.mjs`, which does not exist.',
    );
    const unit = (steps: Step[]) => stepNamed(steps, 'Type check, lint, security scan, unit tests, build (Windows, macOS)');
    expect(problemsAfter((_, steps) => (unit(steps).run = (unit(steps).run ?? '').replace('npm run test:unit --', 'npm run test:unit -- --exclude shared/marking/coverage.test.ts')))).toEqual([
      '.github/workflows/desktop.yml leaves out shared/marking/coverage.test.ts on Windows and macOS, but it does not use the stock tools that are why tests are left out there.',
    ]);
  });

  it('fails when the Electron test could skip, a runner is missing, Node is too old, or the sums are not uploaded', () => {
    expect(problemsAfter((_, steps) => delete stepNamed(steps, 'Electron end-to-end test (Windows, macOS)').env)).toEqual([
      'The step "Electron end-to-end test (Windows, macOS)" runs the Electron test without FRONTIER_REVIEW_REQUIRE_ELECTRON=1, so a missing runtime would pass as a skip.',
    ]);
    expect(problemsAfter((workflow) => (workflow.jobs.desktop?.strategy.matrix.os.pop(), undefined))).toEqual(['The job "desktop" does not run on macos-latest (its matrix.os).']);
    const setupNode = (steps: Step[]) => steps.find((s) => s.uses?.startsWith('actions/setup-node@')) ?? {};
    const engines = real.engines.map(({ of, range }) => `.github/workflows/desktop.yml sets up Node 18, but ${of} asks for ${range}.`);
    expect(problemsAfter((_, steps) => (setupNode(steps).with = { 'node-version': 18 }))).toEqual(engines);
    expect(
      problemsAfter((_, steps) => {
        const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
        if (upload?.with) upload.with.path = 'release/*.deb\nrelease/*.AppImage\nrelease/*.exe\nrelease/*.dmg\n';
      }),
    ).toEqual(['.github/workflows/desktop.yml does not upload release/SHA256SUMS (actions/upload-artifact).']);
  });

  it("reads setup-node's versions against engines ranges as setup-node resolves them", () => {
    expect(nodeSatisfies('22', '>=20.19')).toBe(true);
    expect(nodeSatisfies('22', '>= 22.12.0')).toBe(true);
    expect(nodeSatisfies('20', '>= 22.12.0')).toBe(false);
    expect(nodeSatisfies('22.11.0', '>= 22.12.0')).toBe(false);
    expect(nodeSatisfies('22.12.0', '>= 22.12.0')).toBe(true);
    expect(nodeSatisfies('24.0.0', '>=20.19')).toBe(true);
    expect(nodeSatisfies('lts/*', '>=20.19')).toBe('node-version "lts/*" is neither a major version nor an exact one');
    expect(nodeSatisfies('22', '^22.12')).toBe('the engines range "^22.12" is not of the form >=X.Y.Z');
  });
});
