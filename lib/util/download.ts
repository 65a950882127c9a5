/** Saves text as a file through the browser's download bar (extension pages only). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/**
 * Saves a Blob or File (also a disk-backed one, which is not read into memory here) through the
 * download bar. The object URL is revoked after `keepMs`: by then the download holds the data.
 */
export function downloadBlob(fileName: string, blob: Blob, keepMs = 10_000): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), keepMs);
}
