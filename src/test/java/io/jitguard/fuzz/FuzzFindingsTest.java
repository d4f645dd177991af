package io.jitguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every input of {@code test-resources/fuzz-findings/} (a copy of what fuzzing main found, each
 * with its command line) run through the CLI exactly as found: each ends in a clean run or in
 * clear diagnostics with exit 0, 1 or 2, never an exception, an internal error or a hang.
 */
class FuzzFindingsTest {
  /** Far above any of these runs (under 1 s each); only a hang reaches it. */
  static final Duration HANG = Duration.ofSeconds(30);

  @TestFactory
  Stream<DynamicTest> everyFindingEndsCleanly() {
    return FuzzInputs.findingFolders().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> {
          List<String> args = arguments(dir);
          FuzzInputs.Outcome o = assertTimeoutPreemptively(HANG, () -> FuzzInputs.cli(args));
          FuzzInputs.assertWellBehaved(o, Set.of(0, 1, 2));
        }));
  }

  /** args.txt, one argument a line; {@code @D} is the folder itself, {@code @P} the project root. */
  static List<String> arguments(Path dir) throws IOException {
    List<String> args = new ArrayList<>();
    for (String a : Files.readAllLines(dir.resolve("args.txt"))) {
      args.add(a.replace("@D", dir.toString()).replace("@P", TestResources.projectDir().toString()));
    }
    return args;
  }
}
