package io.jitguard.nvrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.RealNvrtc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaHeadersTest {
  @TempDir Path dir;

  @Test
  void bundledInstall_fromFourThreadsAtOnce_leavesOneCompleteFolderAndNoLeftovers() throws Exception {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CudaHeaders>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit((Callable<CudaHeaders>) () -> CudaHeaders.resolve(nvrtc, dir, Map.of())));
      }
      Path include = dir.resolve("headers/nvrtc-13.3/include");
      for (Future<CudaHeaders> f : results) {
        CudaHeaders h = f.get();
        assertEquals(CudaHeaders.Kind.BUNDLED, h.kind());
        assertEquals(List.of(include, include.resolve("cccl")), h.includeDirs());
      }
      assertTrue(Files.isRegularFile(include.resolve("cuda_fp8.h")));
      try (Stream<Path> siblings = Files.list(include.getParent())) {
        assertEquals(List.of("include"), siblings.map(p -> p.getFileName().toString()).toList());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toolkitRoots_cudaHomeThenCudaPathThenUsrLocalCuda() {
    Map<String, String> env = Map.of("CUDA_HOME", "/opt/a", "CUDA_PATH", "/opt/b");
    assertEquals(List.of(Path.of("/opt/a"), Path.of("/opt/b"), Path.of("/usr/local/cuda")), CudaHeaders.toolkitRoots(env));
    assertEquals(List.of(Path.of("/usr/local/cuda")), CudaHeaders.toolkitRoots(Map.of("CUDA_HOME", " ")));
  }

  @Test
  void toolkitFallback_takesTheFirstRootWithHeadersAndAddsCccl() throws Exception {
    Path toolkit = dir.resolve("cuda-12.9");
    Files.createDirectories(toolkit.resolve("include/cccl"));
    Files.writeString(toolkit.resolve("include/cuda_bf16.h"), "");
    CudaHeaders h = CudaHeaders.fromToolkit(new NvrtcVersion(12, 9), List.of(dir.resolve("empty"), toolkit));
    assertEquals(CudaHeaders.Kind.TOOLKIT, h.kind());
    assertEquals(List.of(toolkit.resolve("include"), toolkit.resolve("include/cccl")), h.includeDirs());
    assertEquals(List.of("-I" + toolkit.resolve("include"), "-I" + toolkit.resolve("include/cccl")), h.includeOptions());
    assertTrue(h.owns(toolkit.resolve("include/cuda_fp8.hpp")));
  }

  @Test
  void noHeadersAnywhere_isAClearErrorNamingEachPlaceLooked() {
    NvrtcUnavailableException e = assertThrows(NvrtcUnavailableException.class,
        () -> CudaHeaders.fromToolkit(new NvrtcVersion(12, 4), List.of(dir.resolve("a"), dir.resolve("b"))));
    assertEquals("no CUDA headers found: NVRTC 12.4 offers none (NVRTC 13.3 and newer do, with their builtins library), and no cuda_bf16.h in "
        + dir.resolve("a/include") + ", " + dir.resolve("b/include") + "; set CUDA_HOME to a CUDA toolkit", e.getMessage());
  }
}
