package io.jitguard.nvrtc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Compiles in separate processes, for an NVRTC that runs one compile at a time per process (NVRTC
 * 13.0 does: 1 to 16 threads of one process all get the same 55-59 compiles/s, 16 processes 103/s).
 * Each worker is a JVM running {@link CompileWorker} with this process's class path, started by
 * {@link #prestart} or when first needed, and ended with the pool (or, should this process die, when its stdin closes).
 */
public final class WorkerPool implements PooledCompiler {
  /** The system property by which the launcher names the class-data archive it started this JVM with. */
  public static final String CDS_PROPERTY = "jitguard.cds";
  private final int size;
  private final BlockingQueue<Worker> idle;
  private final List<Worker> all = new ArrayList<>();
  private final List<String> command;
  private int started;
  private boolean closed;

  private record Worker(Process process, DataOutputStream in, DataInputStream out) {}

  private WorkerPool(int size, List<String> command) {
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(size);
    this.command = command;
  }

  /**
   * A pool of {@code size} workers with this process's Java and jitguard's class path (the
   * application's, or a Maven plugin realm's jars); empty when neither can be told.
   */
  public static Optional<WorkerPool> forThisProcess(int size) {
    try {
      ClassLoader loader = CompileWorker.class.getClassLoader();
      String cp;
      if (loader instanceof java.net.URLClassLoader u) { // a Maven plugin's realm: its own jars
        List<String> entries = new ArrayList<>();
        for (java.net.URL url : u.getURLs()) {
          entries.add(Path.of(url.toURI()).toString());
        }
        cp = String.join(java.io.File.pathSeparator, entries);
      } else {
        cp = System.getProperty("java.class.path", "");
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      if (cp.isEmpty() || !Files.isExecutable(Path.of(java))) {
        return Optional.empty();
      }
      List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss16m"));
      // the launcher's class-data archive of this command: made with this very class path, it holds
      // the classes a worker loads (JavaCPP's, Guava's, jitguard's NVRTC classes): a worker is ready
      // in 250 ms instead of 380 on the 2-core development machine
      String archive = System.getProperty(CDS_PROPERTY, "");
      if (!archive.isEmpty() && Files.isReadable(Path.of(archive))) {
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable"));
      }
      DriverLibrary driver = Nvrtc.load().driver();
      command.add("-D" + NativeLibraries.DRIVER_PROPERTY + "=" + driver.path());
      command.add("-D" + NativeLibraries.PLACEHOLDER_PROPERTY + "=" + driver.placeholder());
      command.addAll(List.of("-cp", cp, CompileWorker.class.getName()));
      return Optional.of(new WorkerPool(size, List.copyOf(command)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** A pool whose workers run {@code command} (for tests: a command that fails to start). */
  static WorkerPool withCommand(int size, List<String> command) {
    return new WorkerPool(size, List.copyOf(command));
  }

  /** The command each worker is started with. */
  List<String> command() {
    return command;
  }

  public int size() {
    return size;
  }

  /** Workers started and waiting for a program. */
  int ready() {
    return idle.size();
  }

  @Override
  public NvrtcOutput compile(NvrtcProgram program) {
    Worker w = borrow();
    boolean healthy = false;
    try {
      CompileWorker.writeProgram(w.in(), program);
      w.in().flush();
      NvrtcOutput out;
      try {
        out = CompileWorker.readAnswer(w.out(), program);
      } catch (NvrtcException e) { // NVRTC refused the program: the worker is fine
        healthy = true;
        throw e;
      }
      healthy = true;
      return out;
    } catch (java.io.EOFException e) {
      throw new NvrtcUnavailableException("a compile worker process ended while compiling " + program.name(), e);
    } catch (IOException e) {
      throw new NvrtcUnavailableException("a compile worker process failed while compiling " + program.name() + ": " + e,
          e);
    } finally {
      if (healthy) {
        idle.add(w);
      } else {
        w.process().destroyForcibly();
        synchronized (this) {
          all.remove(w);
          started--;
        }
      }
    }
  }

  /**
   * Starts every worker now, side by side and in the background, so that their JVMs and NVRTCs load
   * while this process reads the manifest and plans; a compile takes the first one ready. A worker
   * that fails to start here is started again by the compile that needs it, which then reports why.
   */
  public WorkerPool prestart() {
    for (int i = 0; i < size; i++) {
      synchronized (this) {
        if (closed || started >= size) {
          return this;
        }
        started++;
      }
      Thread t = new Thread(() -> {
        try {
          idle.add(register(start()));
        } catch (IOException | RuntimeException e) {
          synchronized (this) {
            started--;
          }
        }
      }, "jitguard-worker-start");
      t.setDaemon(true);
      t.start();
    }
    return this;
  }

  private Worker borrow() {
    while (true) {
      Worker w = idle.poll();
      if (w != null) {
        return w;
      }
      boolean mine;
      synchronized (this) {
        mine = started < size;
        if (mine) {
          started++;
        }
      }
      if (mine) { // started outside the lock: workers start side by side, each loading its NVRTC
        try {
          return register(start());
        } catch (IOException e) {
          synchronized (this) {
            started--;
          }
          throw new NvrtcUnavailableException("cannot start a compile worker process: " + e, e);
        }
      }
      try { // a worker starting in the background may yet fail: then this compile starts one itself
        w = idle.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a compile worker", e);
      }
      if (w != null) {
        return w;
      }
    }
  }

  private Worker register(Worker w) {
    synchronized (this) {
      if (!closed) {
        all.add(w);
        io.jitguard.trace.PhaseTrace.mark("compile worker " + all.size() + " of " + size + " ready");
        return w;
      }
    }
    w.process().destroyForcibly(); // the pool closed while it started
    throw new NvrtcUnavailableException("the compile worker pool is closed");
  }

  private Worker start() throws IOException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Worker w = new Worker(p, new DataOutputStream(new BufferedOutputStream(p.getOutputStream(), 1 << 16)),
        new DataInputStream(new BufferedInputStream(p.getInputStream(), 1 << 16)));
    try {
      int hello = w.out().readInt();
      if (hello == CompileWorker.FAILED) {
        throw new IOException("the worker could not load NVRTC: " + CompileWorker.readString(w.out()));
      }
      if (hello != CompileWorker.READY) {
        throw new IOException("the worker did not speak the protocol (it began with 0x" + Integer.toHexString(hello) + ")");
      }
    } catch (IOException e) {
      p.destroyForcibly();
      throw e instanceof java.io.EOFException
          ? new IOException("the worker ended before it was ready (exit code " + exitCode(p) + ")", e) : e;
    }
    return w;
  }

  private static String exitCode(Process p) {
    try {
      return p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Worker w : all) {
      try {
        w.in().close();
      } catch (IOException ignored) {
        // it is killed below anyway
      }
      w.process().destroy();
    }
    all.clear();
  }
}
