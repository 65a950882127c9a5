/** Thumbs up/down drawn as SVG, so they render the same without an emoji font. */
export function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" style={down ? { transform: 'rotate(180deg)' } : undefined}>
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        d="M7 10v11H3V10h4zm0 0l4-8c1.7 0 2.8 1.3 2.5 3L13 9h6a2 2 0 0 1 2 2.3l-1.3 7.5A2.5 2.5 0 0 1 17.2 21H7"
      />
    </svg>
  );
}
