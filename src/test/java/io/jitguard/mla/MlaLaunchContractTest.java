package io.jitguard.mla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.nvrtc.NvrtcException;
import io.jitguard.nvrtc.NvrtcOutput;
import io.jitguard.nvrtc.NvrtcProgram;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the host (MlaParams, DecodeGeometry) and the kernels (params.cuh, decode_entry.cuh) must agree
 * on without a GPU to tell: the byte layout of the decode parameters and of the launch geometry,
 * checked by the real NVRTC against the host's constants, and the tensor-copy box a page size allows.
 */
class MlaLaunchContractTest {
  /** A kernel that reads the members the host places by hand, compiled to PTX by the real NVRTC. */
  private static String layoutPtx(int paramsBytes) {
    String source = String.join("\n",
        "#include <jitguard/mla/params.cuh>",
        "#include <cuda_bf16.h>",
        "using P = jitguard::mla::MLAParams<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>;",
        "static_assert(sizeof(P) == " + paramsBytes + ", \"MLAParams is not the size MlaParams writes\");",
        "__global__ void scalars(const P p, unsigned* out) {",
        "  out[0] = p.num_heads; out[1] = p.page_size; out[2] = __float_as_uint(p.sm_scale); out[3] = p.kv_box_rows;",
        "}",
        "__global__ void touch(const P p, unsigned* box_rows, unsigned long long* maps) {",
        "  box_rows[0] = p.kv_box_rows;",
        "  maps[0] = p.ckv_map.opaque[0];",
        "  maps[1] = p.kpe_map.opaque[0];",
        "}",
        "");
    return ptx("layout_check.cu", source, "sm_90");
  }

  /** The PTX of a source that includes the bundled kernels' headers, by the real NVRTC. */
  private static String ptx(String name, String source, String arch) {
    List<String> options = new ArrayList<>(List.of("-arch=" + arch, "-std=c++17",
        "-I" + TestResources.projectDir().resolve("kernels/include")));
    options.addAll(RealNvrtc.headers().includeOptions());
    NvrtcOutput out = RealNvrtc.nvrtc().compile(NvrtcProgram.cubin(name, source, options, List.of("touch")).withPtx(true));
    return out.ptx().orElseThrow();
  }

  @Test
  void decodeParameterLayout_isTheOneMlaRunnerWrites() {
    String ptx = layoutPtx(MlaParams.BYTES);
    // The parameter block and the offsets the kernel reads the members at.
    assertTrue(ptx.contains(".param .align 64 .b8 _Z5touchN8jitguard3mla9MLAParamsI13__nv_bfloat16S2_S2_iEEPjPy_param_0["
        + MlaParams.BYTES + "]"), ptx);
    assertTrue(ptx.contains("_param_0+" + MlaParams.BOX_ROWS_OFFSET + "]"), ptx);
    // num_heads, page_size, sm_scale and kv_box_rows: four 32-bit values, loaded at once from num_heads on
    assertTrue(ptx.contains("ld.param.v4.u32") && ptx.contains("_param_0+" + MlaParams.NUM_HEADS_OFFSET + "]"), ptx);
    assertEquals(MlaParams.NUM_HEADS_OFFSET + 12, MlaParams.BOX_ROWS_OFFSET);
    assertTrue(ptx.contains("_param_0+" + MlaParams.CKV_MAP_OFFSET + "]"), ptx);
    assertTrue(ptx.contains("_param_0+" + (MlaParams.KPE_MAP_OFFSET) + "]"), ptx);
  }

  @Test
  void encodedParameters_holdEachMemberAtItsOffset() {
    long[] ptrs = new long[MlaParams.POINTERS];
    for (int i = 0; i < ptrs.length; i++) {
      ptrs[i] = 0x1000L * (i + 1);
    }
    MlaParams.Pointers p = new MlaParams.Pointers(ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], ptrs[5], ptrs[6],
        ptrs[7], ptrs[8], ptrs[9], ptrs[10], ptrs[11], ptrs[12], ptrs[13], ptrs[14], ptrs[15]);
    byte[] ckvMap = new byte[MlaParams.TENSOR_MAP_BYTES];
    byte[] kpeMap = new byte[MlaParams.TENSOR_MAP_BYTES];
    Arrays.fill(ckvMap, (byte) 0xc1);
    Arrays.fill(kpeMap, (byte) 0xe5);
    ByteBuffer b = ByteBuffer.wrap(MlaParams.encode(p, 128, 64, 0.125f, 64, ckvMap, kpeMap))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(MlaParams.BYTES, b.capacity());
    for (int i = 0; i < ptrs.length; i++) {
      assertEquals(ptrs[i], b.getLong(8 * i), "pointer " + i);
    }
    assertEquals(128, b.getInt(MlaParams.NUM_HEADS_OFFSET));
    assertEquals(64, b.getInt(MlaParams.PAGE_SIZE_OFFSET));
    assertEquals(0.125f, b.getFloat(MlaParams.SM_SCALE_OFFSET));
    assertEquals(64, b.getInt(MlaParams.BOX_ROWS_OFFSET));
    assertEquals((byte) 0xc1, b.get(MlaParams.CKV_MAP_OFFSET + MlaParams.TENSOR_MAP_BYTES - 1));
    assertEquals((byte) 0xe5, b.get(MlaParams.KPE_MAP_OFFSET));
    assertEquals((byte) 0xe5, b.get(MlaParams.BYTES - 1));
    // without tensor maps the maps' bytes stay zero
    ByteBuffer none = ByteBuffer.wrap(MlaParams.encode(p, 128, 12, 0.125f, 0, null, null));
    assertEquals(0, none.get(MlaParams.CKV_MAP_OFFSET));
  }

  @Test
  void launchGeometry_isTheStructTheVariantsExport() {
    String source = String.join("\n",
        "#include <jitguard/mla/decode_entry.cuh>",
        "using G = jitguard::mla::DecodeGeometry;",
        "static_assert(sizeof(G) == " + DecodeGeometry.BYTES + ", \"DecodeGeometry is not the size the host reads\");",
        "struct Fake { static constexpr unsigned kSmemBytes = 1000, kTile = 32, kCtasPerSm = 2; };",
        "extern \"C\" __constant__ G jitguard_mla_decode_geometry = jitguard::mla::GeometryOf<Fake>(true);",
        "__global__ void touch(unsigned* out) { out[0] = jitguard_mla_decode_geometry.tile; }",
        "");
    String ptx = ptx("geometry_check.cu", source, "sm_80");
    // {threads 256, heads 64, shared 1000, tile 32, tensor maps 1, plan threads 256, CTAs per SM 2}
    assertTrue(ptx.contains(".const .align 4 .b8 " + DecodeGeometry.SYMBOL + "[28] = {0, 1, 0, 0, 64, 0, 0, 0, 232, 3, 0, 0, "
        + "32, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 2};"), ptx); // PTX leaves the trailing zeros out
  }

  @Test
  void geometry_readsSevenValuesAndRefusesMalformedOnes() {
    ByteBuffer b = ByteBuffer.allocate(DecodeGeometry.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(256).putInt(64).putInt(1000).putInt(32).putInt(1).putInt(256).putInt(1);
    assertEquals(new DecodeGeometry(256, 64, 1000, 32, true, 256, 1), DecodeGeometry.read(b.array(), "f/v"));
    assertEquals(2, new DecodeGeometry(256, 64, 1000, 32, true, 256, 1).headBlocks(65));
    b.putInt(16, 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DecodeGeometry.read(b.array(), "f/v"));
    assertTrue(e.getMessage().contains("f/v exports a malformed jitguard_mla_decode_geometry"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> DecodeGeometry.read(new byte[20], "f/v"));
    assertTrue(e.getMessage().contains("of 20 bytes, not 28"), e.getMessage());
  }

  @Test
  void splitRequestsBound_isThePlansExtraWork_andNoneOnceTheBatchFillsTheGpu() {
    DecodeGeometry g = new DecodeGeometry(256, 64, 1000, 64, true, 256, 1);
    // 128 heads: two head blocks, so 132 SMs take 66 work items; the rest of them split requests
    assertEquals(1, g.splitRequestsBound(1, 128, 132, 1 + 264));
    assertEquals(32, g.splitRequestsBound(32, 128, 132, 32 + 264));
    assertEquals(2, g.splitRequestsBound(64, 128, 132, 64 + 264));
    assertEquals(0, g.splitRequestsBound(66, 128, 132, 66 + 264));
    assertEquals(0, g.splitRequestsBound(128, 128, 132, 128 + 264));
    // 20 heads: one head block; a ragged batch of 8 may split all 8
    assertEquals(8, g.splitRequestsBound(8, 20, 132, 8 + 264));
  }

  @Test
  void aSizeThatDisagrees_failsToCompile() {
    NvrtcException e = assertThrows(NvrtcException.class, () -> layoutPtx(MlaParams.BYTES - 64));
    assertTrue(e.log().contains("MLAParams is not the size MlaParams writes"), e.log());
  }

  @Test
  void tensorCopyBoxes_neverCrossAPageAndStartOnTheSwizzlePeriod() {
    int tile = 64;
    assertEquals(64, MlaParams.tensorMapBoxRows(64, tile));
    assertEquals(64, MlaParams.tensorMapBoxRows(256, tile));
    assertEquals(16, MlaParams.tensorMapBoxRows(16, tile));
    assertEquals(16, MlaParams.tensorMapBoxRows(48, tile));
    assertEquals(8, MlaParams.tensorMapBoxRows(24, tile));
    assertEquals(8, MlaParams.tensorMapBoxRows(8, tile));
    // under 8 rows: no tensor maps, the kernel copies with cp.async
    assertEquals(0, MlaParams.tensorMapBoxRows(12, tile));
    assertEquals(0, MlaParams.tensorMapBoxRows(4, tile));
    assertEquals(0, MlaParams.tensorMapBoxRows(1, tile));
    assertEquals(0, MlaParams.tensorMapBoxRows(100, tile));
  }
}
