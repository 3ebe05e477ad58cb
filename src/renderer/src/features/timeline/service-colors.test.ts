import { describe, expect, it } from 'vitest';
import { serviceColorsOf } from './service-colors';

describe('serviceColorsOf', () => {
  it('gives ten services ten different colours, and a service the same colour beside others', () => {
    const names = Array.from({ length: 10 }, (_, i) => `service-${i}`);
    const colors = serviceColorsOf(names);
    expect(new Set(colors.values()).size).toBe(10);
    expect(serviceColorsOf(['service-3']).get('service-3')).toBe(colors.get('service-3') ?? 'none');
  });

  it('colours the services of the three-service fixture apart', () => {
    const colors = serviceColorsOf(['frontend', 'orders', 'postgres']);
    expect(new Set(colors.values()).size).toBe(3);
  });
});
