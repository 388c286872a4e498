// The bubblewrap command line for one sandboxed run. Pure: paths and limits in, argv out.
import type { SandboxLimits } from './types.js';

/** Where things sit inside the sandbox. */
export const insidePaths = {
  input: '/sandbox',
  runner: '/opt/fdsp/sandbox-runner.py',
  packages: '/opt/fdsp/packages',
  work: '/work',
  home: '/work/home',
} as const;

/** The uid the code runs as inside its user namespace. */
export const sandboxUid = 1000;

export interface SandboxCommandOptions {
  readonly bwrapPath: string;
  readonly pythonPath: string;
  /** Host path of python/sandbox-runner.py. */
  readonly runnerPath: string;
  /** Host directory holding the candidate, the test and the synthetic /etc files; bound read-only. */
  readonly inputDirectory: string;
  /** Host directory of fdsp's pinned extra Python packages (python/sandbox-packages), bound read-only if given. */
  readonly packagesDirectory?: string;
  /**
   * When fdsp runs as root, the host uid to drop to before entering the sandbox: RLIMIT_NPROC never binds uid 0,
   * and a distinct uid per parallel slot keeps one run's processes from counting against another's.
   */
  readonly hostUid?: number;
  readonly limits: SandboxLimits;
  /** JSON handed to the runner as its only argument. */
  readonly runnerConfig: string;
}

// Read-only pieces of /etc that Python and common libraries read; `-try` because not every system has each one.
const etcFiles = [
  '/etc/ld.so.cache',
  '/etc/localtime',
  '/etc/mime.types',
  '/etc/alternatives',
  '/etc/ssl',
  '/etc/python3',
  '/etc/python3.11',
  '/etc/nsswitch.conf',
];

export interface SandboxCommand {
  readonly command: string;
  readonly args: string[];
  /** Host uid and gid the spawn drops to (with supplementary groups cleared) before exec; absent: the caller's. */
  readonly uid?: number;
  readonly gid?: number;
}

export function buildSandboxCommand(options: SandboxCommandOptions): SandboxCommand {
  const { limits } = options;
  const bwrap = [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    String(sandboxUid),
    '--gid',
    String(sandboxUid),
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/sbin',
    '/sbin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    ...etcFiles.flatMap((file) => ['--ro-bind-try', file, file]),
    '--ro-bind',
    `${options.inputDirectory}/passwd`,
    '/etc/passwd',
    '--ro-bind',
    `${options.inputDirectory}/group`,
    '/etc/group',
    '--ro-bind',
    `${options.inputDirectory}/hosts`,
    '/etc/hosts',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(limits.scratchBytes),
    '--tmpfs',
    '/tmp',
    '--size',
    String(limits.scratchBytes),
    '--tmpfs',
    insidePaths.work,
    '--ro-bind',
    options.inputDirectory,
    insidePaths.input,
    '--ro-bind',
    options.runnerPath,
    insidePaths.runner,
    ...(options.packagesDirectory === undefined ? [] : ['--ro-bind', options.packagesDirectory, insidePaths.packages]),
    // The root bwrap builds is a writable tmpfs; seal it so /etc, / and friends refuse writes like the host's would.
    '--remount-ro',
    '/',
    '--chdir',
    insidePaths.work,
    '--clearenv',
    ...setenv({
      PATH: '/usr/bin:/bin',
      HOME: insidePaths.home,
      USER: 'sandbox',
      TMPDIR: '/tmp',
      LANG: 'C.UTF-8',
      PYTHONHASHSEED: '0',
      PYTHONIOENCODING: 'utf-8',
      OPENBLAS_NUM_THREADS: '1',
    }),
    '--',
    options.pythonPath,
    '-I',
    '-S',
    '-B',
    insidePaths.runner,
    options.runnerConfig,
  ];
  if (options.hostUid === undefined) return { command: options.bwrapPath, args: bwrap };
  // The spawn itself drops to the slot's uid (setgroups(0), setgid, setuid before exec), as `setpriv --reuid
  // --regid --clear-groups` did, without a process of its own per run.
  return { command: options.bwrapPath, args: bwrap, uid: options.hostUid, gid: options.hostUid };
}

function setenv(variables: Record<string, string>): string[] {
  return Object.entries(variables).flatMap(([name, value]) => ['--setenv', name, value]);
}

/** The limits the runner applies with setrlimit before any candidate code runs. */
export function runnerLimits(limits: SandboxLimits): Record<string, number> {
  return {
    RLIMIT_CPU: limits.cpuSeconds,
    RLIMIT_AS: limits.memoryBytes,
    RLIMIT_NPROC: limits.processes,
    RLIMIT_FSIZE: limits.fileSizeBytes,
    RLIMIT_NOFILE: limits.openFiles,
    RLIMIT_CORE: 0,
  };
}
