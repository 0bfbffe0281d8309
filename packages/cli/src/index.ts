#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function buildProgram(): Command {
  return new Command('yunkit')
    .description(
      'One command line for Sangfor SCP, ZStack, Huawei Cloud and Volcengine.\n' +
        'Local emulators of each cloud: run `yunkit-emulator --help` (package @yunkit/emulator).',
    )
    .version(pkg.version, '-V, --version', 'print the yunkit version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError();
}

buildProgram().parse(process.argv);
