package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.nvrtc.CubinParameters;
import io.jitguard.nvrtc.NvrtcOutput;
import io.jitguard.nvrtc.NvrtcProgram;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.source.SourceCache;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import io.jitguard.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The entry points' signatures the front end works out (names, types, sizes, alignments, offsets in
 * the parameter buffer) against what the real NVRTC lays out: the CUBIN's parameter records.
 */
class KernelSignaturesTest {
  private static Checker.Result check(BuildPlan plan) {
    return new Checker(new SourceCache(), Map.of(), List.of()).run(CheckPlan.forPlan(plan));
  }

  /** Compiles a unit with the real NVRTC and compares each entry's signature with its CUBIN's parameters. */
  private static void assertAgreesWithNvrtc(CompileUnit unit, Map<String, KernelSignature> signatures) {
    List<String> options = new ArrayList<>(unit.build().nvrtcOptions(List.of(), RealNvrtc.headers().includeOptions(),
        Path::toString));
    String source;
    try {
      source = Files.readString(unit.variant().source(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> names = unit.nameExpressions().values().asList();
    NvrtcOutput out = RealNvrtc.nvrtc().compile(NvrtcProgram.cubin(unit.variant().source().toString(), source, options,
        names));
    ImmutableMap<String, ImmutableList<CubinParameters.Param>> compiled = CubinParameters.read(out.cubin().orElseThrow())
        .orElseThrow();
    assertEquals(names.size(), signatures.size(), unit + ": " + signatures.keySet());
    for (String name : names) {
      KernelSignature sig = signatures.get(name);
      ImmutableList<CubinParameters.Param> params = compiled.get(out.loweredNames().get(name));
      assertTrue(sig.complete(), unit + " " + name + ": " + sig);
      assertEquals(java.util.Optional.empty(), sig.disagreement(params.stream()
          .map(p -> new KernelSignature.Placement(p.offset(), p.size())).toList()), unit + " " + name + ": " + sig
          + "\nNVRTC: " + params);
    }
  }

  private static KernelSignature.Param param(KernelSignature sig, String name) {
    return sig.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
        new AssertionError("no parameter '" + name + "' in " + sig));
  }

  @Test
  void everyKindOfParameter_laidOutAsNvrtcLaysItOut() {
    Manifest m = ManifestReader.read(TestResources.path("manifests/signatures/manifest.json"));
    BuildPlan plan = BuildPlan.of(m, m.families(), m.defaultTargets());
    Checker.Result r = check(plan);
    assertEquals(2, r.signatures().size(), r.signatures().toString());
    for (CompileUnit u : plan.units()) {
      assertAgreesWithNvrtc(u, r.signatures().get(u.key()));
    }
    CompileUnit bf16 = plan.units().stream().filter(u -> u.instantiation().label().equals("t=bf16")).findFirst()
        .orElseThrow();
    KernelSignature all = r.signatures().get(bf16.key()).get("sig::all_kinds<__nv_bfloat16>");
    assertEquals(List.of(16L, 16L), List.of(param(all, "a").size(), param(all, "a").align()));
    assertEquals(List.of(32L, 8L), List.of(param(all, "n").size(), param(all, "n").align()));
    assertEquals(List.of(16L, 8L), List.of(param(all, "u").size(), param(all, "u").align()));
    assertEquals(List.of(128L, 64L), List.of(param(all, "maps").size(), param(all, "maps").align()));
    assertEquals(List.of(12L, 4L), List.of(param(all, "holder").size(), param(all, "holder").align()));
    assertEquals(List.of(1L, 1L), List.of(param(all, "m").size(), param(all, "b").size()));
    assertEquals(KernelSignature.Kind.RECORD, param(all, "holder").kind());
    assertEquals("Holder<__nv_bfloat16, 3>", param(all, "holder").type());
    assertEquals(KernelSignature.Kind.SCALAR, param(all, "h").kind());
    KernelSignature ptrs = r.signatures().get(bf16.key()).get("sig::pointers<__nv_bfloat16>");
    assertEquals("const __nv_bfloat16 *", param(ptrs, "in").type());
    assertEquals(java.util.Optional.of("__nv_bfloat16"), param(ptrs, "out").pointee());
    assertEquals(java.util.Optional.of("void"), param(ptrs, "raw").pointee());
    assertTrue(param(ptrs, "in").pointeeConst());
  }

  @Test
  void bundledKernels_signaturesAgreeWithNvrtc() {
    Manifest m = ManifestReader.read(TestResources.bundledManifest());
    BuildPlan plan = BuildPlan.of(m, m.families(), List.of(Target.parse("sm_80"), Target.parse("sm_90a")));
    Checker.Result r = check(plan);
    assertEquals(plan.units().size(), r.signatures().size());
    Predicate<CompileUnit> sample = u -> u.family().name().equals("mla_merge") && u.target().sm() == 80
        || u.instantiation().label().equals("q=bf16,kv=bf16,o=bf16");
    for (CompileUnit u : plan.units().stream().filter(sample).toList()) {
      assertAgreesWithNvrtc(u, r.signatures().get(u.key()));
    }
    CompileUnit hopper = plan.units().stream().filter(u -> u.variant().name().equals("hopper")).findFirst().orElseThrow();
    KernelSignature decode = r.signatures().get(hopper.key()).values().stream()
        .filter(s -> s.entry().contains("decode_kernel")).findFirst().orElseThrow();
    assertEquals(1, decode.params().size());
    assertEquals(List.of(448L, 64L), List.of(decode.params().get(0).size(), decode.params().get(0).align()));
  }
}
