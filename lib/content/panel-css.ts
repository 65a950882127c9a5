import css from '@/components/panel/panel.css?inline';

/**
 * The panel's and the teach wizard's styles, for their shadow roots: bundled with the assist
 * script (entrypoints/assist.ts) instead of loaded by the content script, which only loads that.
 */
export const PANEL_CSS = css.replaceAll(':root', ':host');
