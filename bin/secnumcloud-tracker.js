#!/usr/bin/env node
// The package's command: the compiled CLI (npm ci builds dist/ through the prepare script).
import '../dist/src/cli.js';
