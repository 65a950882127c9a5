import { browser } from 'wxt/browser';

/** Asks, at run time and only when missing, for access to one endpoint's origin (must follow a click). */
export async function requestOriginPermission(url: string): Promise<boolean> {
  try {
    const origin = `${new URL(url).origin}/*`;
    return (await browser.permissions.contains({ origins: [origin] })) || (await browser.permissions.request({ origins: [origin] }));
  } catch {
    return false;
  }
}
