package io.jitguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A checker fixture under {@code test-resources/check/}: a source whose comments say how to run it
 * ({@code RUN-TARGETS}, {@code RUN-INSTANTIATE}, {@code RUN-BIND}) and what NVRTC makes of it
 * ({@code RUN-NVRTC-FAILS}, {@code RUN-NVRTC-COMPILES}, with {@code RUN-NVRTC-OPTIONS} added to
 * NVRTC's command line: {@code -DJITGUARD_STAND_INS} gives NVRTC small stand-ins for a library
 * whose headers the checker is meant not to have), with inline expectations.
 */
public record Fixture(Path file, List<String> targets, List<String> instantiate, List<String> binds,
    List<String> nvrtcFails, List<String> nvrtcCompiles, List<String> nvrtcOptions, Expectations expectations) {

  public static Fixture read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> targets = new ArrayList<>();
    List<String> inst = new ArrayList<>();
    List<String> binds = new ArrayList<>();
    List<String> fails = new ArrayList<>();
    List<String> compiles = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String l : lines) {
      String t = l.strip();
      if (t.startsWith("// RUN-TARGETS:")) {
        targets.addAll(List.of(t.substring(15).strip().split(",")));
      } else if (t.startsWith("// RUN-INSTANTIATE:")) {
        inst.add(t.substring(19).strip());
      } else if (t.startsWith("// RUN-BIND:")) {
        binds.add(t.substring(12).strip());
      } else if (t.startsWith("// RUN-NVRTC-FAILS:")) {
        fails.add(t.substring(19).strip());
      } else if (t.startsWith("// RUN-NVRTC-COMPILES:")) {
        compiles.add(t.substring(22).strip());
      } else if (t.startsWith("// RUN-NVRTC-OPTIONS:")) {
        options.addAll(List.of(t.substring(21).strip().split("\\s+")));
      }
    }
    if (targets.isEmpty()) {
      targets.add("sm_90a");
    }
    return new Fixture(file, targets, inst, binds, fails, compiles, options, Expectations.read(file));
  }

  /** Every fixture source ({@code .cu}) under {@code test-resources/check}. */
  public static List<Fixture> all() {
    try (Stream<Path> s = Files.walk(TestResources.path("check"))) {
      // check/jg005 holds cases of C++ and Python sources checked together: BindingFixturesTest runs those
      Path crossLanguage = TestResources.path("check").resolve("jg005");
      return s.filter(p -> p.toString().endsWith(".cu") && !p.startsWith(crossLanguage)).sorted().map(Fixture::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return TestResources.path("check").relativize(file).toString();
  }

  public boolean expectsFinding(String rule) {
    return expectations.expected().stream().anyMatch(e -> e.text().contains("[" + rule + "]"));
  }
}
