import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config/config';
import type { Logger } from '../logger';

/**
 * How long the hub waits for a client, and how many connections it keeps.
 * One client must not be able to hold the process's sockets or file
 * descriptors: slow headers, idle sockets and a flood of connections from one
 * address are all cut off. MAX_CONNECTIONS must stay below the process's
 * open-file limit (`ulimit -n`), which the database's files share. README and
 * docs/security.md say what a reverse proxy in front adds.
 */
export const CONNECTION_TIMEOUTS = {
  /** The request line and headers must arrive within this (Node's default is 60 s). */
  headersMs: 10_000,
  /** The whole request, body included: a 10 MB upload needs about 85 KB/s. */
  requestMs: 120_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: 5_000,
  /** A socket with no traffic either way for this long is closed (live-update streams send a heartbeat every 25 s). */
  idleMs: 60_000,
  /** How often Node looks for requests past headersMs/requestMs (its default, 30 s, would let slow headers stay 40 s). */
  checkEveryMs: 2_000,
} as const;

/** Options for `http.createServer`: the time-outs above. */
export const SERVER_OPTIONS: ServerOptions = {
  headersTimeout: CONNECTION_TIMEOUTS.headersMs,
  requestTimeout: CONNECTION_TIMEOUTS.requestMs,
  keepAliveTimeout: CONNECTION_TIMEOUTS.keepAliveMs,
  connectionsCheckingInterval: CONNECTION_TIMEOUTS.checkEveryMs,
};

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
function peerOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Cap open connections in all (`MAX_CONNECTIONS`; Node closes the rest as they
 * arrive) and per peer address (`MAX_CONNECTIONS_PER_IP`), and close idle
 * sockets. The per-address cap counts the socket's peer: behind a reverse
 * proxy that is the proxy itself, so it is off by default with TRUST_PROXY
 * and the proxy must cap connections per client. Request-level limits (live
 * streams, rate limits) use the forwarded client address instead.
 */
export function limitConnections(
  server: Server,
  config: Pick<Config, 'maxConnections' | 'maxConnectionsPerIp'>,
  logger?: Logger,
) {
  server.setTimeout(CONNECTION_TIMEOUTS.idleMs);
  if (config.maxConnections > 0) server.maxConnections = config.maxConnections;
  const perPeer = new Map<string, number>();
  let refused = 0;
  let lastWarning = 0;
  const warn = () => {
    refused++;
    const now = Date.now();
    if (logger && now - lastWarning > 60_000) {
      logger.warn('connections refused: too many open', {
        refused,
        maxConnections: config.maxConnections,
        maxConnectionsPerIp: config.maxConnectionsPerIp,
      });
      lastWarning = now;
      refused = 0;
    }
  };
  server.on('drop', warn);
  if (config.maxConnectionsPerIp > 0) {
    const cap = config.maxConnectionsPerIp;
    server.on('connection', (socket: Socket) => {
      const peer = peerOf(socket);
      const open = perPeer.get(peer) ?? 0;
      if (open >= cap) {
        socket.destroy();
        warn();
        return;
      }
      perPeer.set(peer, open + 1);
      socket.once('close', () => {
        const left = (perPeer.get(peer) ?? 1) - 1;
        if (left > 0) perPeer.set(peer, left);
        else perPeer.delete(peer);
      });
    });
  }
  return {
    /** Open connections by peer address (only counted when the per-address cap is on). */
    openByPeer: () => new Map(perPeer),
  };
}
