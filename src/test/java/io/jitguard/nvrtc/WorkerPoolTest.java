package io.jitguard.nvrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.RealNvrtc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Compiles in worker processes with the real NVRTC: the same output as in process, errors with their log. */
class WorkerPoolTest {
  private static NvrtcProgram program(String body) {
    List<String> options = new ArrayList<>(List.of("-arch=sm_80", "-std=c++17"));
    options.addAll(RealNvrtc.headers().includeOptions());
    return NvrtcProgram.cubin("k.cu", "template <typename T> __global__ void k(T* x) { " + body + " }\n", options,
        List.of("k<float>", "k<int>"));
  }

  @Test
  void aWorker_compilesAsThisProcessDoes() throws Exception {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    try (WorkerPool pool = WorkerPool.forThisProcess(2).orElseThrow()) {
      ExecutorService threads = Executors.newFixedThreadPool(3);
      List<Future<NvrtcOutput>> outs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        outs.add(threads.submit(() -> pool.compile(program("x[0] = x[1] * 2;"))));
      }
      NvrtcOutput here = nvrtc.compile(program("x[0] = x[1] * 2;"));
      for (Future<NvrtcOutput> f : outs) {
        NvrtcOutput there = f.get();
        assertEquals(here.loweredNames(), there.loweredNames());
        assertArrayEquals(here.cubin().orElseThrow(), there.cubin().orElseThrow()); // no internal symbols here
      }
      threads.shutdown();
    }
  }

  @Test
  void aCompileError_comesBackWithItsLog_andTheWorkerStaysUsable() {
    try (WorkerPool pool = WorkerPool.forThisProcess(1).orElseThrow()) {
      RealNvrtc.nvrtc();
      NvrtcException e = assertThrows(NvrtcException.class, () -> pool.compile(program("undeclared = 1;")));
      assertTrue(e.isCompilationError(), e.getMessage());
      assertTrue(e.log().contains("identifier \"undeclared\" is undefined"), e.log());
      assertTrue(pool.compile(program("x[0] = 1;")).cubin().isPresent());
    }
  }

  @Test
  void prestart_bringsEveryWorkerUpBeforeTheFirstCompile() throws Exception {
    RealNvrtc.nvrtc();
    try (WorkerPool pool = WorkerPool.forThisProcess(2).orElseThrow().prestart()) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (pool.ready() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(2, pool.ready(), "both workers started in the background");
      NvrtcOutput out = pool.compile(program("x[0] = 1;").withPtx(true));
      assertTrue(out.cubin().isPresent());
      assertTrue(out.ptx().orElseThrow().contains(".entry"), "the PTX came back too");
      assertEquals(2, pool.ready(), "the worker went back to the pool");
    }
  }

  @Test
  void workersThatCannotStart_failTheCompileWithTheReason_ratherThanWaitForever() {
    List<String> broken = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", "/nonexistent", "NoSuchWorker");
    try (WorkerPool pool = WorkerPool.withCommand(2, broken).prestart()) {
      NvrtcUnavailableException e = assertThrows(NvrtcUnavailableException.class,
          () -> pool.compile(program("x[0] = 1;")));
      assertTrue(e.getMessage().contains("cannot start a compile worker process"), e.getMessage());
    }
  }

  @Test
  void aWorkerThatCannotLoadNvrtc_saysWhy() throws Exception {
    RealNvrtc.nvrtc();
    java.nio.file.Path notALibrary = java.nio.file.Files.createTempFile("not-a-library", ".so");
    try {
      List<String> command = new ArrayList<>(WorkerPool.forThisProcess(1).orElseThrow().command());
      command.replaceAll(a -> a.startsWith("-D" + NativeLibraries.DRIVER_PROPERTY + "=")
          ? "-D" + NativeLibraries.DRIVER_PROPERTY + "=" + notALibrary : a);
      try (WorkerPool pool = WorkerPool.withCommand(1, command)) {
        NvrtcUnavailableException e = assertThrows(NvrtcUnavailableException.class,
            () -> pool.compile(program("x[0] = 1;")));
        assertTrue(e.getMessage().contains("could not load NVRTC") && e.getMessage().contains(notALibrary.toString()),
            e.getMessage());
      }
    } finally {
      java.nio.file.Files.deleteIfExists(notALibrary);
    }
  }
}
