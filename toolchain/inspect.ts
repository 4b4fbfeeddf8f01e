/** What is installed: versions of the engine and of Java, and which engine a command runs. Reads only. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { paths, toolchain } from '../config/paths';
import { currentSettings, inheritedEnvironment } from '../config/settings';
import { capture } from './process';

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The user's GOFLAGS plus one `-mod=` setting of ours: a user's own flags (such as
 * `-modcacherw`) are kept, and our `-mod=` wins over theirs, since the build needs it.
 */
export function withGoFlag(flag: string, goflags = currentSettings().toolchain.goflags): string {
  return [...goflags.split(/\s+/).filter((f) => f !== '' && !f.startsWith('-mod=')), flag].join(' ');
}

/** True when the user chose their own engine (a name on PATH or a path). */
export function userEngine(): string | undefined {
  return currentSettings().toolchain.engineBinary;
}

/** The engine every command runs: the user's choice, else the pinned build. */
export function engineBinary(): string {
  return userEngine() ?? paths.engine();
}

/** The environment without a CLI config file that does not exist (the engine warns on stdout). */
export function withoutMissingCliConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  if (out.TF_CLI_CONFIG_FILE && !fs.existsSync(out.TF_CLI_CONFIG_FILE)) delete out.TF_CLI_CONFIG_FILE;
  return out;
}

export function engineVersion(binary: string): string | undefined {
  const res = capture(binary, ['version', '-json'], { env: withoutMissingCliConfig(inheritedEnvironment()) });
  if (res.code !== 0) return undefined;
  try {
    return JSON.parse(res.stdout).terraform_version as string;
  } catch {
    return undefined;
  }
}

/**
 * A JDK for Keycloak: JAVA_HOME when set, else the newest JDK of 17+ under the usual
 * install roots (Keycloak recommends 25), else whatever `java` is on PATH.
 */
export function findJavaHome(): string | undefined {
  const javaHome = currentSettings().toolchain.javaHome;
  if (javaHome && fs.existsSync(path.join(javaHome, 'bin', 'java'))) return javaHome;
  const roots = ['/usr/lib/jvm', '/opt/java', '/usr/local/lib/jvm', path.join(os.homedir(), '.sdkman/candidates/java')];
  const candidates: { home: string; major: number }[] = [];
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const name of fs.readdirSync(root)) {
      const home = path.join(root, name);
      if (!fs.existsSync(path.join(home, 'bin', 'java'))) continue;
      const release = path.join(home, 'release');
      const match = fs.existsSync(release) ? /JAVA_VERSION="(\d+)/.exec(fs.readFileSync(release, 'utf8')) : null;
      const major = match ? parseInt(match[1], 10) : 0;
      if (major >= toolchain.keycloak.minimumJava) candidates.push({ home, major });
    }
  }
  candidates.sort((a, b) => b.major - a.major);
  return candidates[0]?.home;
}

/** What a command needs provisioned. */
export interface ToolchainNeeds {
  /** The Keycloak server distribution: only where an environment is `local`, or for the tests. @default false */
  readonly keycloakServer?: boolean;
}
