package io.jitguard.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.jitguard.cache.CacheKeys;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.targets.Target;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runtime finds among a compile's CUBINs without a GPU to load them: a unit compiled for
 * the device's target from the same sources, whatever NVRTC and folder the build had.
 */
class PrebuiltKernelsTest {
  @TempDir Path dir;
  private Path project;

  @BeforeEach
  void copyFixture() throws IOException {
    Path from = TestResources.path("manifests/cache");
    project = dir.resolve("project");
    TestResources.copyTree(from, project);
    new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers()).run(new CompileRequest(project.resolve("manifest.json"),
        ImmutableList.of(), ImmutableList.of(), 2, dir.resolve("out"), false, true), ProgressListener.NONE);
  }

  /** The source key the runtime computes: its own options (--ptxas-options=-v, absolute folders), other headers. */
  private static Optional<String> runtimeKey(CompileUnit unit) {
    CudaHeaders other = new CudaHeaders(CudaHeaders.Kind.TOOLKIT, ImmutableList.of(Path.of("/usr/local/cuda/include")),
        "another machine's toolkit");
    List<String> options = unit.build().nvrtcOptions(List.of("--ptxas-options=-v"), other.includeOptions(),
        Path::toString);
    return new CacheKeys(Optional.empty(), other, Path.of("/")).sourceKeyOf(unit, options, other.includeOptions(),
        List.copyOf(unit.nameExpressions().values()), unit.build().manifestRoot()).key();
  }

  private CompileUnit unit(String target) {
    Manifest m = ManifestReader.read(project.resolve("manifest.json"));
    return BuildPlan.of(m, m.families(), List.of(Target.parse(target))).units().get(0);
  }

  @Test
  void theSameSources_onTheCompiledTarget_areServed() {
    PrebuiltKernels built = PrebuiltKernels.fromFolder(dir.resolve("out"));
    CompileUnit u = unit("sm_90");
    PrebuiltKernels.Prebuilt p = built.find(u, runtimeKey(u).orElseThrow()).orElseThrow();
    assertTrue(p.origin().endsWith("scale/portable/sm_90/t-f32.cubin"), p.origin());
    assertEquals(0x7f, p.cubin()[0]); // ELF
    assertTrue(p.loweredNames().containsKey("cache_test::scale<float>"), p.loweredNames().toString());
    // the entry point's parameters come with it, as the compile's check found them
    assertEquals("(float *x, int n)", p.signatures().get("cache_test::scale<float>").describeParams());
  }

  @Test
  void aTargetNotCompiled_orAChangedHeader_isNotServed() throws IOException {
    PrebuiltKernels built = PrebuiltKernels.fromFolder(dir.resolve("out"));
    CompileUnit sm86 = unit("sm_86");
    assertEquals(Optional.empty(), built.find(sm86, runtimeKey(sm86).orElseThrow()));
    Path deep = project.resolve("inc/deep/factor.cuh");
    Files.writeString(deep, Files.readString(deep).replace("kFactor = 3", "kFactor = 5"));
    CompileUnit u = unit("sm_90");
    assertEquals(Optional.empty(), built.find(u, runtimeKey(u).orElseThrow()));
  }

  @Test
  void aMovedProject_isStillServed() throws IOException {
    Path moved = dir.resolve("elsewhere");
    Files.move(project, moved);
    project = moved;
    CompileUnit u = unit("sm_80");
    assertTrue(PrebuiltKernels.fromFolder(dir.resolve("out")).find(u, runtimeKey(u).orElseThrow()).isPresent());
  }
}
