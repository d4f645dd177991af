package io.jitguard.nvrtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
 * Each worker is a JVM running {@link CompileWorker} with this process's class path, started when
 * first needed and ended with the pool (or, should this process die, when its stdin closes).
 */
public final class WorkerPool implements ProgramCompiler, AutoCloseable {
  private final int size;
  private final BlockingQueue<Worker> idle;
  private final List<Worker> all = new ArrayList<>();
  private final List<String> command;
  private int started;

  private record Worker(Process process, Writer in, BufferedReader out) {}

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
      return Optional.of(new WorkerPool(size, List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss16m",
          "-cp", cp, CompileWorker.class.getName())));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  public int size() {
    return size;
  }

  @Override
  public NvrtcOutput compile(NvrtcProgram program) {
    Worker w = borrow();
    boolean healthy = false;
    try {
      w.in().write(CompileWorker.JSON.writeValueAsString(CompileWorker.request(program)));
      w.in().write('\n');
      w.in().flush();
      String line = w.out().readLine();
      if (line == null) {
        throw new NvrtcUnavailableException("a compile worker process ended while compiling " + program.name());
      }
      JsonNode answer = CompileWorker.JSON.readTree(line);
      healthy = true;
      return CompileWorker.output(answer, program);
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

  private Worker borrow() {
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
        Worker fresh = start();
        synchronized (this) {
          all.add(fresh);
        }
        return fresh;
      } catch (IOException e) {
        synchronized (this) {
          started--;
        }
        throw new NvrtcUnavailableException("cannot start a compile worker process: " + e, e);
      }
    }
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a compile worker", e);
    }
  }

  private Worker start() throws IOException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Worker w = new Worker(p, new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8),
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    String ready = w.out().readLine();
    if (ready == null || !ready.contains("\"ready\"")) {
      p.destroyForcibly();
      throw new IOException("the worker did not start (it said: " + ready + ")");
    }
    return w;
  }

  @Override
  public synchronized void close() {
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
