/**
 * Engine log files: each run writes its own, even when two commands start in the same second
 * (they used to append to one file, their lines interleaved).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { logFileFor } from '../../engine/prepare';

describe('logFileFor', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'apikeys-logs-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates a new file per run under logs/, named after the stack, the command and the time', () => {
    const first = logFileFor(root, 'api-keys-local', 'deploy');
    expect(path.relative(root, first)).toMatch(/^logs\/api-keys-local-deploy-\d{4}-\d\d-\d\dT\d{6}Z\.log$/);
    expect(fs.existsSync(first)).toBe(true);
  });

  it('gives runs started in the same second files of their own', () => {
    // The stamp is to the second: should the clock tick in between, try again.
    for (let attempt = 1; ; attempt++) {
      // GIVEN another run's log of this second exists already
      const taken = logFileFor(root, 'api-keys-local', 'plan');
      fs.writeFileSync(taken, 'the other run\n');
      // WHEN two more runs of this process start
      const files = [logFileFor(root, 'api-keys-local', 'plan'), logFileFor(root, 'api-keys-local', 'plan')];
      const sameSecond = files.every((f) => path.basename(f).startsWith(path.basename(taken, '.log')));
      if (!sameSecond && attempt < 3) continue;
      // THEN each has its own file and the other run's is untouched
      expect(new Set([taken, ...files]).size).toBe(3);
      expect(files.map((f) => path.basename(f, '.log').slice(path.basename(taken, '.log').length))).toEqual([
        `-${process.pid}`,
        `-${process.pid}-2`,
      ]);
      expect(fs.readFileSync(taken, 'utf8')).toBe('the other run\n');
      return;
    }
  });
});
