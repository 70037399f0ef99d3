// Debian's chromium through playwright-core (playwright's own browser download is unreachable here).
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './paths';

// No sandbox: CI runs as root. The rest keeps chromium from phoning home or stalling on /dev/shm.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function launchChromium(): Promise<Browser> {
  // launch() always starts from a fresh temporary profile, so runs do not leak state into each other.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS });
}
