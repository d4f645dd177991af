package io.jitguard.nvrtc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Compiles in worker processes forked from one native compile server ({@code native/compile_server.c},
 * built by the Maven build): it loads the NVRTC library this process loaded and forks its workers, with
 * no JVM each; every worker compiles one small warm-up program first, all at once while jitguard still
 * plans, so NVRTC's first-compile set-up (its own cache over the CUDA driver included: 180 ms of CPU
 * on the device machine, 400 ms when 16 processes pay it at once) is off the first unit's path. The
 * server itself compiles nothing: a driver set up before the fork would be unusable in the workers,
 * and NVRTC's cache with it. Programs go to the server tagged with an id over its stdin; answers come
 * back as workers finish, in the {@link CompileWorker} protocol's answer format.
 *
 * <p>Where the server cannot start, or ends, the compiles go to the fallback it was given (a pool of
 * JVM workers), else fail with an {@link NvrtcUnavailableException} naming the cause; {@link #start}
 * returns empty where there is no server to start (another platform, no NVRTC library path, the
 * binary missing from the jar).
 */
public final class CompileServer implements PooledCompiler {
  static final String RESOURCE = "native/linux-x86_64/jitguard-compile-server";
  private static final String BINARY = "jitguard-compile-server";

  private final Process process;
  private final DataOutputStream toServer;
  private final Map<Integer, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private volatile String ended;
  private final Supplier<Optional<PooledCompiler>> fallbackFactory;
  private Optional<PooledCompiler> fallback;

  private CompileServer(Process process, Supplier<Optional<PooledCompiler>> fallbackFactory) {
    this.process = process;
    this.fallbackFactory = fallbackFactory;
    this.toServer = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    Thread reader = new Thread(this::readAnswers, "jitguard-compile-server");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * A server with {@code workers} workers, starting in the background; empty where none can be started.
   *
   * @param warmUpOptions the options of the server's one set-up compile (a target and the include
   *     folders of the CUDA headers: what the real compiles will read)
   * @param fallback what compiles instead should the server not start, or end (made when first needed)
   */
  public static Optional<CompileServer> start(Nvrtc nvrtc, int workers, List<String> warmUpOptions,
      Supplier<Optional<PooledCompiler>> fallback) {
    if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))
        || nvrtc.libraryPath().isEmpty()) {
      return Optional.empty();
    }
    return start(nvrtc.libraryPath().get(), workers, warmUpOptions, fallback);
  }

  /** A server over the NVRTC library at {@code library}; empty where its binary cannot be had. */
  static Optional<CompileServer> start(Path library, int workers, List<String> warmUpOptions,
      Supplier<Optional<PooledCompiler>> fallback) {
    return start(library, workers, warmUpOptions, fallback, Map.of());
  }

  /** The same with variables added to the server's environment (the tests' faults). */
  static Optional<CompileServer> start(Path library, int workers, List<String> warmUpOptions,
      Supplier<Optional<PooledCompiler>> fallback, Map<String, String> environment) {
    Optional<Path> binary = extract();
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>(List.of(binary.get().toString(), library.toString(),
        Integer.toString(workers)));
    command.addAll(warmUpOptions);
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    // NVRTC opens its builtins library by name: from the folder it came from
    String ldPath = System.getenv("LD_LIBRARY_PATH");
    pb.environment().put("LD_LIBRARY_PATH", library.getParent() + (ldPath == null || ldPath.isEmpty() ? "" : ":"
        + ldPath));
    pb.environment().putAll(environment);
    try {
      return Optional.of(new CompileServer(pb.start(), fallback));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The server's binary, copied out of the jar into the cache folder, executable; empty where it cannot be. */
  private static Optional<Path> extract() {
    try {
      return NativeLibraries.extract(RESOURCE, BINARY, true).filter(Files::isExecutable);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty(); // an unwritable cache folder: the JVM worker pool serves instead
    }
  }

  /** Reads the server's greeting, then every answer, handing each to the compile waiting for it. */
  private void readAnswers() {
    DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    try {
      int hello = in.readInt();
      if (hello == CompileWorker.FAILED) {
        end("the compile server could not start: " + CompileWorker.readString(in));
        return;
      }
      if (hello != CompileWorker.READY) {
        end("the compile server did not speak the protocol (it began with 0x" + Integer.toHexString(hello) + ")");
        return;
      }
      int workers = in.readInt();
      io.jitguard.trace.PhaseTrace.mark("compile server ready (" + workers + " workers)");
      ready.complete(workers);
      while (true) {
        int id = in.readInt();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        CompletableFuture<byte[]> f = pending.remove(id);
        if (f != null) {
          f.complete(answer);
        }
      }
    } catch (IOException e) {
      end("the compile server ended" + exitCode());
    }
  }

  private boolean exitsSoon() {
    try {
      return process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String exitCode() {
    try {
      return process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The server is gone: every compile waiting, and every later one, fails with why. */
  private void end(String why) {
    ended = why;
    ready.completeExceptionally(new NvrtcUnavailableException(why));
    for (Integer id : List.copyOf(pending.keySet())) {
      CompletableFuture<byte[]> f = pending.remove(id);
      if (f != null) {
        f.completeExceptionally(new NvrtcUnavailableException(why));
      }
    }
  }

  /** The server's process (for tests that end it or its workers). */
  Process process() {
    return process;
  }

  /** Waits until the server is ready; the number of its workers. */
  public int awaitReady() {
    try {
      return ready.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NvrtcUnavailableException("interrupted while the compile server started", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof NvrtcUnavailableException u ? u : new NvrtcUnavailableException(e.toString(), e);
    }
  }

  @Override
  public NvrtcOutput compile(NvrtcProgram program) {
    try {
      return compileHere(program);
    } catch (NvrtcUnavailableException e) {
      Optional<PooledCompiler> instead = fallback(e.getMessage());
      if (instead.isEmpty()) {
        throw e;
      }
      return instead.get().compile(program);
    }
  }

  /** The fallback, made once: the first compile the server could not take says why. */
  private synchronized Optional<PooledCompiler> fallback(String why) {
    if (fallback == null) {
      fallback = fallbackFactory.get();
      io.jitguard.trace.PhaseTrace.mark(why + (fallback.isPresent() ? "; compiling in JVM workers instead" : ""));
    }
    return fallback;
  }

  private NvrtcOutput compileHere(NvrtcProgram program) {
    awaitReady();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(frame)) {
      CompileWorker.writeProgram(out, program);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array does not fail
    }
    int id = ids.incrementAndGet();
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (toServer) {
        toServer.writeInt(id);
        toServer.writeInt(frame.size());
        frame.writeTo(toServer);
        toServer.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      String why = ended != null ? ended : !process.isAlive() || exitsSoon() ? "the compile server ended" + exitCode()
          : e.toString();
      throw new NvrtcUnavailableException("cannot send " + program.name() + " to the compile server: " + why, e);
    }
    if (ended != null && pending.remove(id) != null) { // it ended after the last answers were handed out
      throw new NvrtcUnavailableException(ended);
    }
    byte[] bytes;
    try {
      bytes = answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NvrtcUnavailableException("interrupted while compiling " + program.name(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof NvrtcUnavailableException u ? u : new NvrtcUnavailableException(e.toString(), e);
    }
    try {
      return CompileWorker.readAnswer(new DataInputStream(new ByteArrayInputStream(bytes)), program);
    } catch (IOException e) {
      throw new NvrtcUnavailableException("a malformed answer from the compile server for " + program.name() + ": "
          + e, e);
    }
  }

  @Override
  public void close() {
    try {
      synchronized (toServer) {
        toServer.close();
      }
    } catch (IOException e) {
      // it is destroyed below
    }
    // every answer is in; a worker that outlives the server ends when its pipe from it does
    process.destroy();
    synchronized (this) {
      if (fallback != null) {
        fallback.ifPresent(PooledCompiler::close);
      }
    }
  }
}
