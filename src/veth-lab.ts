// A throwaway network for attach demos and tests: a veth pair between this process's network
// namespace and a peer namespace made for the purpose, with addresses only those two
// namespaces know. Call it from a process in a private network namespace (inPrivateNetns),
// so nothing is added to the host's own interfaces. Needs root and iproute2/iputils-ping.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';

const MARK = 'LIBBPF_WASM_PRIVATE_NETNS';

/**
 * Runs `node script args` in a new network namespace (unshare --net, and --mount with
 * mount: true for a private tracefs), output inherited or captured. The namespace ends
 * with the process.
 */
export function runInPrivateNetns(script: string, args: string[] = [], opts: { capture?: boolean; mount?: boolean } = {}):
  SpawnSyncReturns<string> {
  const flags = ['--net', ...(opts.mount ? ['--mount', '--propagation', 'private'] : [])];
  return spawnSync('unshare', [...flags, process.execPath, script, ...args], {
    encoding: 'utf8',
    stdio: opts.capture ? 'pipe' : 'inherit',
    env: { ...process.env, [MARK]: '1' },
    timeout: 120_000,
  });
}

/** True in a process started by runInPrivateNetns. */
export const inPrivateNetns = (): boolean => process.env[MARK] === '1';

export interface VethLab {
  /** This namespace's end: where programs attach. */
  ifname: string;
  ifindex: number;
  /** The peer namespace's name (ip netns) and addresses. */
  peerNs: string;
  localAddr: string;
  peerAddr: string;
  /** Pings localAddr from the peer namespace: true when every reply came back. */
  ping(count?: number): boolean;
  /** Deletes the peer namespace (and with it the pair). */
  cleanup(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Makes the pair: `lbw0` here (10.77.0.1/24), its peer in a new namespace (10.77.0.2/24). */
export function createVethLab(): VethLab {
  if (!inPrivateNetns()) {
    throw new Error('createVethLab: run this in a private network namespace (runInPrivateNetns), not the host\'s');
  }
  const peerNs = `lbw-peer-${process.pid}`;
  const ifname = 'lbw0', localAddr = '10.77.0.1', peerAddr = '10.77.0.2';
  ip('netns', 'add', peerNs);
  const lab: VethLab = {
    ifname, ifindex: 0, peerNs, localAddr, peerAddr,
    ping(count = 3) {
      const r = spawnSync('ip', ['netns', 'exec', peerNs, 'ping', '-q', '-c', String(count), '-i', '0.2', '-W', '1', localAddr],
        { stdio: 'pipe', timeout: 30_000 });
      return r.status === 0;
    },
    cleanup() {
      spawnSync('ip', ['netns', 'del', peerNs], { stdio: 'pipe' });
    },
  };
  try {
    ip('link', 'set', 'lo', 'up');
    ip('link', 'add', ifname, 'type', 'veth', 'peer', 'name', 'lbw1', 'netns', peerNs);
    ip('addr', 'add', `${localAddr}/24`, 'dev', ifname);
    ip('link', 'set', ifname, 'up');
    ip('-n', peerNs, 'addr', 'add', `${peerAddr}/24`, 'dev', 'lbw1');
    ip('-n', peerNs, 'link', 'set', 'lbw1', 'up');
    ip('-n', peerNs, 'link', 'set', 'lo', 'up');
    lab.ifindex = ifindexOf(ifname);
  } catch (e) {
    lab.cleanup();
    throw e;
  }
  return lab;
}

// /sys/class/net shows the namespace sysfs was mounted in: ask ip in this namespace instead.
function ifindexOf(name: string): number {
  const out = execFileSync('ip', ['-o', 'link', 'show', 'dev', name], { encoding: 'utf8' });
  return Number(out.split(':')[0]);
}
