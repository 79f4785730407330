// Jest runs in native-ESM mode because NestJS 12 ships ESM only (see shared toolchain notes).
const tsJest = [
  'ts-jest',
  {
    useESM: true,
    tsconfig: { isolatedModules: true, module: 'esnext', moduleResolution: 'bundler', target: 'ES2023', experimentalDecorators: true, emitDecoratorMetadata: true, types: ['node', 'jest'] },
  },
];
const moduleNameMapper = {
  '^@hotline/(domain|persistence|queue|config)$': '<rootDir>/libs/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const common = { extensionsToTreatAsEsm: ['.ts'], transform: { '^.+\\.ts$': tsJest }, moduleNameMapper, testEnvironment: 'node' };

export default {
  // Integration tests start real processes (a worker loads the classifier and jieba's dictionary).
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};
