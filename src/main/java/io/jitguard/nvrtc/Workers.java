package io.jitguard.nvrtc;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a run's compiles go: this process's NVRTC, or processes with one NVRTC each (the native
 * {@link CompileServer}'s forked workers, else a {@link WorkerPool} of JVMs). Neither NVRTC 13.0 nor 13.3 compiles in parallel within one process beyond about
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

  /** Set to 0 to compile in a pool of JVM workers even where the native compile server can start. */
  public static final String SERVER_ENV = "JITGUARD_COMPILE_SERVER";

  /**
   * The processes for {@code jobs} compiles at once, already starting: the native compile server
   * ({@link CompileServer}, whose workers fork from one NVRTC that is set up once) where it can start,
   * else a pool of JVM workers; empty where compiles stay in this process (or where neither can start).
   *
   * @param warmUpOptions the options of the compile server's set-up compile (a target, the headers' folders)
   */
  public Optional<PooledCompiler> pool(int jobs, Nvrtc nvrtc, java.util.List<String> warmUpOptions) {
    boolean pooled = this == ON || this == AUTO && jobs > 1;
    if (!pooled) {
      return Optional.empty();
    }
    int size = Math.max(1, Math.min(jobs, MAX));
    java.util.function.Supplier<Optional<PooledCompiler>> jvmWorkers = () -> WorkerPool.forThisProcess(size)
        .map(WorkerPool::prestart);
    if (!"0".equals(System.getenv(SERVER_ENV))) {
      Optional<CompileServer> server = CompileServer.start(nvrtc, size, warmUpOptions, jvmWorkers);
      if (server.isPresent()) {
        return Optional.of(server.get());
      }
    }
    return jvmWorkers.get();
  }
}
