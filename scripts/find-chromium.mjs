// Finds the browsers the demo and tests drive; installs Debian's packages when it can.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

function find(envVar, candidates, aptPackage, name) {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${envVar}=${fromEnv} does not exist.`);
  }
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    console.log(`${name} not found: installing Debian's ${aptPackage}…`);
    const r = spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${aptPackage}`], { stdio: 'inherit' });
    if (r.status === 0 && existsSync(candidates[0])) return candidates[0];
  }
  throw new Error(`${name} was not found. Install it (Debian/Ubuntu: sudo apt-get install ${aptPackage}) or set ${envVar} to its path.`);
}

export async function findChromium() {
  return find('CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'], 'chromium', 'Chromium');
}

export async function findFirefox() {
  return find('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox'], 'firefox-esr', 'Firefox ESR');
}

if (process.argv[1]?.endsWith('find-chromium.mjs')) {
  console.log(`chromium: ${await findChromium()}\nfirefox:  ${await findFirefox()}`);
}
