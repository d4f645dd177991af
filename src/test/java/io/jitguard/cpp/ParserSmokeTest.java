package io.jitguard.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitguard.cpp.parse.Parser;
import io.jitguard.cpp.pp.Preprocessor;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import io.jitguard.testing.TestResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled kernels, and look-alike code with declarators that are easy to misparse, parse
 * without a single skipped construct, for each kind of target.
 */
class ParserSmokeTest {
  @ParameterizedTest
  @CsvSource({"mla/mla_decode_portable.cu, sm_80", "mla/mla_decode_portable.cu, sm_120", "mla/mla_decode_hopper.cu, sm_90a",
      "mla/mla_merge.cu, sm_89"})
  void bundledKernel_parsesWithoutProblems(String source, String target) {
    Path kernels = TestResources.projectDir().resolve("kernels");
    assertParsesCleanly(kernels.resolve(source), List.of(kernels.resolve("include")), target);
  }

  @ParameterizedTest
  @CsvSource({"check/lookalikes/declarator_types.cu, sm_90a"})
  void lookalike_parsesWithoutProblems(String source, String target) {
    assertParsesCleanly(TestResources.path(source), List.of(), target);
  }

  /** The fixtures of real kernel-library constructs: each one read whole, nothing skipped. */
  @ParameterizedTest
  @ValueSource(strings = {"unknown_names.cu", "specializations.cu", "traits.cu", "static_member_calls.cu",
      "functors.cu", "constructors.cu", "aggregates.cu", "conditional.cu", "template_args.cu", "const_restrict.cu",
      "nested_dispatch.cu", "alias_cycles.cu", "block_scope_alias.cu", "if_constexpr.cu", "if_constexpr_unknown.cu",
      "cuda_runtime_types.cu", "uninstantiated_template.cu", "concepts.cu", "specializations_unbound.cu",
      "pragma_operator.cu", "cutlass_idioms.cu", "typename_casts_and_folds.cu",
      "angles_after_overloaded_names.cu", "asm_macro_constraints.cu"})
  void realCodeFixture_parsesWithoutProblems(String source) {
    Path file = TestResources.path("check/realcode/" + source);
    Preprocessor.Result pp = new Preprocessor(Preprocessor.Config.of(List.of(file.getParent()), Map.of(),
        Target.parse("sm_90a")), new SourceCache()).run(file);
    Parser.TranslationUnit tu = Parser.parse(pp.tokens());
    assertEquals(List.of(), tu.problems().stream().map(p -> p.at().location() + ": " + p.message()).toList());
    assertEquals(List.of(), tu.internalErrors());
  }

  private static void assertParsesCleanly(Path file, List<Path> includes, String target) {
    Preprocessor.Result pp = new Preprocessor(Preprocessor.Config.of(includes, Map.of(), Target.parse(target)),
        new SourceCache()).run(file);
    assertEquals(List.of(), pp.diagnostics());
    Parser.TranslationUnit tu = Parser.parse(pp.tokens());
    assertEquals(List.of(), tu.problems().stream().map(p -> p.at().location() + ": " + p.message()).toList());
  }
}
