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
}
