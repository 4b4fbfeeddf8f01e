/**
 * The pipelines' trust boundary, read from the workflow files themselves (actionlint, in the
 * integration tests, checks their syntax): code from a pull request never runs next to a
 * secret, every job sets up through the one composite action, and every matrix comes from
 * environments.yaml through the project's own command.
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { projectRoot } from '../../config/paths';
import { describeGated, jqMissing } from '../support/gates';

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; id?: string };
type Job = {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  strategy?: { matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  environment?: { name: string };
  env?: Record<string, string>;
};
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

const dir = path.join(projectRoot, '.github', 'workflows');
const workflows: [string, Workflow][] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => [f, parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Workflow]);
const jobs: [string, Workflow, string, Job][] = workflows.flatMap(([f, w]) =>
  Object.entries(w.jobs).map(([name, job]) => [f, w, name, job] as [string, Workflow, string, Job]),
);
const triggers = (w: Workflow) => Object.keys(w.on);
const needsOf = (job: Job) => (job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : job.needs);

/** Every secret a job can read (the workflow token is not one: it is scoped by `permissions`). */
function secretsOf(job: Job): string[] {
  return [
    ...new Set([...JSON.stringify(job).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]).filter((s) => s !== 'GITHUB_TOKEN')),
  ].sort();
}
const isCheckout = (s: Step) => /^actions\/checkout@/.test(s.uses ?? '');
const SETUP = './.github/actions/setup';
/** The files a pull request may contribute to a job that holds a secret. */
const DATA_PATHS = ['/customers/', '/platform.yaml'];
/** The provisioning identity's private key (private_key_jwt); the read-only identity's is READER_SECRET. */
const PROVISIONER_SECRET = 'KEYCLOAK_PROVISIONER_KEY';
const READER_SECRET = 'KEYCLOAK_READER_KEY';

describe('the trust boundary for pull requests', () => {
  it("no job of a workflow a pull request triggers can read the provisioning identity's secret", () => {
    const offending = jobs
      .filter(([, w]) => triggers(w).some((t) => t.startsWith('pull_request')))
      .filter(([, , , job]) => secretsOf(job).includes(PROVISIONER_SECRET))
      .map(([f, , name]) => `${f}: ${name}`);
    expect(offending).toEqual([]);
  });

  it('no job holds a client secret of an identity: both authenticate with a key (KEYCLOAK_JWT_SIGNING_KEY)', () => {
    for (const [f, , name, job] of jobs) {
      expect([`${f}: ${name}`, secretsOf(job).filter((s) => ['KEYCLOAK_CLIENT_SECRET', 'KEYCLOAK_READER_SECRET'].includes(s))]).toEqual([
        `${f}: ${name}`,
        [],
      ]);
      // a key secret reaches the engine only as KEYCLOAK_JWT_SIGNING_KEY
      for (const step of [{ env: job.env }, ...job.steps])
        for (const [variable, value] of Object.entries(step.env ?? {}))
          if (/secrets\.(KEYCLOAK_PROVISIONER_KEY|KEYCLOAK_READER_KEY)\b/.test(String(value)))
            expect([`${f}: ${name}`, variable]).toEqual([`${f}: ${name}`, 'KEYCLOAK_JWT_SIGNING_KEY']);
    }
  });

  it('a pull_request workflow (read from the pull request itself) holds no secret at all', () => {
    const prWorkflows = workflows.filter(([, w]) => triggers(w).includes('pull_request'));
    expect(prWorkflows.length).toBeGreaterThan(0);
    for (const [f, w] of prWorkflows) {
      for (const [name, job] of Object.entries(w.jobs)) expect([`${f}: ${name}`, secretsOf(job)]).toEqual([`${f}: ${name}`, []]);
      // and its token can only read
      expect([f, w.on && (w as unknown as { permissions: unknown }).permissions]).toEqual([f, { contents: 'read' }]);
    }
  });

  it('a pull_request_target workflow never runs with a pull_request trigger beside it', () => {
    // Both triggers in one file would run the same jobs once from the base definition and once from the pull request's.
    for (const [f, w] of workflows)
      if (triggers(w).includes('pull_request_target')) expect([f, triggers(w)]).toEqual([f, ['pull_request_target']]);
  });

  describe.each(jobs.filter(([, , , job]) => secretsOf(job).length > 0).map(([f, w, name, job]) => [`${f}: ${name}`, w, job] as const))(
    'a job that holds a secret (%s)',
    (_label, workflow, job) => {
      const prTarget = triggers(workflow).includes('pull_request_target');
      const checkouts = job.steps.filter(isCheckout);
      const code = checkouts.filter((s) => s.with?.path === undefined);
      const data = checkouts.filter((s) => s.with?.path !== undefined);

      it('is not in a workflow that a pull_request runs', () => {
        expect(triggers(workflow)).not.toContain('pull_request');
      });

      it('checks out its code from the base ref, as its first step, without keeping the token in .git', () => {
        expect(code).toHaveLength(1);
        expect(job.steps[0]).toBe(code[0]);
        expect(code[0].with?.['persist-credentials']).toBe(false);
        if (prTarget) expect(code[0].with?.ref).toBe('${{ github.event.pull_request.base.sha }}');
        // push, schedule and workflow_dispatch check out the ref they run for, never a pull request's
        else expect(JSON.stringify(code[0].with ?? {})).not.toMatch(/head|pull_request/);
      });

      it('installs its dependencies (npm ci in the set-up action) before anything of the pull request is on disk', () => {
        const setup = job.steps.findIndex((s) => s.uses === SETUP);
        expect(setup).toBe(1);
        for (const s of data) expect(job.steps.indexOf(s)).toBeGreaterThan(setup);
      });

      it('takes at most the data files from the pull request, into a directory of their own, and validates them before the secret is used', () => {
        if (!prTarget) {
          expect(data).toEqual([]);
          return;
        }
        expect(data).toHaveLength(1);
        const [head] = data;
        expect(head.with?.ref).toBe('${{ github.event.pull_request.head.sha }}');
        expect(head.with?.['persist-credentials']).toBe(false);
        expect(head.with?.['sparse-checkout-cone-mode']).toBe(false);
        expect(String(head.with?.['sparse-checkout']).trim().split('\n').sort()).toEqual([...DATA_PATHS].sort());
        // the first step that reads a secret comes after validation
        const firstSecret = job.steps.findIndex((s) => secretsOf({ steps: [s] }).length > 0);
        const validate = job.steps.findIndex((s) => s.run?.trim() === 'npm run validate');
        expect(validate).toBeGreaterThan(job.steps.indexOf(head));
        expect(firstSecret).toBeGreaterThan(validate);
        // no job-level env hands secrets to steps that run before validation
        expect(secretsOf({ steps: [], env: job.env })).toEqual([]);
      });

      it('runs for a pull request only when it changes data files only (and otherwise never for one)', () => {
        if (prTarget) expect(job.if).toContain("needs.scope.outputs.changes == 'data'");
        else {
          // push, schedule, workflow_dispatch: no pull-request trigger, nothing of a pull request in its conditions
          expect(triggers(workflow).filter((t) => t.startsWith('pull_request'))).toEqual([]);
          expect(job.if ?? '').not.toMatch(/pull_request|needs\.scope/);
          expect(triggers(workflow).length).toBeGreaterThan(0);
        }
      });

      it("gets its secrets from a GitHub environment, the provisioning identity's key only in <env> and <env>-plan, the read-only identity's only in <env>-pr", () => {
        expect(job.environment?.name).toMatch(/^\$\{\{ matrix\.environment \}\}(-plan|-pr)?$/);
        // pull requests' plans have an environment of their own: its protection rules differ (docs/environments-and-state.md)
        expect(job.environment?.name.endsWith('-pr')).toBe(prTarget);
        // the provisioning identity: the deploy jobs (<env>) and the main branch's plans and drift checks (<env>-plan)
        expect(secretsOf(job).includes(PROVISIONER_SECRET)).toBe(!prTarget);
        // the read-only identity: pull requests' plans only, which never hold the provisioner's key
        expect(secretsOf(job).includes(READER_SECRET)).toBe(prTarget);
      });
    },
  );

  it('a pull request that changes more than data files gets a comment saying it was not planned', () => {
    const [, w] = workflows.find(([f]) => f === 'pull-request-plan.yml')!;
    const notPlanned = w.jobs['not-planned'];
    expect(notPlanned.if).toContain("needs.scope.outputs.changes != 'data'");
    expect(secretsOf(notPlanned)).toEqual([]);
    expect(notPlanned.steps.map((s) => s.run ?? '').join('\n')).toContain('not planned');
  });
});

describe('every job', () => {
  it.each(jobs.map(([f, , name, job]) => [`${f}: ${name}`, job] as const))(
    '%s sets up through the composite action, right after checking out',
    (_label, job) => {
      expect(isCheckout(job.steps[0])).toBe(true);
      expect(job.steps[1].uses).toBe(SETUP);
      for (const s of job.steps) {
        // no job sets up Node, Go or the engine by itself, or provisions the Keycloak server
        expect(s.uses ?? '').not.toMatch(/^actions\/setup-|setup-opentofu/);
        expect(s.run ?? '').not.toMatch(/npm run tools|npm ci/);
      }
    },
  );

  it('comments on a pull request only through the marker action, one comment per environment', () => {
    for (const [f, , name, job] of jobs) {
      for (const s of job.steps) expect([`${f}: ${name}`, /gh pr comment|--edit-last/.test(s.run ?? '')]).toEqual([`${f}: ${name}`, false]);
      for (const s of job.steps.filter((x) => x.uses === './.github/actions/pr-comment'))
        expect(s.with?.marker).toBe('plan:${{ matrix.environment }}');
    }
  });
});

describe('every matrix', () => {
  const matrixJobs = jobs.filter(([, , , job]) => job.strategy?.matrix);

  it('exists where environments are planned, deployed or checked', () => {
    expect(matrixJobs.map(([f, , name]) => `${f}: ${name}`).sort()).toEqual(
      [
        'drift.yml: drift',
        'main.yml: deploy',
        'main.yml: deploy-cdktf',
        'main.yml: plan',
        'pull-request-plan.yml: not-planned',
        'pull-request-plan.yml: plan',
      ].sort(),
    );
  });

  it.each(matrixJobs.map(([f, w, name, job]) => [`${f}: ${name}`, w, job] as const))(
    '%s comes from environments.yaml through `npm run environments`',
    (_label, w, job) => {
      const matrix = job.strategy!.matrix!;
      expect(Object.keys(matrix)).toEqual(['environment']);
      const m = /^\$\{\{ fromJSON\(needs\.([a-z-]+)\.outputs\.([a-z-]+)\) \}\}$/.exec(String(matrix.environment));
      expect(m).not.toBeNull();
      const [, source, output] = m!;
      expect(needsOf(job)).toContain(source);
      // an empty list would fail the matrix: the job is skipped instead
      expect(job.if).toContain(`needs.${source}.outputs.${output} != '[]'`);
      const producer = w.jobs[source];
      const step = /^\$\{\{ steps\.([a-z-]+)\.outputs\.list \}\}$/.exec(producer.outputs![output])![1];
      const run = producer.steps.find((s) => s.id === step)?.run ?? '';
      // the command on a line of its own: inside `echo "$(...)"` its failure would not fail the step
      expect(run).toMatch(/^list="\$\(npm run --silent environments\)"$/m);
      expect(run).toContain('echo "list=$list" >> "$GITHUB_OUTPUT"');
    },
  );
});

describe('deploying customer shards', () => {
  const main = workflows.find(([f]) => f === 'main.yml')![1];
  const runOf = (job: string) => main.jobs[job].steps.map((s) => s.run ?? '').join('\n');

  it('the reviewed deploy applies what the plan summary lists: the saved plan, or every shard plan', () => {
    expect(runOf('deploy')).toContain('--plan "reports/api-keys-${{ matrix.environment }}.plan.json"');
  });

  it("cdktf deploy's stack pattern takes the customers stack and each of its shards, never the platform stack or another environment's", () => {
    const pattern = /npx cdktf deploy "([^"]+)"/.exec(runOf('deploy-cdktf'))![1].replace('$ENVIRONMENT', 'prod');
    // the matcher the cdktf CLI picks stacks with: minimatch, a dependency of cdktf-cli (under
    // cdktn, whose CLI bundles its own copy, the one installed beside it)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(require.resolve('minimatch', { paths: [path.dirname(require.resolve('cdktf-cli/package.json'))] }));
    const minimatch = (typeof loaded === 'function' ? loaded : loaded.minimatch) as (s: string, p: string) => boolean;
    for (const stack of ['api-keys-prod', 'api-keys-prod-shard-00', 'api-keys-prod-shard-15', 'api-keys-prod-shard-123'])
      expect([stack, minimatch(stack, pattern)]).toEqual([stack, true]);
    for (const stack of ['api-keys-prod-platform', 'api-keys-prod-eu', 'api-keys-prod-eu-shard-01', 'api-keys-pro', 'api-keys-prod-shard-'])
      expect([stack, minimatch(stack, pattern)]).toEqual([stack, false]);
  });
});

describe('the composite set-up action', () => {
  const action = parse(fs.readFileSync(path.join(projectRoot, '.github', 'actions', 'setup', 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Step[] };
  };
  const steps = action.runs.steps;
  const when = (engine: string) => steps.filter((s) => s.if === `inputs.engine == '${engine}'`);

  it("installs Node (the line .nvmrc pins) with the npm cache, then npm ci from the checkout's lock file", () => {
    expect(action.runs.using).toBe('composite');
    expect(steps[0]).toMatchObject({ uses: 'actions/setup-node@v4', with: { 'node-version-file': '.nvmrc', cache: 'npm' } });
    expect(steps[0].with).not.toHaveProperty('node-version');
    expect(steps[1].run).toBe('npm ci --no-audit --no-fund');
  });

  it('by default sets up OpenTofu with the standard action and points cdktf and the scripts at it', () => {
    expect(action.inputs.engine.default).toBe('registry');
    const registry = when('registry');
    expect(registry.find((s) => s.uses?.startsWith('opentofu/setup-opentofu@'))?.with).toEqual({
      tofu_version: '${{ steps.pins.outputs.tofu }}',
      tofu_wrapper: false,
    });
    expect(registry.map((s) => s.run ?? '').join('\n')).toContain('echo TERRAFORM_BINARY_NAME=tofu >> "$GITHUB_ENV"');
    // the provider comes from its registry when the engine initializes: nothing builds it
    expect(registry.map((s) => s.run ?? '').join('\n')).not.toMatch(/go (build|install)|provision/);
  });

  it('keeps the source build behind engine: source, without the Keycloak server', () => {
    const source = when('source')
      .map((s) => s.run ?? '')
      .join('\n');
    expect(source).toContain('t.provision({ keycloakServer: false })');
    expect(steps.map((s) => s.run ?? '').join('\n')).not.toMatch(/ensureKeycloak|provisionAll|npm run tools|mvn /);
  });

  it("turns off cdktf's and the engine's network checks for every job", () => {
    const run = steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('echo CHECKPOINT_DISABLE=1 >> "$GITHUB_ENV"');
    expect(run).toContain('echo DISABLE_VERSION_CHECK=true >> "$GITHUB_ENV"');
  });

  /**
   * Type-checks `code` as a file in the repository's root with the project's compiler options:
   * the diagnostics, as text (empty when it compiles).
   */
  function typeErrors(code: string): string[] {
    const file = path.join(projectRoot, '__action-snippet__.ts');
    const options: ts.CompilerOptions = {
      ...ts.getDefaultCompilerOptions(),
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      types: ['node'],
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, ...rest) =>
      name === file ? ts.createSourceFile(name, code, language) : getSourceFile.call(host, name, language, ...rest);
    host.fileExists = (name) => name === file || fileExists.call(host, name);
    host.readFile = (name) => (name === file ? code : readFile.call(host, name));
    const program = ts.createProgram([file], options, host);
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('calls the toolchain with code that compiles against it (function and option names)', () => {
    const calls = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npx ts-node -T -e '([^']+)'/g)].map((m) => m[1]));
    expect(calls).toEqual(['import("./toolchain/provision").then((t) => t.provision({ keycloakServer: false }))']);
    for (const code of calls) expect([code, typeErrors(code)]).toEqual([code, []]);
    // the check can fail: a misspelt option or function is a type error
    expect(typeErrors(calls[0].replace('keycloakServer', 'keycloakServr')).join('\n')).toMatch(/keycloakServr/);
    expect(typeErrors(calls[0].replace('t.provision(', 't.provisionn(')).join('\n')).toMatch(/provisionn/);
  }, 120_000);
});

/**
 * The shell in the workflows, run for real with bash and jq. Only the GitHub CLI is stood in
 * for: a script that answers `gh api` reads from a fixture through the same `--jq` filter (with
 * the real jq) and records writes, so what is tested is the workflow's own logic.
 */
/**
 * The scripts need jq, as GitHub's runners have it; without it the suite says NOT RUN instead of
 * passing, and fails under APIKEYS_REQUIRE_INTEGRATION=1 (CI installs jq: .ci/run).
 */
describeGated('jq', jqMissing())('the workflow scripts', () => {
  const FAKE_GH = [
    '#!/bin/bash',
    'filter=""; method=GET; endpoint=""; body=""',
    'while [ $# -gt 0 ]; do case "$1" in',
    '  --jq) filter="$2"; shift 2;; --method) method="$2"; shift 2;; -F) body="${2#body=@}"; shift 2;;',
    '  api|--paginate) shift;; *) endpoint="$1"; shift;;',
    'esac; done',
    'if [ "$method" = GET ]; then jq -r "$filter" < "$GH_FIXTURE"; else echo "$method $endpoint" >> "$GH_WRITES"; cat "$body" >> "$GH_WRITES"; fi',
  ].join('\n');

  function run(
    script: string,
    fixture: unknown,
    env: Record<string, string>,
  ): { code: number; stderr: string; dir: string; writes: string; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-wf-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'gh'), FAKE_GH, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'fixture.json'), JSON.stringify(fixture));
    for (const f of ['writes', 'output']) fs.writeFileSync(path.join(dir, f), '');
    const res = spawnSync('bash', ['--norc', '--noprofile', '-e', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
        GH_FIXTURE: path.join(dir, 'fixture.json'),
        GH_WRITES: path.join(dir, 'writes'),
        GITHUB_OUTPUT: path.join(dir, 'output'),
        GITHUB_REPOSITORY: 'example/api-keys',
        RUNNER_TEMP: dir,
        ...env,
      },
    });
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    const out = { code: res.status ?? 1, stderr: res.stderr, dir, writes: read('writes'), output: read('output') };
    fs.rmSync(dir, { recursive: true, force: true });
    return out;
  }

  describe('data only, or code too (pull-request-plan.yml, job scope)', () => {
    const [, w] = workflows.find(([f]) => f === 'pull-request-plan.yml')!;
    const script = w.jobs.scope.steps.find((s) => s.id === 'files')!.run!;
    const files = (...list: (string | [string, string])[]) =>
      list.map((f) => (typeof f === 'string' ? { filename: f } : { filename: f[0], previous_filename: f[1], status: 'renamed' }));
    const classify = (list: ReturnType<typeof files>, changedFiles = list.length) => {
      const res = run(script, list, { PR: '7', CHANGED_FILES: String(changedFiles) });
      expect(res.stderr).toBe('');
      return /^changes=(\w+)$/m.exec(res.output)?.[1];
    };

    it('data: customer files and platform.yaml only', () => {
      expect(classify(files('customers/acme.yaml', 'customers/globex.yaml', 'platform.yaml'))).toBe('data');
    });

    it('environments: environments.yaml besides data', () => {
      expect(classify(files('customers/acme.yaml', 'environments.yaml'))).toBe('environments');
    });

    it.each([
      ['a script', files('customers/acme.yaml', 'engine/deploy.ts')],
      ['a workflow', files('.github/workflows/pull-request-plan.yml')],
      ['the lock file', files('package-lock.json', 'customers/acme.yaml')],
      ['a file in a subdirectory of customers/', files('customers/nested/acme.yaml')],
      ['a script moved into customers/', files(['customers/acme.yaml', 'engine/deploy.ts'])],
      ['a file name with a newline', files('customers/acme.yaml\nscripts/x.ts')],
    ])('code: %s', (_what, list) => {
      expect(classify(list)).toBe('code');
    });

    it('code: a list shorter than the pull request (the API stops at 3,000 files)', () => {
      expect(classify(files('customers/acme.yaml'), 3001)).toBe('code');
    });
  });

  describe('one comment per environment (.github/actions/pr-comment)', () => {
    const action = parse(fs.readFileSync(path.join(projectRoot, '.github', 'actions', 'pr-comment', 'action.yml'), 'utf8')) as {
      runs: { steps: Step[] };
    };
    const [step] = action.runs.steps;
    const MARKER = step.env!.MARKER.replace('${{ inputs.marker }}', 'plan:staging');
    const comment = (id: number, login: string, body: string) => ({ id, user: { login }, body });

    function post(existing: unknown[]) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-body-'));
      fs.writeFileSync(path.join(dir, 'plan.md'), '### staging\nAdded: `acme`\n');
      const res = run(step.run!, existing, { MARKER, BODY_FILE: path.join(dir, 'plan.md'), PR: '7', GH_TOKEN: 'unused' });
      fs.rmSync(dir, { recursive: true, force: true });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      return res.writes;
    }

    it("updates the workflow's own comment for that environment, found by its marker", () => {
      const writes = post([
        comment(1, 'github-actions[bot]', '<!-- keycloak-api-keys:plan:prod -->\nprod plan'),
        comment(2, 'github-actions[bot]', '<!-- keycloak-api-keys:plan:staging -->\nold staging plan'),
        comment(3, 'reviewer', 'looks good'),
      ]);
      expect(writes).toBe(`PATCH repos/example/api-keys/issues/comments/2\n${MARKER}\n### staging\nAdded: \`acme\`\n`);
    });

    it('creates it when there is none, and ignores a marker planted by someone else', () => {
      const writes = post([
        comment(5, 'contributor', `${MARKER}\nplanted`),
        comment(6, 'github-actions[bot]', '<!-- keycloak-api-keys:plan:prod -->\n'),
      ]);
      expect(writes).toBe(`POST repos/example/api-keys/issues/7/comments\n${MARKER}\n### staging\nAdded: \`acme\`\n`);
    });
  });
});
