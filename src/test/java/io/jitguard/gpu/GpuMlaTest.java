package io.jitguard.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.ImmutableMap;
import io.jitguard.dirs.UserDirs;
import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.mla.ElementType;
import io.jitguard.mla.MlaRunner;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.testing.TestResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On a machine with an NVIDIA GPU: the runtime and the MLA kernels; elsewhere skipped, saying why. */
class GpuMlaTest {
  private static KernelRuntime runtime(Map<String, String> forced, List<String> log) {
    Nvrtc nvrtc = Nvrtc.load();
    assumeTrue(nvrtc.driver().realDriver(), "no NVIDIA driver on this machine: GPU tests need one");
    Manifest m = ManifestReader.read(TestResources.bundledManifest());
    return new KernelRuntime(m, nvrtc, CudaHeaders.resolve(nvrtc, UserDirs.cacheDir(), System.getenv()),
        CudaDriver.open(nvrtc, 0), forced, log::add);
  }

  private static MlaRunner.Shape shape(int... kvLen) {
    return new MlaRunner.Shape(128, 64, kvLen, ElementType.BF16, ElementType.BF16, ElementType.BF16, 0.1352, 7);
  }

  @Test
  void hopperIsChosenOnSm90_andComputesTheRightAnswer() {
    KernelRuntime rt = runtime(Map.of(), new ArrayList<>());
    MlaRunner.Check c = MlaRunner.check(rt, shape(1, 77, 1000, 0, 64, 4095));
    if (rt.driver().gpu().sm() == 90) {
      assertEquals("hopper", c.variant());
      assertEquals("sm_90a", c.target());
    }
    assertTrue(c.ok(1e-2, 1e-3), c.toString());
  }

  @Test
  void planDecodeAndMergeCapturedAsAGraph_computeTheRightAnswerWhenReplayed() {
    // a split request (kv 16384 over the SMs) and ones that are not: all three kernels in the graph
    MlaRunner.Check c = MlaRunner.checkReplayed(runtime(Map.of(), new ArrayList<>()), shape(16384, 1, 300, 0));
    assertEquals(0, c.unwritten(), c.toString());
    assertTrue(c.ok(1e-2, 1e-3), c.toString());
  }

  @Test
  void forcedPortableVariant_computesTheRightAnswer() {
    MlaRunner.Check c = MlaRunner.check(runtime(Map.of("mla_decode", "portable"), new ArrayList<>()), shape(4096, 4096,
        4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096));
    assertEquals("portable", c.variant());
    assertTrue(c.ok(1e-2, 1e-3), c.toString());
  }

  @Test
  void preferredVariantThatFailsToCompile_fallsBackAndSaysWhyOnce() {
    Nvrtc nvrtc = Nvrtc.load();
    assumeTrue(nvrtc.driver().realDriver(), "no NVIDIA driver on this machine: GPU tests need one");
    Manifest m = ManifestReader.read(TestResources.path("manifests/gpu-fallback/manifest.json"));
    List<String> log = new ArrayList<>();
    KernelRuntime rt = new KernelRuntime(m, nvrtc, CudaHeaders.resolve(nvrtc, UserDirs.cacheDir(), System.getenv()),
        CudaDriver.open(nvrtc, 0), Map.of(), log::add);
    Instantiation inst = m.family("scale").orElseThrow().instantiations().get(0);
    assertEquals("portable", rt.prepare("scale", inst).variant());
    assertEquals("portable", rt.prepare("scale", inst).variant());
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("'broken' did not compile") && log.get(0).contains("undefined_helper")
        && log.get(0).endsWith("using 'portable'"), log.get(0));
  }

  @Test
  void launchNeedingACompileDuringGraphCapture_isRefused() {
    KernelRuntime rt = runtime(Map.of(), new ArrayList<>());
    Instantiation inst = rt.instantiation("mla_merge", ImmutableMap.of("DTypeO", "bf16", "IdType", "i32"));
    CudaDriver.Stream stream = rt.driver().stream();
    rt.driver().beginCapture(stream);
    try {
      KernelRuntime.CaptureWithoutPrepareException e = assertThrows(KernelRuntime.CaptureWithoutPrepareException.class,
          () -> rt.require("mla_merge", inst, stream));
      assertTrue(e.getMessage().contains("call prepare(...) for every kernel before capturing"), e.getMessage());
    } finally {
      rt.driver().endCapture(stream);
    }
    rt.prepare("mla_merge", inst);
    rt.driver().beginCapture(stream);
    try {
      assertEquals("portable", rt.require("mla_merge", inst, stream).variant()); // prepared: no compile, no refusal
    } finally {
      rt.driver().endCapture(stream);
    }
  }

  @Test
  void typedLaunch_refusesAWrongBufferAndAMissingArgument_andRunsTheRightOne() {
    KernelRuntime rt = runtime(Map.of(), new ArrayList<>());
    CudaDriver d = rt.driver();
    KernelRuntime.Prepared merge = rt.prepare("mla_merge", rt.instantiation("mla_merge",
        ImmutableMap.of("DTypeO", "bf16", "IdType", "i32")));
    int heads = 4;
    int partials = 2; // request 0 split in two: the plan's merge_indptr {0, 2}, merge_requests {0}, plan_info[3] 1
    int width = 512;
    java.nio.ByteBuffer po = java.nio.ByteBuffer.allocate(4 * partials * heads * width)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < partials * heads * width; i++) {
      po.putFloat(i < heads * width ? 1f : 2f); // partial 0 holds 1, partial 1 holds 2
    }
    try (DeviceBuffer<Element.Fp32> partialO = DeviceBuffer.of(d, Element.FP32, po.array());
        DeviceBuffer<Element.Fp32> partialLse = DeviceBuffer.of(d, Element.FP32, new byte[4 * partials * heads]);
        DeviceBuffer<Element.I32> indptr = DeviceBuffer.of(d, Element.I32, new byte[] {0, 0, 0, 0, 2, 0, 0, 0});
        DeviceBuffer<Element.I32> splitRequests = DeviceBuffer.of(d, Element.I32, new byte[] {0, 0, 0, 0});
        DeviceBuffer<Element.I32> planInfo = DeviceBuffer.of(d, Element.I32, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 1, 0, 0, 0});
        DeviceBuffer<Element.Bf16> o = DeviceBuffer.allocate(d, Element.BF16, (long) heads * width);
        DeviceBuffer<Element.Fp32> lse = DeviceBuffer.allocate(d, Element.FP32, heads)) {
      int[] grid = {heads, 1, 1};
      int[] block = {128, 1, 1};
      LaunchCheck.LaunchArgumentException wrongType = assertThrows(LaunchCheck.LaunchArgumentException.class,
          () -> rt.launch(merge, "merge_kernel", grid, block, 0, null, List.of(KernelArg.of(o), KernelArg.of(partialLse),
              KernelArg.of(indptr), KernelArg.of(splitRequests), KernelArg.of(planInfo), KernelArg.of(o),
              KernelArg.of(lse), KernelArg.u32(heads))));
      assertEquals("cannot launch 'jitguard::mla::merge_kernel<__nv_bfloat16, int>': argument 1: passing "
          + "'DeviceBuffer<bf16>' ('__nv_bfloat16 *') to parameter 'partial_o' of type 'const float *'",
          wrongType.getMessage());
      LaunchCheck.LaunchArgumentException missing = assertThrows(LaunchCheck.LaunchArgumentException.class,
          () -> rt.launch(merge, "merge_kernel", grid, block, 0, null, List.of(KernelArg.of(partialO),
              KernelArg.of(partialLse), KernelArg.of(indptr), KernelArg.of(splitRequests), KernelArg.of(planInfo),
              KernelArg.of(o), KernelArg.of(lse))));
      assertTrue(missing.getMessage().contains("it takes 8 arguments, 7 were given (missing 'num_heads' "
          + "('unsigned int'))"), missing.getMessage());
      rt.launch(merge, "merge_kernel", grid, block, 0, null, List.of(KernelArg.of(partialO), KernelArg.of(partialLse),
          KernelArg.of(indptr), KernelArg.of(splitRequests), KernelArg.of(planInfo), KernelArg.of(o), KernelArg.of(lse),
          KernelArg.u32(heads)));
      d.synchronize();
      float[] out = ElementType.BF16.decode(o.download());
      float[] lses = ElementType.FP32.decode(lse.download());
      for (float v : out) {
        assertEquals(1.5f, v, 0f); // equal weights: the mean of 1 and 2
      }
      for (float v : lses) {
        assertEquals(Math.log(2), v, 1e-6); // log of the two weights' sum, each exp2(0)
      }
    }
  }
}
