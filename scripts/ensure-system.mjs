#!/usr/bin/env node
// Checks the system packages the GPU tests need (see docs/architecture.md, "Running without a GPU"):
// Chromium for the browser tests (the Debian package also ships SwiftShader, the CPU Vulkan
// driver Dawn falls back to) and the Vulkan loader libvulkan.so.1 that Dawn loads.
// Missing ones are installed with apt-get when running as root; otherwise the command is printed
// and the script exits with status 1. Progress goes to stderr; nothing is read from stdin.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const INSTALL = 'apt-get update && apt-get install -y chromium libvulkan1';

function say(line) {
  process.stderr.write(`ensure-system: ${line}\n`);
}

function hasVulkanLoader() {
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    const result = spawnSync(ldconfig, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (result.status === 0) return /\blibvulkan\.so\.1\b/.test(result.stdout);
  }
  // No ldconfig: look where Debian and most distributions put the library.
  return [
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
  ].some((dir) => existsSync(`${dir}/libvulkan.so.1`));
}

/** The Debian packages whose files are missing. */
function missingPackages() {
  const missing = [];
  // A Chromium given through CHROMIUM_PATH need not come with SwiftShader; the Debian one does.
  if (!existsSync(CHROMIUM) || (!process.env.CHROMIUM_PATH && !existsSync(SWIFTSHADER_ICD))) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  return missing;
}

if (process.platform !== 'linux') {
  if (existsSync(CHROMIUM)) process.exit(0);
  say(`Chromium not found at ${CHROMIUM}: install Chromium and set CHROMIUM_PATH to its binary`);
  process.exit(1);
}

const missing = missingPackages();
if (missing.length === 0) {
  say(`ok: ${CHROMIUM} and libvulkan.so.1 are present`);
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  say(`missing: ${missing.join(', ')}. Install them as root with:`);
  say(`  sudo sh -c '${INSTALL}'`);
  process.exit(1);
}

say(`missing: ${missing.join(', ')}; installing with: ${INSTALL}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', 'chromium', 'libvulkan1']]) {
  // apt-get's output goes to stderr so that stdout stays clean for whoever runs the tests.
  const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 2, 2] });
  if (result.error || result.status !== 0) {
    say(
      `"apt-get ${args.join(' ')}" failed${result.error ? `: ${result.error.message}` : ` with status ${result.status}`}`,
    );
    process.exit(1);
  }
}

const stillMissing = missingPackages();
if (stillMissing.length > 0) {
  say(`still missing after installing: ${stillMissing.join(', ')}`);
  process.exit(1);
}
say('installed chromium and libvulkan1');
