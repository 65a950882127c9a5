// Before the tests: make sure Chromium and Firefox ESR are there (installs Debian's packages when
// run as root on Debian; otherwise says exactly what to install).
import { findChromium, findFirefox } from './find-chromium.mjs';

const chromium = await findChromium();
const firefox = await findFirefox();
console.log(`Browsers: ${chromium}, ${firefox}`);
