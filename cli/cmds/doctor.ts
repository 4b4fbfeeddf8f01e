import { log } from '../../toolchain/process';
import { Command, localEnvironmentInUse } from '../command';

export const doctor: Command = {
  usage: 'doctor [--all]',
  summary: 'say where each toolchain part comes from, its version, and the next step for what is missing',
  options: { all: { type: 'boolean', help: 'also check the Keycloak server, even when no environment uses the local one' } },
  run: async ({ values }) => {
    const { diagnose, formatReports } = await import('../../toolchain/doctor');
    const reports = diagnose({ keycloakServer: values.all === true || (await localEnvironmentInUse()) });
    process.stdout.write(formatReports(reports) + '\n');
    const missing = reports.filter((r) => r.state === 'missing');
    log(missing.length ? `doctor: cannot provision ${missing.map((r) => r.part).join(', ')}; see the next steps above` : 'doctor: ok');
    return missing.length ? 1 : 0;
  },
};
