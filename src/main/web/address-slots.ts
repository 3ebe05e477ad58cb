import type { Socket } from 'node:net';

/**
 * How many connections one remote address may hold before it has shown the token. Counted from
 * accept until the socket closes or is released (an authorised WebSocket counts elsewhere), so no
 * single address can take every TCP slot with connections that never say who they are.
 */
export class AddressSlots {
  private readonly held = new Map<string, number>();
  private readonly addressOf = new WeakMap<Socket, string>();

  constructor(private readonly perAddress: number) {}

  /** Counts `socket` against its address; false when that address has no slot left. */
  take(socket: Socket): boolean {
    const address = socket.remoteAddress ?? 'unknown';
    const count = this.held.get(address) ?? 0;
    if (count >= this.perAddress) return false;
    this.held.set(address, count + 1);
    this.addressOf.set(socket, address);
    socket.once('close', () => this.release(socket));
    return true;
  }

  /** Gives the socket's slot back (once; later calls do nothing). */
  release(socket: Socket): void {
    const address = this.addressOf.get(socket);
    if (address === undefined) return;
    this.addressOf.delete(socket);
    const count = (this.held.get(address) ?? 1) - 1;
    if (count > 0) this.held.set(address, count);
    else this.held.delete(address);
  }
}
