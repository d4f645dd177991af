package io.jitguard.nvrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.jitguard.targets.Target;
import io.jitguard.targets.TargetException;
import io.jitguard.testing.CubinHeader;
import io.jitguard.testing.Expectations;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real NVRTC 13.3, compiling fixtures whose expected diagnostics are written inline. */
class NvrtcCompileTest {
  private static NvrtcOutput compile(Path file, Target target, List<String> names) throws IOException {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    List<String> options = new ArrayList<>(List.of(target.cubinArchOption(), "-std=c++17", "--display-error-number"));
    options.addAll(RealNvrtc.headers().includeOptions());
    return nvrtc.compile(NvrtcProgram.cubin(file.toString(), Files.readString(file), options, names));
  }

  private static List<Expectations.Seen> seen(List<CompilerDiagnostic> diags, Path file) {
    List<Expectations.Seen> out = new ArrayList<>();
    for (CompilerDiagnostic d : diags) {
      if (Path.of(d.file()).equals(file)) {
        out.add(new Expectations.Seen(d.severity().spelling(), d.line(), d.message()));
      }
      for (CompilerDiagnostic n : d.notes()) {
        if (Path.of(n.file()).equals(file)) {
          out.add(new Expectations.Seen(n.severity().spelling(), n.line(), n.message()));
        }
      }
    }
    return out;
  }

  @Test
  void stalePartialOAssignment_failsForBf16WithParsedDiagnostic() {
    Path file = TestResources.path("nvrtc/stale_partial_o.cu");
    NvrtcException e = assertThrows(NvrtcException.class,
        () -> compile(file, Target.parse("sm_90"), List.of("hopper_run<__nv_bfloat16>")));
    assertTrue(e.isCompilationError(), e.statusName());
    assertTrue(e.options().contains("-arch=sm_90"), e.options().toString());
    List<CompilerDiagnostic> diags = NvrtcLogParser.parse(e.log());
    Expectations.read(file).verify(seen(diags, file), List.of("error"));
    CompilerDiagnostic error = diags.stream().filter(d -> d.severity().isError()).findFirst().orElseThrow();
    assertEquals(20, error.line());
    assertEquals(20, error.column()); // EDG points at the assignment operator
    assertTrue(error.bindings().orElseThrow().equals("DTypeO=__nv_bfloat16"), error.toString());
    assertTrue(error.instantiation().get(0).contains("hopper_run<DTypeO>"), error.instantiation().toString());
  }

  @Test
  void stalePartialOAssignment_compilesForFloat() throws IOException {
    NvrtcOutput out = compile(TestResources.path("nvrtc/stale_partial_o.cu"), Target.parse("sm_90"),
        List.of("hopper_run<float>"));
    assertTrue(out.cubin().orElseThrow().length > 0);
  }

  @Test
  void planArity_failsWithCandidateNote() {
    Path file = TestResources.path("nvrtc/plan_arity.cu");
    NvrtcException e = assertThrows(NvrtcException.class, () -> compile(file, Target.parse("sm_80"), List.of()));
    List<CompilerDiagnostic> diags = NvrtcLogParser.parse(e.log());
    Expectations.read(file).verify(seen(diags, file), List.of("error", "note"));
    CompilerDiagnostic note = diags.get(0).notes().get(0);
    assertEquals(java.util.Optional.of("3322-D"), note.number());
  }

  @Test
  void nameExpressions_resolveToLoweredNamesAndCubinIsElfForTheTarget() throws IOException {
    Path file = TestResources.path("nvrtc/clean_kernel.cu");
    NvrtcOutput out = compile(file, Target.parse("sm_86"),
        List.of("demo::scale<float>", "demo::scale<__nv_bfloat16>"));
    assertEquals("_ZN4demo5scaleIfEEvPT_fi", out.loweredNames().get("demo::scale<float>"));
    assertEquals("_ZN4demo5scaleI13__nv_bfloat16EEvPT_fi", out.loweredNames().get("demo::scale<__nv_bfloat16>"));
    Expectations.read(file).verify(seen(NvrtcLogParser.parse(out.log()), file), List.of("error", "warning"));
    byte[] cubin = out.cubin().orElseThrow();
    assertEquals(86, CubinHeader.sm(cubin));
    assertFalse(out.ptx().isPresent());
  }

  @Test
  void ptx_isAvailableOnRequest() throws IOException {
    Path file = TestResources.path("nvrtc/clean_kernel.cu");
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    List<String> options = new ArrayList<>(List.of("-arch=sm_90a", "-std=c++17"));
    options.addAll(RealNvrtc.headers().includeOptions());
    NvrtcOutput out = nvrtc.compile(NvrtcProgram.cubin(file.toString(), Files.readString(file), options,
        List.of("demo::scale<float>")).withPtx(true));
    assertTrue(out.ptx().orElseThrow().contains(".target sm_90a"), out.ptx().get().substring(0, 300));
  }

  @Test
  void ccclHeaders_resolveThroughTheIncludePath() throws IOException {
    Path file = Files.createTempFile("cccl", ".cu");
    Files.writeString(file, "#include <cuda/std/cstdint>\n__global__ void k(cuda::std::int32_t* x) { x[0] = 1; }\n");
    assertTrue(compile(file, Target.parse("sm_80"), List.of("k")).cubin().isPresent());
    Files.delete(file);
  }

  @Test
  void badOption_isAnExceptionCarryingTheOptions() {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    NvrtcException e = assertThrows(NvrtcException.class, () -> nvrtc.compile(NvrtcProgram.cubin("x.cu",
        "__global__ void k() {}", List.of("-arch=sm_80", "--no-such-option"), List.of())));
    assertFalse(e.isCompilationError());
    assertEquals("NVRTC_ERROR_INVALID_OPTION", e.statusName());
    assertEquals(ImmutableList.of("-arch=sm_80", "--no-such-option"), e.options());
  }

  @Test
  void unsupportedTarget_givesTheClearErrorFromTheLoadedNvrtc() {
    TargetException e = assertThrows(TargetException.class,
        () -> RealNvrtc.nvrtc().supportedTargets().resolve("sm_70"));
    assertTrue(e.getMessage().startsWith("unsupported target 'sm_70': NVRTC 13.3 supports sm_75, sm_80"), e.getMessage());
  }

  @Test
  void nvrtc13_3_supportsTheIssueTargetsAndCarriesHeaders() {
    Nvrtc nvrtc = RealNvrtc.nvrtc();
    assertEquals(new NvrtcVersion(13, 3), nvrtc.version());
    for (String t : List.of("sm_80", "sm_86", "sm_89", "sm_90a", "sm_100a", "sm_120")) {
      assertTrue(nvrtc.supportedTargets().supports(Target.parse(t)), t);
    }
    CudaHeaders headers = RealNvrtc.headers();
    assertEquals(CudaHeaders.Kind.BUNDLED, headers.kind());
    assertTrue(Files.isRegularFile(headers.includeDirs().get(0).resolve("cuda_fp8.h")));
    assertTrue(headers.includeDirs().stream().anyMatch(d -> Files.isDirectory(d.resolve("cuda/std"))),
        headers.includeDirs().toString());
  }
}
