import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions } from 'playwright-core';

/**
 * The switches every test browser runs with: no sandbox (containers), no GPU, and nothing that talks
 * to the network or does work of its own (QUIC, first-run pages, background fetches, component updates, sync).
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system Chromium (never a downloaded one; CHROMIUM_PATH overrides where it is), headless; `extraArgs` add switches (a fake microphone, for one). */
function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] };
}

/** A browser whose every context gets a fresh temporary profile from playwright. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions(extraArgs));
}

/** One browser context on a fresh profile directory of its own (`<name>-chromium-…` in the temporary directory). */
export function launchChromiumProfile(name: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), `${name}-chromium-`));
  return chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), ...options });
}
