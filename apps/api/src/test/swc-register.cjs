// Lets a child `node` process run the API from its TypeScript sources, as jest does (same swc
// settings as jest.config.js): `node -r ./src/test/swc-register.cjs src/main.ts`. The crash tests
// start the real API this way so they need no `pnpm build` first. Tests only.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const DOMAIN = resolve(__dirname, '../../../../packages/domain/src/index.ts');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@shiming/domain') return resolveFilename.call(this, DOMAIN, ...rest);
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (e) {
    // `import('./x.js')` in the sources names the compiled file; from the sources it is x.ts.
    if (request.startsWith('.') && request.endsWith('.js'))
      return resolveFilename.call(this, `${request.slice(0, -3)}.ts`, ...rest);
    throw e;
  }
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
