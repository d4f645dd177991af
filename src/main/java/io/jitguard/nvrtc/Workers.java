package io.jitguard.nvrtc;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a run's compiles go: this process's NVRTC, or a {@link WorkerPool} of processes with one
 * NVRTC each. Neither NVRTC 13.0 nor 13.3 compiles in parallel within one process beyond about
 * 1.5x: on the 16-core device machine, 16 threads of one process take 6.6-6.8 s for the bundled
 * matrix with either, 16 worker processes 1.75-1.83 s (BENCHMARKS.md).
 */
public enum Workers {
  /** Worker processes whenever more than one compile runs at once. */
  AUTO,
  /** Always worker processes, one at {@code --jobs 1} too (an NVRTC crash then ends only a worker). */
  ON,
  /** Always this process's NVRTC. */
  OFF;

  /** Worker processes at most: each starts a JVM and an NVRTC of its own (16 beat 8 and 12 on 16 cores). */
  public static final int MAX = 16;

  /**
   * @throws IllegalArgumentException naming {@code what} for anything but auto, on or off
   */
  public static Workers parse(String text, String what) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "on" -> ON;
      case "off" -> OFF;
      default -> throw new IllegalArgumentException(what + " must be auto, on or off, not '" + text + "'");
    };
  }

  /**
   * The pool for {@code jobs} compiles at once, its workers already starting; empty where compiles
   * stay in this process (or where this JVM cannot tell the class path to start workers with).
   */
  public Optional<WorkerPool> pool(int jobs) {
    boolean pooled = this == ON || this == AUTO && jobs > 1;
    return pooled ? WorkerPool.forThisProcess(Math.max(1, Math.min(jobs, MAX))).map(WorkerPool::prestart)
        : Optional.empty();
  }
}
