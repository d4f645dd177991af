package io.jitguard.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.Budget;
import io.jitguard.cpp.pp.IncludeResolver;
import io.jitguard.cpp.pp.PpDiagnostic;
import io.jitguard.cpp.pp.Preprocessor;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {
  @TempDir Path dir;

  private Preprocessor.Result run(String source, Target target, Map<String, String> defines, List<Path> includes)
      throws IOException {
    Path main = dir.resolve("main.cu");
    Files.writeString(main, source);
    Preprocessor.Config config = Preprocessor.Config.of(includes, ImmutableMap.copyOf(defines), target);
    return new Preprocessor(config, new SourceCache(dir)).run(main);
  }

  private String text(String source) throws IOException {
    return text(run(source, Target.parse("sm_80"), Map.of(), List.of()));
  }

  private static String text(Preprocessor.Result r) {
    return r.tokens().stream().map(Token::text).collect(Collectors.joining(" "));
  }

  private static List<String> messages(Preprocessor.Result r) {
    return r.diagnostics().stream().map(d -> d.location().line() + ": " + d.kind().spelling() + ": " + d.message())
        .toList();
  }

  @Test
  void objectAndFunctionLikeMacros_withStringizeAndPaste() throws IOException {
    assertEquals("int xy = 3 ; const char * s = \"a + b\" ;", text(
        "#define CAT(a, b) a ## b\n#define STR(x) #x\n#define THREE 3\nint CAT(x, y) = THREE;\nconst char* s = STR(a + b);\n"));
  }

  @Test
  void variadicMacro_andVaOpt() throws IOException {
    assertEquals("f ( 1 , 2 , 3 ) ; g ( ) ; g ( , 1 ) ;", text(
        "#define CALL(fn, ...) fn(__VA_ARGS__)\n#define OPT(...) g(__VA_OPT__(, __VA_ARGS__))\n"
            + "CALL(f, 1, 2, 3); OPT(); OPT(1);\n"));
  }

  @Test
  void gnuCommaPaste_dropsTheCommaWithoutVariadicArguments() throws IOException {
    assertEquals("log ( \"a\" ) ; log ( \"b\" , 1 , 2 ) ;", text(
        "#define LOG(fmt, ...) log(fmt, ## __VA_ARGS__)\nLOG(\"a\"); LOG(\"b\", 1, 2);\n"));
  }

  @Test
  void recursiveMacro_stopsByItsHideSet() throws IOException {
    assertEquals("foo + 1 ;", text("#define foo foo + 1\nfoo;\n"));
  }

  @Test
  void conditionalsFollowTheTarget() throws IOException {
    String src = "#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900\nhopper\n#elif __CUDA_ARCH__ >= 800\nampere\n"
        + "#else\nold\n#endif\n#ifdef __CUDA_ARCH_FEAT_SM90_ALL\narch_specific\n#endif\n";
    assertEquals("ampere", text(run(src, Target.parse("sm_80"), Map.of(), List.of())));
    assertEquals("hopper", text(run(src, Target.parse("sm_90"), Map.of(), List.of())));
    assertEquals("hopper arch_specific", text(run(src, Target.parse("sm_90a"), Map.of(), List.of())));
  }

  @Test
  void constantExpressions_fullPrecedenceAndTernary() throws IOException {
    assertEquals("yes", text("#if (1 + 2 * 3 == 7) && (0x10 >> 2) == 4 && (1 ? 5 : 6) == 5 && !defined(NOPE) && 'a' == 97\n"
        + "yes\n#else\nno\n#endif\n"));
  }

  @Test
  void alternativeTokens_inConditions() throws IOException {
    assertEquals("yes", text("#define A 1\n#if defined(A) and not defined(B) or 0\nyes\n#else\nno\n#endif\n"));
    assertEquals("yes", text("#if 1 bitand 3 and (2 not_eq 3)\nyes\n#endif\n"));
  }

  @Test
  void conditionTheCheckerCannotEvaluate_isANote_andNoBranchIsChecked() throws IOException {
    Preprocessor.Result r = run("#if __has_builtin(__builtin_assume)\nfast\n#elif 1\nportable\n#else\nold\n#endif\n"
        + "after\n", Target.parse("sm_80"), Map.of(), List.of());
    assertEquals("after", text(r)); // neither the guessed nor the fallback branch: no conclusion from either
    assertEquals(1, r.diagnostics().size(), messages(r).toString());
    PpDiagnostic d = r.diagnostics().get(0);
    assertEquals(PpDiagnostic.Kind.NOTE, d.kind());
    assertTrue(d.message().startsWith("cannot evaluate #if __has_builtin(__builtin_assume)"), d.message());
    assertTrue(d.message().endsWith("no branch of it is checked"), d.message());
  }

  @Test
  void deeplyNestedCondition_isANoteNotACrash() throws IOException {
    String deep = "#if " + "!".repeat(5000) + "1\nx\n#endif\ny\n";
    Preprocessor.Result r = run(deep, null, Map.of(), List.of());
    assertEquals("y", text(r));
    assertTrue(messages(r).get(0).contains("nested deeper than 256 levels"), messages(r).toString());
  }

  @Test
  void unterminatedCharacterInACondition_isANoteNotACrash() throws IOException {
    Preprocessor.Result r = run("#if'\nx\n#endif\ny\n", null, Map.of(), List.of());
    assertEquals("y", text(r));
  }

  @Test
  void directivesInsideAMacrosArguments_takeEffect_asGccAndNvrtcDo() throws IOException {
    Preprocessor.Result r = run("#define SWITCH(c, ...) if (c) { __VA_ARGS__ }\nSWITCH(x,\n#ifndef USE_ROCM\n  cuda();\n"
        + "#else\n  rocm();\n#endif\n  done();\n)\nafter;\n", null, Map.of(), List.of());
    assertEquals("if ( x ) { cuda ( ) ; done ( ) ; } after ;", text(r));
    assertEquals(List.of(), messages(r));
  }

  @Test
  void pragmaOperator_actsAsTheDirective_andLeavesNoTokens() throws IOException {
    // CUTLASS_PRAGMA_UNROLL under NVRTC, one spelled by stringizing, one in a macro's argument
    Preprocessor.Result r = run("#define UNROLL _Pragma(\"unroll\")\n#define BY(n) _Pragma(#n)\n#define ID(x) x\n"
        + "UNROLL for (;;) a;\nBY(unroll 4) while (b) c;\nID(_Pragma(\"unroll\") do d;)\n_Pragma(\"message(\\\"hi\\\")\") e;\n",
        null, Map.of(), List.of());
    assertEquals("for ( ; ; ) a ; while ( b ) c ; do d ; e ;", text(r));
    assertEquals(List.of(), messages(r));
  }

  @Test
  void pragmaOperatorWithoutAStringLiteral_staysAsWritten() throws IOException {
    Preprocessor.Result r = run("_Pragma(unroll) x;\n_Pragma\n(\"unroll\") y;\n_Pragma;\n", null, Map.of(), List.of());
    assertEquals("_Pragma ( unroll ) x ; _Pragma ( \"unroll\" ) y ; _Pragma ;", text(r));
  }

  @Test
  void pragmaOperatorOnce_includesTheHeaderOnce() throws IOException {
    Path inc = Files.createDirectories(dir.resolve("once"));
    Files.writeString(inc.resolve("o.h"), "_Pragma(\"once\")\nint o;\n");
    Preprocessor.Result r = run("#include <o.h>\n#include <o.h>\n", Target.parse("sm_80"), Map.of(), List.of(inc));
    assertEquals("int o ;", text(r));
  }

  @Test
  void userDefines_andUndef() throws IOException {
    Preprocessor.Result r = run("#ifdef FAST\nfast\n#endif\nN\n#undef N\nN\n", null, Map.of("FAST", "1", "N", "7"),
        List.of());
    assertEquals("fast 7 N", text(r));
  }

  @Test
  void includes_quotedAndAngled_withPragmaOnceAndGuards() throws IOException {
    Path inc = Files.createDirectories(dir.resolve("inc"));
    Files.writeString(inc.resolve("a.h"), "#pragma once\nint a;\n");
    Files.writeString(inc.resolve("b.h"), "#ifndef B_H\n#define B_H\nint b;\n#endif\n");
    Preprocessor.Result r = run("#include <a.h>\n#include \"inc/a.h\"\n#include <b.h>\n#include <b.h>\n",
        Target.parse("sm_80"), Map.of(), List.of(inc));
    assertEquals("int a ; int b ;", text(r));
    assertEquals(List.of(), messages(r));
  }

  @Test
  void missingInclude_isANoteOnceAndCheckingGoesOn_toolkitAndStandardHeadersAreSilent() throws IOException {
    Preprocessor.Result r = run("#include <torch/extension.h>\n#include <torch/extension.h>\n#include <vector>\n"
        + "#include <cuda_bf16.h>\n#include <cuda/std/cstdint>\nint x;\n", Target.parse("sm_80"), Map.of(), List.of());
    assertEquals("int x ;", text(r));
    // the standard library's headers are modelled like the toolkit's: its names are known without them
    assertEquals(List.of("1: note: cannot find include <torch/extension.h>; checking goes on without it"), messages(r));
  }

  @Test
  void includeEscapingTheRoots_isRefused() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("secret.h"), "int secret;\n");
    Path main = sub.resolve("main.cu");
    Files.writeString(main, "#include \"../secret.h\"\nint ok;\n");
    Preprocessor.Result r = new Preprocessor(Preprocessor.Config.of(List.of(), Map.of(), null), new SourceCache(dir))
        .run(main);
    assertEquals("int ok ;", text(r));
    assertTrue(messages(r).get(0).startsWith("1: error: include \"../secret.h\" resolves to " + dir.resolve("secret.h")
        .toRealPath() + ", outside the project and the include folders"), messages(r).toString());
  }

  @Test
  void quotedIncludeClimbingOutOfItsFolder_withinTheProject_isRead() throws IOException {
    Path kernels = Files.createDirectories(dir.resolve("src/kernels"));
    Files.writeString(dir.resolve("common.cuh"), "int common;\n");
    Path main = kernels.resolve("main.cu");
    Files.writeString(main, "#include \"../../common.cuh\"\nint ok;\n");
    Preprocessor.Config inProject = Preprocessor.Config.of(List.of(), Map.of(), null).withProjectRoot(Optional.of(dir));
    Preprocessor.Result r = new Preprocessor(inProject, new SourceCache(dir)).run(main);
    assertEquals("int common ; int ok ;", text(r));
    assertEquals(List.of(), messages(r));
    // the same include from a file outside any project, with only its own folder as a root, is refused
    Preprocessor.Result alone = new Preprocessor(Preprocessor.Config.of(List.of(), Map.of(), null),
        new SourceCache(dir)).run(main);
    assertEquals("int ok ;", text(alone));
  }

  @Test
  void projectOfAFile_isTheRepositoryHoldingIt_elseTheWorkingFolder() throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve(".git"));
    Path deep = Files.createDirectories(repo.resolve("a/b"));
    Path file = Files.writeString(deep.resolve("k.cu"), "int k;\n");
    assertEquals(Optional.of(repo.toRealPath()), IncludeResolver.projectOf(file, dir));
    Path loose = Files.writeString(Files.createDirectories(dir.resolve("loose")).resolve("k.cu"), "int k;\n");
    assertEquals(Optional.of(dir.toRealPath()), IncludeResolver.projectOf(loose, dir));
    assertEquals(Optional.empty(), IncludeResolver.projectOf(loose, repo));
  }

  @Test
  void includeCycle_isReportedNotFollowedForever() throws IOException {
    Files.writeString(dir.resolve("x.h"), "#include \"y.h\"\nint x;\n");
    Files.writeString(dir.resolve("y.h"), "#include \"x.h\"\nint y;\n");
    Preprocessor.Result r = run("#include \"x.h\"\n", null, Map.of(), List.of());
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.kind() == PpDiagnostic.Kind.ERROR
        && d.message().startsWith("include cycle: x.h includes itself through x.h -> y.h -> x.h")), messages(r).toString());
  }

  @Test
  void exponentialMacros_areBounded() throws IOException {
    StringBuilder src = new StringBuilder("#define M0 x\n");
    for (int i = 1; i <= 40; i++) {
      src.append("#define M").append(i).append(" M").append(i - 1).append(" M").append(i - 1).append('\n');
    }
    src.append("M40\n");
    Path main = dir.resolve("bomb.cu");
    Files.writeString(main, src.toString());
    Preprocessor.Config small = Preprocessor.Config.of(List.of(), Map.of(), null)
        .withBudget(Budget.DEFAULT.with(List.of("expansion=100000", "expansion-per-token=1")));
    Preprocessor.Result r = new Preprocessor(small, new SourceCache(dir)).run(main);
    assertTrue(r.tokens().size() < 300_000, "output is bounded: " + r.tokens().size());
    assertEquals(List.of("42: note: macro expansion, token pasting and files read again came to more than 100248 tokens (budget expansion 100000 + expansion-per-token 1 x 248 tokens in the unit's files); the rest of this unit was not "
        + "checked"), messages(r));
    assertTrue(r.diagnostics().get(0).limit(), "a limit of the checker's own, not a problem of the code");
  }

  @Test
  void tokensKeepWhereTheyWereWrittenAndTheMacroInvocation() throws IOException {
    Preprocessor.Result r = run("#define DISPATCH(...) { __VA_ARGS__ }\nDISPATCH(\n  int y = 1;\n)\n", null, Map.of(),
        List.of());
    Token y = r.tokens().stream().filter(t -> t.is("y")).findFirst().orElseThrow();
    assertEquals(3, y.location().line());
    assertEquals("DISPATCH", y.expansion().macro());
    assertEquals(2, y.expansion().invocation().location().line());
    Token brace = r.tokens().get(0);
    assertEquals(1, brace.location().line()); // written in the #define
  }

  @Test
  void errorDirective_andUnterminatedConditional() throws IOException {
    Preprocessor.Result r = run("#if __CUDA_ARCH__ < 900\n#error \"needs sm_90\"\n#endif\n#if 1\n", Target.parse("sm_80"),
        Map.of(), List.of());
    assertEquals(List.of("2: error: #error directive: \"needs sm_90\"",
        "4: error: unterminated #if (no matching #endif in main.cu)"), messages(r));
  }

  @Test
  void lineSplices_keepPhysicalLocations() throws IOException {
    Preprocessor.Result r = run("#define LONG a + \\\n  b\nint q = LONG;\nint \\\n  z;\n", null, Map.of(), List.of());
    assertEquals("int q = a + b ; int z ;", text(r));
    Token z = r.tokens().stream().filter(t -> t.is("z")).findFirst().orElseThrow();
    assertEquals(5, z.location().line());
    assertEquals(3, z.location().column());
  }
}
