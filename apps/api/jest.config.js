/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/|@nestjs/)'],
  moduleNameMapper: {
    // Dynamic imports carry the .js extension nodenext needs at run time (src/cli); tests load the .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@shiming/domain$': '<rootDir>/../../packages/domain/src/index.ts',
    '^@shiming/id-card-fixtures$': '<rootDir>/../../packages/id-card-fixtures/src/index.ts',
  },
  testTimeout: 60000,
};
