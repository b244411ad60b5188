// Loaded into every test file (Jest `setupFiles`): a test can reach only this machine. Any TCP
// connection to a host that is not loopback fails at once, is recorded, and fails the test file
// at its end (see test-network-guard-after.mjs), so nothing in the suite reaches the internet by accident.
import net from 'node:net';

const GUARD = Symbol.for('crm.networkGuard');

function isLoopbackHost(host) {
  if (!host || host === 'localhost' || host.endsWith('.localhost')) return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

function targetOf(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first); // the internal normalized-arguments form
  if (first && typeof first === 'object') return first.path ? null : (first.host ?? 'localhost');
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a unix socket path
  return typeof second === 'string' ? second : 'localhost';
}

if (!globalThis[GUARD]) {
  const state = { blocked: [] };
  globalThis[GUARD] = state;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const host = targetOf(args);
    if (host !== null && !isLoopbackHost(host)) {
      const error = new Error(`Network access outside this machine is blocked in tests (tried ${host})`);
      error.code = 'ECONNREFUSED';
      state.blocked.push(host);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };
}
