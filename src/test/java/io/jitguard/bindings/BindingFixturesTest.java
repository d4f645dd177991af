package io.jitguard.bindings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.check.Finding;
import io.jitguard.check.FrontEndDiagnostic;
import io.jitguard.testing.Expectations;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case under test-resources/check/jg005 (a folder of C++ binding sources and Python sources) is
 * checked as {@code jitguard check *.cu --python *.py} would, against the expectations written inline
 * in each of its files: findings at their Python lines, notes at the registrations and declarations.
 */
class BindingFixturesTest {
  private static List<Path> files(Path dir, String ext) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(ext)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Expectations.Seen> seen(Checker.Result r) {
    return Expectations.seen(r);
  }

  @TestFactory
  Stream<DynamicTest> everyCaseMeetsTheExpectationsOfEachOfItsFiles() throws IOException {
    List<Path> cases;
    try (Stream<Path> s = Files.list(TestResources.path("check/jg005"))) {
      cases = s.filter(Files::isDirectory).sorted().toList();
    }
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> {
      List<Path> cpp = files(dir, ".cu");
      List<Path> python = files(dir, ".py");
      Checker.Result r = CheckRunner.run(new CheckRequest(Path.of("kernels/manifest.json"), ImmutableList.copyOf(cpp),
          ImmutableList.of(dir), ImmutableMap.of(), ImmutableList.of(), ImmutableList.of(), ImmutableMap.of(),
          ImmutableList.of(), ImmutableList.copyOf(python)));
      List<Expectations.Seen> seen = seen(r);
      for (Path f : Stream.concat(cpp.stream(), python.stream()).toList()) {
        Expectations e = Expectations.read(f);
        assertTrue(e.expectsNoDiagnostics() || !e.expected().isEmpty(), f + " says neither what it expects nor "
            + "expected-no-diagnostics");
        List<Expectations.Seen> here = seen.stream()
            .filter(s -> Path.of(s.file()).toAbsolutePath().normalize().equals(f.toAbsolutePath().normalize())).toList();
        e.verify(here, List.of("error", "warning"));
        for (Expectations.Expected x : e.expected()) {
          if (x.severity().equals("note")) {
            assertTrue(here.stream().anyMatch(s -> s.severity().equals("note") && s.line() == x.line()
                && s.message().contains(x.text())), f + ": expected note at line " + x.line() + " {{" + x.text()
                + "}}; seen: " + seen);
          }
        }
      }
    }));
  }
}
