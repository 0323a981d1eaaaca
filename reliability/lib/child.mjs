// Runs a child process and classifies how it ended: a crash (signal) is a result to
// count, never a failure of the harness.
import { spawn } from 'node:child_process';

/**
 * Starts cmd; returns { pid, done }, done resolving with { status, signal, stdout, stderr,
 * json (the last stdout line parsed, or undefined), timedOut }. onStderr(line): each
 * stderr line as it comes (progress of long children).
 */
export function startChild(cmd, args, { timeoutMs = 120_000, env, onStderr } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    if (!onStderr) return;
    const lines = (pending + d).split('\n');
    pending = lines.pop();
    for (const line of lines) onStderr(line);
  });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let json;
      const last = stdout.trim().split('\n').pop();
      try { json = last ? JSON.parse(last) : undefined; } catch { json = undefined; }
      resolve({ status, signal, stdout, stderr, json, timedOut });
    });
  });
  return { pid: child.pid, done };
}

export const runChild = (cmd, args, opts) => startChild(cmd, args, opts).done;
