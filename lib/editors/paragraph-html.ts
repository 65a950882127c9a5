/** Plain text as escaped paragraphs: page text is never interpreted as markup. */
export function toParagraphHtml(text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${para.split('\n').map(escape).join('<br>')}</p>`)
    .join('');
}

