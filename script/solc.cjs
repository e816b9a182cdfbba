#!/usr/bin/env node
// forge cannot download compilers here, so foundry.toml points `solc` at this file.
// forge calls it with `--version` (reads the last line) and with `--standard-json` (input on stdin);
// both are answered by the npm `solc` package pinned in package.json.
'use strict';
const solc = require('solc');

if (process.argv.includes('--version')) {
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`,
  );
  process.exit(0);
}
if (!process.argv.includes('--standard-json')) {
  process.stderr.write(
    'script/solc.cjs only serves `--version` and `--standard-json` (for forge)\n',
  );
  process.exit(2);
}
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  process.stdout.write(solc.compile(Buffer.concat(chunks).toString('utf8')));
});
