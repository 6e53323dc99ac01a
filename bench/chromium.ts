/** The Chromium the web benches drive, and the flags that keep it quiet and alike on every run. */

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** No sandbox or GPU on a build machine; no QUIC, sync, updates or background traffic. */
export const quietChromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
