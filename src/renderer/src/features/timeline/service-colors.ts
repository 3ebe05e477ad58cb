/**
 * Colours of a run's services. Each service prefers the colour its name picks, so it keeps it from
 * run to run; a service whose colour is taken gets the next free one. Red and orange are left out:
 * they mean an error and a running span.
 */
const SERVICE_PALETTE = [
  '#4c6ef5',
  '#12b886',
  '#ae3ec9',
  '#1098ad',
  '#74b816',
  '#7048e8',
  '#a0785a',
  '#d6336c',
  '#495057',
  '#2f9e44',
] as const;

function preferredSlot(service: string): number {
  // FNV-1a over the UTF-16 units: cheap, and spreads similar names apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) hash = Math.imul(hash ^ service.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SERVICE_PALETTE.length;
}

/** A colour per service (names in the order the legend lists them); distinct up to ten services. */
export function serviceColorsOf(services: readonly string[]): ReadonlyMap<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const service of services) {
    let slot = preferredSlot(service);
    for (let tries = 0; taken.has(slot) && tries < SERVICE_PALETTE.length; tries++)
      slot = (slot + 1) % SERVICE_PALETTE.length;
    taken.add(slot);
    if (taken.size >= SERVICE_PALETTE.length) taken.clear();
    colors.set(service, SERVICE_PALETTE[slot] as string);
  }
  return colors;
}
