package io.jitguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --budget} and {@code -D}: bad values are usage errors naming the argument; a budget cuts in as a note. */
class BudgetOptionTest {
  @TempDir Path dir;

  @Test
  void anIncludeBudgetCutsInAsANoteNotAFinding() throws Exception {
    Files.writeString(dir.resolve("h.cuh"), "int x;\n");
    Files.writeString(dir.resolve("main.cu"), "#include \"h.cuh\"\n#include \"h.cuh\"\n#include \"h.cuh\"\n");
    CliRun r = CliRun.of("check", dir.resolve("main.cu").toString(), "--budget", "includes=2");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("main.cu:3:2: note: more than 2 files included in this unit (budget includes); the "
        + "rest of this unit was not checked"), r.out());
  }

  @Test
  void aBadBudgetIsAUsageError() throws Exception {
    Files.writeString(dir.resolve("main.cu"), "int x;\n");
    CliRun r = CliRun.of("check", dir.resolve("main.cu").toString(), "--budget", "tokens=5");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--budget 'tokens=5' is not NAME=N with NAME one of expansion, expansion-per-token"),
        r.err());
    r = CliRun.of("check", dir.resolve("main.cu").toString(), "--budget", "includes=0");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("'includes=0': the value must be a whole number of at least 1"), r.err());
  }

  @Test
  void aDefineThatIsNotAMacroNameIsAUsageErrorNamingTheArgument() throws Exception {
    Files.writeString(dir.resolve("main.cu"), "int x;\n");
    CliRun r = CliRun.of("check", dir.resolve("main.cu").toString(), "-D", "X Y=1");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("-D 'X Y=1': 'X Y' is not a macro name"), r.err());
    Files.writeString(dir.resolve("main.cu"), "#define X 2\nint x = X;\n");
    r = CliRun.of("check", dir.resolve("main.cu").toString(), "-D", "F(a,b)=a+b", "-D", "X=1");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("main.cu:1:9: warning: 'X' macro redefined (previous definition at <command line: "
        + "-D X=1>:1:9)"), r.out());
  }
}
