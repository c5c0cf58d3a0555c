/**
 * A provider's mark: its catalog colour with its initials. The catalog's `icon` names artwork
 * the console may not have (a provider added after this build): the initials always work.
 */
export function ProviderIcon({ name, icon, color }: { name: string; icon: string; color: string }) {
  const initials = name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span className="provider-icon" data-icon={icon} style={{ background: color, color: readableOn(color) }} aria-hidden="true">
      {initials}
    </span>
  );
}

/** Black or white, whichever reads on the colour (#RRGGBB), by its relative luminance. */
function readableOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fff';
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const v = parseInt(c!, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.35 ? '#111' : '#fff';
}
