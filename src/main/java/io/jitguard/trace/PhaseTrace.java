package io.jitguard.trace;

import java.io.PrintStream;

/**
 * Where a run's time goes: with {@code JITGUARD_TRACE=1}, each phase's end is printed to stderr
 * with the wall clock in milliseconds ("jitguard trace: 1764821234123 toolchain loaded"), so a
 * script that noted the time it started the process can tell what the JVM's start took as well.
 * Off, a mark costs one field read.
 */
public final class PhaseTrace {
  private static final boolean ON = "1".equals(System.getenv("JITGUARD_TRACE"));
  private static final PrintStream ERR = System.err;

  private PhaseTrace() {}

  /** Notes that {@code phase} has just ended (one stderr line, when tracing is on). */
  public static void mark(String phase) {
    if (ON) {
      long now = System.currentTimeMillis();
      synchronized (ERR) {
        ERR.println("jitguard trace: " + now + " " + phase);
      }
    }
  }
}
