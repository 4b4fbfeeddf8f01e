/** Unit tests need nothing but Node; integration tests provision the toolchain and start Keycloak. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'],
      transform,
      globalSetup: '<rootDir>/__tests__/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/__tests__/integration/support/global-teardown.ts',
      slowTestThreshold: 120,
      setupFilesAfterEnv: ['<rootDir>/__tests__/integration/support/timeout.ts'],
    },
  ],
};
