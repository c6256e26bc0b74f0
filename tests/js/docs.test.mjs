// The README's error table and the .d.ts ErrorCode union list every code of src/error.rs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoText } from './helpers.mjs';

const codes = [...repoText('src/error.rs').matchAll(/=> "([A-Z][A-Z0-9_]+)",?$/gm)].map((m) => m[1]);

test('src/error.rs has codes to document', () => {
  assert.ok(codes.length >= 20, `found ${codes.length}`);
  assert.ok(codes.includes('CERT_NOT_TRUSTED'));
});

test('README.md documents every error code', () => {
  const readme = repoText('README.md');
  const missing = codes.filter((c) => !readme.includes(`| \`${c}\` |`));
  assert.deepEqual(missing, []);
});

test('js/index.d.ts lists every error code', () => {
  const dts = repoText('js/index.d.ts');
  const missing = codes.filter((c) => !dts.includes(`'${c}'`));
  assert.deepEqual(missing, []);
});

test('README.md gives exactly the two set-up commands', () => {
  const readme = repoText('README.md');
  const block = readme.match(/## Set up and run[\s\S]*?```sh\n([\s\S]*?)```/)[1];
  const commands = block.split('\n').filter(Boolean).map((l) => l.replace(/\s*#.*$/, ''));
  assert.deepEqual(commands, ['npm start', 'npm test']);
});
