/**
 * `npm run doctor`: for each part of the toolchain, where it comes from, its version, and
 * what is missing with the exact next step. Reads only: it never builds or downloads
 * anything but the provider module's metadata (to learn whether GOPROXY serves it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, paths, toolchain } from '../config/paths';
import { currentSettings, inheritedEnvironment } from '../config/settings';
import { capture } from './process';
import { compareVersions, engineVersion, findJavaHome, ToolchainNeeds, userEngine, withGoFlag } from './inspect';

/** ready: there now; provisionable: `npm run tools` will get it; missing: it will not, see `next`. */
export type PartState = 'ready' | 'provisionable' | 'missing' | 'not needed';

export interface PartReport {
  readonly part: string;
  readonly state: PartState;
  /** Where it comes from: cache, user engine, supplied binary, Go module proxy, Maven, ... */
  readonly source: string;
  readonly version?: string;
  /** What to do, when the state is `missing`. */
  readonly next?: string;
}

function goVersion(): string | undefined {
  const res = capture('go', ['env', 'GOVERSION']);
  return res.code === 0 ? res.stdout.trim().replace(/^go/, '') : undefined;
}

function goReady(minimum: string): string | undefined {
  const v = goVersion();
  if (!v) return `install Go ${minimum}+ and put \`go\` on PATH`;
  if (compareVersions(v, minimum) < 0) return `upgrade Go to ${minimum}+ (found ${v})`;
  return undefined;
}

function engineReport(): PartReport {
  const want = toolchain.opentofu.version;
  const own = userEngine();
  if (own) {
    const v = engineVersion(own);
    return v
      ? { part: 'engine', state: 'ready', source: `TERRAFORM_BINARY_NAME=${own}`, version: v }
      : {
          part: 'engine',
          state: 'missing',
          source: `TERRAFORM_BINARY_NAME=${own}`,
          next: `\`${own} version -json\` fails: fix TERRAFORM_BINARY_NAME or unset it`,
        };
  }
  if (fs.existsSync(paths.engine()) && engineVersion(paths.engine()) === want) {
    return { part: 'engine', state: 'ready', source: `cache (${paths.engine()})`, version: `OpenTofu ${want}` };
  }
  const supplied = currentSettings().toolchain.openTofuBinary;
  if (supplied) {
    const v = fs.existsSync(supplied) ? engineVersion(supplied) : undefined;
    return v === want
      ? {
          part: 'engine',
          state: 'provisionable',
          source: `APIKEYS_OPENTOFU_BINARY=${supplied} (copied into the cache)`,
          version: `OpenTofu ${v}`,
        }
      : {
          part: 'engine',
          state: 'missing',
          source: `APIKEYS_OPENTOFU_BINARY=${supplied}`,
          next: `it must be OpenTofu ${want} (found ${v ?? 'nothing runnable'}): fix or unset it`,
        };
  }
  const go = goReady(toolchain.opentofu.minimumGo);
  return go
    ? {
        part: 'engine',
        state: 'missing',
        source: 'a build from the Go module proxy',
        next: `${go}, or set TERRAFORM_BINARY_NAME to an OpenTofu/Terraform you have`,
      }
    : {
        part: 'engine',
        state: 'provisionable',
        source: `a build from the Go module proxy (GOPROXY=${goproxy()}; 5-15 min cold)`,
        version: `OpenTofu ${want}`,
      };
}

function goproxy(): string {
  const res = capture('go', ['env', 'GOPROXY']);
  return res.code === 0 ? res.stdout.trim() : '(unknown)';
}

function providerReport(): PartReport {
  const p = toolchain.keycloakProvider;
  const version = `keycloak ${p.version}`;
  if (fs.existsSync(paths.providerBinary()))
    return { part: 'provider', state: 'ready', source: `cache mirror (${paths.providerMirror()})`, version };
  const supplied = currentSettings().toolchain.providerBinary;
  if (supplied) {
    return fs.existsSync(supplied)
      ? {
          part: 'provider',
          state: 'provisionable',
          source: `APIKEYS_KEYCLOAK_PROVIDER_BINARY=${supplied} (copied into the mirror)`,
          version,
        }
      : {
          part: 'provider',
          state: 'missing',
          source: `APIKEYS_KEYCLOAK_PROVIDER_BINARY=${supplied}`,
          next: 'no such file: fix or unset it',
        };
  }
  const go = goReady(p.minimumGo);
  if (!go) {
    // Asks GOPROXY for the module's metadata and zip, verified against go.sum: what the build would do first.
    const res = capture('go', ['mod', 'download', '-json', p.goModule], {
      cwd: paths.providerModule(),
      env: { ...inheritedEnvironment(), GOFLAGS: withGoFlag('-mod=readonly') },
    });
    if (res.code === 0)
      return {
        part: 'provider',
        state: 'provisionable',
        source: `a build of its Go module (GOPROXY=${goproxy()}, verified by go.sum; about 1 min)`,
        version,
      };
    const why = ((JSON.parse(res.stdout || '{}').Error as string | undefined) ?? res.stderr.trim()).replace(/\s+/g, ' ');
    if (userEngine())
      return {
        part: 'provider',
        state: 'provisionable',
        source: `${userEngine()}'s provider registry (the Go module is not served: ${why})`,
        version,
      };
    return {
      part: 'provider',
      state: 'missing',
      source: `Go module (GOPROXY=${goproxy()})`,
      next: `GOPROXY does not serve ${p.goModule}@${p.goVersion} (${why}). Put a proxy or file:// mirror that does first in GOPROXY, or set APIKEYS_KEYCLOAK_PROVIDER_BINARY or TERRAFORM_BINARY_NAME (docs/toolchain.md: "Air-gapped or registry-less networks")`,
    };
  }
  if (userEngine()) return { part: 'provider', state: 'provisionable', source: `${userEngine()}'s provider registry`, version };
  return {
    part: 'provider',
    state: 'missing',
    source: 'a build of its Go module',
    next: `${go}, or set APIKEYS_KEYCLOAK_PROVIDER_BINARY or TERRAFORM_BINARY_NAME`,
  };
}

function keycloakReport(needed: boolean): PartReport[] {
  const k = toolchain.keycloak;
  const chosen = currentSettings().localKeycloak.version;
  const version = `Keycloak ${chosen}`;
  const home = paths.keycloakHome(chosen);
  const java = findJavaHome() ?? (capture('java', ['-version']).code === 0 ? 'java on PATH' : undefined);
  const javaReport: PartReport = java
    ? { part: 'java', state: 'ready', source: java }
    : {
        part: 'java',
        state: needed ? 'missing' : 'not needed',
        source: 'JAVA_HOME or a JDK under /usr/lib/jvm',
        next: needed ? `install a JDK ${k.minimumJava}+ (25 recommended) or set JAVA_HOME` : undefined,
      };
  if (fs.existsSync(path.join(home, 'bin', 'kc.sh')))
    return [{ part: 'keycloak server', state: 'ready', source: `cache (${home})`, version }, javaReport];
  if (!needed) return [{ part: 'keycloak server', state: 'not needed', source: 'no environment is local' }, javaReport];
  const mvn = capture('mvn', ['--version']).code === 0;
  return [
    mvn
      ? {
          part: 'keycloak server',
          state: 'provisionable',
          source: `Maven Central (${k.mavenArtifact}:${chosen}, about 170 MB)`,
          version,
        }
      : { part: 'keycloak server', state: 'missing', source: 'Maven Central', next: 'install Maven 3.8+ (e.g. `apt-get install maven`)' },
    javaReport,
  ];
}

/** Every part, for the needs of the command (or of `tools`). */
export function diagnose(needs: Required<ToolchainNeeds>): PartReport[] {
  return [engineReport(), providerReport(), ...keycloakReport(needs.keycloakServer)];
}

export function formatReports(reports: readonly PartReport[]): string {
  const lines = [`toolchain (cache directory ${cacheDir()}):`];
  for (const r of reports) {
    lines.push(`  ${r.part.padEnd(16)} ${r.state.padEnd(14)} ${r.version ? `${r.version}, ` : ''}from ${r.source}`);
    if (r.next) lines.push(`  ${''.padEnd(16)} next step: ${r.next}`);
  }
  return lines.join('\n');
}

/** A short verdict: what is missing and what to do, or that `npm run tools` can provision the rest. */
export function verdict(needs: Required<ToolchainNeeds>): string {
  const reports = diagnose(needs);
  const missing = reports.filter((r) => r.state === 'missing');
  const head = missing.length
    ? `doctor: ${missing.length} part(s) cannot be provisioned here: ${missing.map((r) => r.part).join(', ')}`
    : 'doctor: every part is there or can be provisioned by `npm run tools`';
  return `${head}\n${formatReports(reports)}`;
}
