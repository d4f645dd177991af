package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import io.jitguard.testing.Expectations;
import io.jitguard.testing.Fixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture under test-resources/check is checked against its inline expectations: each
 * expected finding is reported at its line, and no unmarked line gets an error or warning.
 */
class CheckFixturesTest {
  static Checker.Result check(Fixture f) {
    Map<String, String> binds = new LinkedHashMap<>();
    for (String b : f.binds()) {
      binds.put(b.substring(0, b.indexOf('=')).strip(), b.substring(b.indexOf('=') + 1).strip());
    }
    List<Target> targets = f.targets().stream().map(Target::parse).toList();
    return new Checker(new SourceCache(), binds).run(CheckPlan.forFiles(List.of(f.file()),
        List.of(f.file().getParent()), Map.of(), targets, f.instantiate()));
  }

  static List<Expectations.Seen> seen(Checker.Result r) {
    return Expectations.seen(r);
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureMeetsItsInlineExpectations() {
    return Fixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), f.file().toUri(), () -> {
      Checker.Result r = check(f);
      f.expectations().verify(seen(r), List.of("error", "warning"));
      // notes are checked where expected, not demanded everywhere
      List<Expectations.Seen> notes = seen(r).stream().filter(s -> s.severity().equals("note")).toList();
      for (Expectations.Expected e : f.expectations().expected()) {
        if (e.severity().equals("note")) {
          assertTrue(notes.stream().anyMatch(s -> s.line() == e.line() && s.message().contains(e.text())),
              "expected note at line " + e.line() + " {{" + e.text() + "}}; notes seen: " + notes);
        }
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> fixturesHaveCheckableExpectations() {
    return Fixture.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> assertTrue(
        f.expectations().expectsNoDiagnostics() || !f.expectations().expected().isEmpty(),
        f.name() + " says neither expected-no-diagnostics nor what it expects")));
  }
}
