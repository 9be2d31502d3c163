// How usercare's tests and benchmarks start Debian's Chromium: as root it needs --no-sandbox, and
// without the networking switches it keeps dialling Google's hosts, which this network refuses.
// --lang pins the browser's own language (navigator.language, how date fields order their parts)
// whatever the machine's locale, so a test that types a date means the same date everywhere.
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--lang=en-US',
];
