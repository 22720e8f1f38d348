// Runs dependency-cruiser (the rules in .dependency-cruiser.cjs) with TypeScript 5.9 as its parser.
// dependency-cruiser 17 (the last release for Node 20) reads .ts/.tsx only through the `typescript` package and
// refuses 7.x (it then silently checks no TypeScript file), while the project type checks with TypeScript 7. So
// `typescript` asked for from inside dependency-cruiser resolves to the `typescript-5` alias; nothing else changes.
import Module, { register } from 'node:module';

const FROM_CRUISER = /[\\/]node_modules[\\/]dependency-cruiser[\\/]/;
const renamed = (request) =>
  request === 'typescript' || request.startsWith('typescript/') ? `typescript-5${request.slice(10)}` : request;

// CommonJS: dependency-cruiser reads the version with require('typescript/package.json').
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  return resolveFilename.call(
    this,
    FROM_CRUISER.test(parent?.filename ?? '') ? renamed(request) : request,
    parent,
    ...rest,
  );
};

// ES modules: it loads the compiler with import('typescript').
const hooks = `
const FROM_CRUISER = ${FROM_CRUISER};
export async function resolve(specifier, context, next) {
  if (FROM_CRUISER.test(context.parentURL ?? '') && (specifier === 'typescript' || specifier.startsWith('typescript/'))) {
    return next('typescript-5' + specifier.slice(10), context);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);

const bin = new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url);
await import(bin.href);
