package io.jitguard.mla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.nvrtc.NvrtcException;
import io.jitguard.nvrtc.NvrtcOutput;
import io.jitguard.nvrtc.NvrtcProgram;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the host (MlaRunner) and the kernels (params.cuh) must agree on without a GPU to tell: the
 * byte layout of the decode parameters, checked by the real NVRTC against MlaRunner's constants,
 * and the tensor-copy box a page size allows.
 */
class MlaLaunchContractTest {
  /** A kernel that reads the members the host places by hand, compiled to PTX by the real NVRTC. */
  private static String layoutPtx(int paramsBytes) {
    String source = String.join("\n",
        "#include <jitguard/mla/params.cuh>",
        "#include <cuda_bf16.h>",
        "using P = jitguard::mla::MLAParams<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>;",
        "static_assert(sizeof(P) == " + paramsBytes + ", \"MLAParams is not the size MlaRunner writes\");",
        "__global__ void touch(const P p, unsigned* box_rows, unsigned long long* maps) {",
        "  box_rows[0] = p.kv_box_rows;",
        "  maps[0] = p.ckv_map.opaque[0];",
        "  maps[1] = p.kpe_map.opaque[0];",
        "}",
        "");
    List<String> options = new ArrayList<>(List.of("-arch=sm_90", "-std=c++17",
        "-I" + TestResources.projectDir().resolve("kernels/include")));
    options.addAll(RealNvrtc.headers().includeOptions());
    NvrtcOutput out = RealNvrtc.nvrtc().compile(
        NvrtcProgram.cubin("layout_check.cu", source, options, List.of("touch")).withPtx(true));
    return out.ptx().orElseThrow();
  }

  @Test
  void decodeParameterLayout_isTheOneMlaRunnerWrites() {
    String ptx = layoutPtx(MlaRunner.PARAMS_BYTES);
    // The parameter block and the offsets the kernel reads the members at.
    assertTrue(ptx.contains(".param .align 64 .b8 _Z5touchN8jitguard3mla9MLAParamsI13__nv_bfloat16S2_S2_iEEPjPy_param_0["
        + MlaRunner.PARAMS_BYTES + "]"), ptx);
    assertTrue(ptx.contains("_param_0+" + MlaRunner.BOX_ROWS_OFFSET + "]"), ptx);
    assertTrue(ptx.contains("_param_0+" + MlaRunner.CKV_MAP_OFFSET + "]"), ptx);
    assertTrue(ptx.contains("_param_0+" + (MlaRunner.CKV_MAP_OFFSET + 128) + "]"), ptx);
  }

  @Test
  void aSizeThatDisagrees_failsToCompile() {
    NvrtcException e = assertThrows(NvrtcException.class, () -> layoutPtx(MlaRunner.PARAMS_BYTES - 64));
    assertTrue(e.log().contains("MLAParams is not the size MlaRunner writes"), e.log());
  }

  @Test
  void tensorCopyBoxes_neverCrossAPageAndStartOnTheSwizzlePeriod() {
    int tile = 64;
    assertEquals(64, MlaRunner.tensorMapBoxRows(64, tile));
    assertEquals(64, MlaRunner.tensorMapBoxRows(256, tile));
    assertEquals(16, MlaRunner.tensorMapBoxRows(16, tile));
    assertEquals(16, MlaRunner.tensorMapBoxRows(48, tile));
    assertEquals(8, MlaRunner.tensorMapBoxRows(24, tile));
    assertEquals(8, MlaRunner.tensorMapBoxRows(8, tile));
    // under 8 rows: no tensor maps, the kernel copies with cp.async
    assertEquals(0, MlaRunner.tensorMapBoxRows(12, tile));
    assertEquals(0, MlaRunner.tensorMapBoxRows(4, tile));
    assertEquals(0, MlaRunner.tensorMapBoxRows(1, tile));
    assertEquals(0, MlaRunner.tensorMapBoxRows(100, tile));
  }
}
