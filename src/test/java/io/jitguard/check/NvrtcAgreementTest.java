package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jitguard.nvrtc.NvrtcException;
import io.jitguard.nvrtc.NvrtcProgram;
import io.jitguard.targets.Target;
import io.jitguard.testing.Fixture;
import io.jitguard.testing.RealNvrtc;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The checker agrees with the real compiler: a fixture that expects JG001 or JG002 fails under
 * NVRTC for the instantiation it states ({@code -}: the file itself), and a clean fixture compiles (host code with
 * -default-device). Each compile is for the fixture's first target.
 */
class NvrtcAgreementTest {
  private static void compile(Fixture f, String nameExpression) throws IOException {
    List<String> options = new ArrayList<>(List.of(Target.parse(f.targets().get(0)).cubinArchOption(), "-std=c++17",
        "-default-device", "-I" + f.file().getParent()));
    options.addAll(f.nvrtcOptions());
    options.addAll(RealNvrtc.headers().includeOptions());
    RealNvrtc.nvrtc().compile(NvrtcProgram.cubin(f.file().toString(), Files.readString(f.file()), options,
        nameExpression == null || nameExpression.equals("-") ? List.of() : List.of(nameExpression)));
  }

  @TestFactory
  Stream<DynamicTest> fixturesExpectingJG001orJG002_failUnderNvrtc_cleanOnesCompile() {
    return Fixture.all().stream().flatMap(f -> {
      List<DynamicTest> tests = new ArrayList<>();
      boolean expectsCompileError = f.expectsFinding("JG001") || f.expectsFinding("JG002");
      if (expectsCompileError && f.nvrtcFails().isEmpty()) {
        tests.add(DynamicTest.dynamicTest(f.name() + " states a failing instantiation",
            () -> fail(f.name() + " expects JG001/JG002 but has no RUN-NVRTC-FAILS line")));
      }
      for (String e : f.nvrtcFails()) {
        tests.add(DynamicTest.dynamicTest(f.name() + " fails: " + e, () -> {
          NvrtcException ex = assertThrows(NvrtcException.class, () -> compile(f, e));
          assertTrue(ex.isCompilationError(), ex.getMessage());
        }));
      }
      for (String e : f.nvrtcCompiles()) {
        tests.add(DynamicTest.dynamicTest(f.name() + " compiles: " + e, () -> compile(f, e)));
      }
      if (f.expectations().expectsNoDiagnostics() && f.nvrtcCompiles().isEmpty()) {
        tests.add(DynamicTest.dynamicTest(f.name() + " compiles", () -> compile(f, null)));
      }
      return tests.stream();
    });
  }
}
