package io.jitguard.nvrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native compile server with the real NVRTC: its forked workers compile as this process does,
 * report errors, cancellations and their own deaths, and a server that cannot start says why.
 */
class CompileServerTest {
  private static List<String> options() {
    List<String> options = new ArrayList<>(List.of("-arch=sm_80", "-std=c++17"));
    options.addAll(RealNvrtc.headers().includeOptions());
    return options;
  }

  private static NvrtcProgram program(String body) {
    return NvrtcProgram.cubin("k.cu", "template <typename T> __global__ void k(T* x) { " + body + " }\n", options(),
        List.of("k<float>", "k<int>"));
  }

  /** The bundled portable decode: a compile of about a second, long enough to be interrupted. */
  private static NvrtcProgram heavy() throws Exception {
    Path source = TestResources.projectDir().resolve("kernels/mla/mla_decode_portable.cu");
    List<String> options = new ArrayList<>(options());
    options.add("-I" + TestResources.projectDir().resolve("kernels/include"));
    return NvrtcProgram.cubin(source.toString(), Files.readString(source), options,
        List.of("jitguard::mla::portable::decode_kernel<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>"));
  }

  private static CompileServer server(int workers) {
    return CompileServer.start(RealNvrtc.nvrtc(), workers, options(), Optional::empty).orElseThrow();
  }

  @Test
  void itsWorkers_compileAsThisProcessDoes_manyAtOnce() throws Exception {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    try (CompileServer server = server(2)) {
      assertEquals(2, server.awaitReady());
      ExecutorService threads = Executors.newFixedThreadPool(4);
      List<Future<NvrtcOutput>> outs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        outs.add(threads.submit(() -> server.compile(program("x[0] = x[1] * 2;").withPtx(true))));
      }
      NvrtcOutput here = nvrtc.compile(program("x[0] = x[1] * 2;").withPtx(true));
      for (Future<NvrtcOutput> f : outs) {
        NvrtcOutput there = f.get();
        assertEquals(here.loweredNames(), there.loweredNames());
        assertArrayEquals(here.cubin().orElseThrow(), there.cubin().orElseThrow()); // no internal symbols here
        assertEquals(here.ptx(), there.ptx());
        assertTrue(there.compileNanos() > 0);
      }
      threads.shutdown();
    }
  }

  @Test
  void aCompileError_comesBackWithItsLog_andTheServerStaysUsable() {
    try (CompileServer server = server(1)) {
      NvrtcException e = assertThrows(NvrtcException.class, () -> server.compile(program("undeclared = 1;")));
      assertTrue(e.isCompilationError(), e.getMessage());
      assertEquals("nvrtcCompileProgram(k.cu)", e.call());
      assertTrue(e.log().contains("identifier \"undeclared\" is undefined"), e.log());
      assertTrue(server.compile(program("x[0] = 1;")).cubin().isPresent());
    }
  }

  @Test
  void aCompileOverItsTimeLimit_isCancelledWithTheReason() throws Exception {
    try (CompileServer server = server(1)) {
      NvrtcException e = assertThrows(NvrtcException.class, () -> server.compile(heavy().withTimeout(1)));
      assertEquals("NVRTC_ERROR_CANCELLED", e.statusName());
      assertTrue(e.log().startsWith("cancelled: the compile took longer than its limit of 1 ms (--timeout)"), e.log());
    }
  }

  @Test
  void aWorkerKilledMidCompile_failsThatCompileOnly_andAnotherTakesItsPlace() throws Exception {
    try (CompileServer server = server(1)) {
      server.awaitReady();
      ExecutorService thread = Executors.newSingleThreadExecutor();
      Future<NvrtcOutput> compiling = thread.submit(() -> server.compile(heavy()));
      Thread.sleep(300);
      server.process().children().forEach(ProcessHandle::destroyForcibly); // SIGKILL the worker
      Exception e = assertThrows(Exception.class, compiling::get);
      assertTrue(e.getCause() instanceof NvrtcException n && n.statusName().equals(
          "the compile process ended while compiling") && n.call().contains("signal 9"), e.toString());
      assertTrue(server.compile(program("x[0] = 1;")).cubin().isPresent()); // a new worker, forked from the server
      thread.shutdown();
    }
  }

  @Test
  @Timeout(60) // a server that forked workers forever would never answer
  void workersThatDieSettingNvrtcUp_endTheServer_andItsCompilesGoToTheFallback() {
    // every worker aborts in its warm-up compile: none is ever sent a program, the server gives up
    // after three, and the compile it had queued is compiled by the fallback instead
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    try (CompileServer server = CompileServer.start(nvrtc.libraryPath().orElseThrow(), 2, options(),
        () -> WorkerPool.forThisProcess(1).map(WorkerPool::prestart), Map.of("JITGUARD_COMPILE_SERVER_FAULT",
            "warm-up")).orElseThrow()) {
      NvrtcOutput out = server.compile(program("x[0] = 5;"));
      assertEquals(nvrtc.compile(program("x[0] = 5;")).loweredNames(), out.loweredNames());
    }
    try (CompileServer server = CompileServer.start(nvrtc.libraryPath().orElseThrow(), 2, options(),
        Optional::empty, Map.of("JITGUARD_COMPILE_SERVER_FAULT", "warm-up")).orElseThrow()) {
      NvrtcUnavailableException e = assertThrows(NvrtcUnavailableException.class,
          () -> server.compile(program("x[0] = 5;")));
      assertTrue(e.getMessage().contains("the compile server ended") && e.getMessage().contains("4"), e.getMessage());
    }
  }

  @Test
  void aServerThatHasEnded_failsCompilesWithTheReason() throws Exception {
    CompileServer server = server(1);
    server.awaitReady();
    server.process().destroyForcibly().waitFor();
    NvrtcUnavailableException e = assertThrows(NvrtcUnavailableException.class,
        () -> server.compile(program("x[0] = 1;")));
    assertTrue(e.getMessage().contains("the compile server ended"), e.getMessage());
    server.close();
  }

  @Test
  void aServerThatCannotLoadNvrtc_saysWhy() {
    RealNvrtc.nvrtc();
    try (CompileServer server = CompileServer.start(Path.of("/nonexistent/libnvrtc.so.13"), 1, List.of(),
        Optional::empty).orElseThrow()) {
      NvrtcUnavailableException e = assertThrows(NvrtcUnavailableException.class, server::awaitReady);
      assertTrue(e.getMessage().startsWith("the compile server could not start: cannot load /nonexistent/libnvrtc.so.13"),
          e.getMessage());
    }
  }

  @Test
  void aServerThatCannotStart_handsItsCompilesToTheFallback() {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    try (CompileServer server = CompileServer.start(Path.of("/nonexistent/libnvrtc.so.13"), 1, List.of(),
        () -> WorkerPool.forThisProcess(1).map(WorkerPool::prestart)).orElseThrow()) {
      NvrtcOutput out = server.compile(program("x[0] = 3;"));
      assertEquals(nvrtc.compile(program("x[0] = 3;")).loweredNames(), out.loweredNames());
    }
  }
}
