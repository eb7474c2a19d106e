#!/usr/bin/env node
// Part of `npm run build`, after tsc: writes dist/schema/validators/<kind>.cjs, the precompiled
// validator of every kind schema (src/schema/precompile.ts), which the CLI loads instead of ajv.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { validatorModules } = await import('../dist/schema/precompile.js');
const { defaultSchemaDir, validatorDir } = await import('../dist/schema/registry.js');
const out = validatorDir();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const modules = validatorModules(defaultSchemaDir());
for (const m of modules) writeFileSync(join(out, m.name), m.code);
process.stdout.write(`precompiled ${modules.length} schema validators into dist/schema/validators/\n`);
