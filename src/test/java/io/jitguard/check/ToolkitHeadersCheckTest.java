package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.testing.RealNvrtc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-world C++: code using CUB and libcu++ checked against NVRTC 13.3's own bundled headers
 * (tens of thousands of lines of template metaprogramming) must come out clean: no finding and no
 * error. What the checker's model cannot follow inside the toolkit's headers is a note there.
 */
class ToolkitHeadersCheckTest {
  @TempDir Path dir;

  @Test
  void cubAndLibcuxxUsers_checkCleanAgainstNvrtcsBundledHeaders() throws IOException {
    Path src = dir.resolve("user.cu");
    Files.writeString(src, String.join("\n",
        "#include <cub/block/block_reduce.cuh>",
        "#include <cuda/std/array>",
        "#include <cuda/std/tuple>",
        "#include <cooperative_groups.h>",
        "namespace cg = cooperative_groups;",
        "template <int THREADS, typename T>",
        "__global__ void reduce(const T* in, T* out) {",
        "  using BlockReduce = cub::BlockReduce<T, THREADS>;",
        "  __shared__ typename BlockReduce::TempStorage tmp;",
        "  cuda::std::array<T, 4> a{};",
        "  auto t = cuda::std::make_tuple(1, 2.f);",
        "  cg::this_thread_block().sync();",
        "  T s = BlockReduce(tmp).Sum(in[threadIdx.x]) + a[0] + static_cast<T>(cuda::std::get<0>(t));",
        "  if (threadIdx.x == 0) out[blockIdx.x] = s;",
        "}",
        "template __global__ void reduce<128, float>(const float*, float*);",
        ""));
    List<Path> includes = new ArrayList<>(RealNvrtc.headers().includeDirs());
    Checker.Result r = CheckRunner.run(new CheckRequest(null, ImmutableList.of(src), ImmutableList.copyOf(includes),
        ImmutableMap.of(), ImmutableList.of("sm_90a"), ImmutableList.of(), ImmutableMap.of(), ImmutableList.of()));
    assertEquals(List.of(), r.findings().stream().map(Finding::headline).toList());
    assertEquals(0, r.errors(), r.frontEnd().stream().map(FrontEndDiagnostic::headline).toList().toString());
    assertTrue(r.files() > 300, "the headers were really read: " + r.files() + " files");
  }
}
