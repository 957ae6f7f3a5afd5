#!/usr/bin/env node
// ecsguard's command (CommonJS, so start-up needs no ES module loader). The code lives in dist/,
// built by `npm ci` / `npm install` (prepare) and before packing (prepack). The bundle
// (dist/bundle/ecsguard.cjs) runs with the V8 code cache beside it, so start-up skips compiling
// it; a cache from another Node version is rejected by V8 and written again where the directory
// allows it. Without a bundle, the compiled modules in dist/ run as they are.
'use strict';
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundle = join(__dirname, '../dist/bundle/ecsguard.cjs');
const modules = join(__dirname, '../dist/cli/main.js');

function loadBundle(file) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapper, cachedData ? { filename: file, cachedData } : { filename: file });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
  if (!cachedData || script.cachedDataRejected || process.env.ECSGUARD_WRITE_CODE_CACHE === '1') {
    // after the run, so the functions it compiled are in the cache; best effort (a read-only install)
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // the next run compiles again
      }
    });
  }
  return mod.exports;
}

async function run() {
  let main;
  if (existsSync(bundle)) main = loadBundle(bundle).main;
  else if (existsSync(modules)) main = (await import(pathToFileURL(modules).href)).main;
  else {
    process.stderr.write('ecsguard: not built yet; run `npm install` (or `npm run build`) in the ecsguard directory\n');
    return 2;
  }
  return main(process.argv.slice(2));
}

run().then((code) => {
  process.exitCode = code;
});
