package io.jitguard.cli;

/** The exit codes of every command, in one place. */
public final class ExitCodes {
  /** Everything asked for worked. */
  public static final int OK = 0;
  /** Findings or compile failures. */
  public static final int FAILURES = 1;
  /** Bad command line, manifest or target. */
  public static final int USAGE = 2;
  /** The environment cannot run jitguard (NVRTC, headers, file system). */
  public static final int ENVIRONMENT = 3;
  /**
   * jitguard itself failed somewhere (a bug, reported as an internal error naming what it was
   * reading); never 1, which would blame the kernels. Shares 3 with environment errors.
   */
  public static final int INTERNAL = 3;

  private ExitCodes() {}
}
