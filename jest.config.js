/** Unit tests need nothing but Node; integration tests provision the toolchain and start Keycloak. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
/** The toolchain cache (`.cache/` by default) holds Node.js packages and Keycloak: not the project's modules. */
const modulePathIgnorePatterns = ['<rootDir>/.cache/'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      transform,
      modulePathIgnorePatterns,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'],
      transform,
      modulePathIgnorePatterns,
      globalSetup: '<rootDir>/__tests__/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/__tests__/integration/support/global-teardown.ts',
      slowTestThreshold: 120,
      setupFilesAfterEnv: ['<rootDir>/__tests__/integration/support/timeout.ts'],
    },
  ],
};
