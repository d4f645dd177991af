package io.jitguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.cli.Main;
import io.jitguard.cpp.Budget;
import io.jitguard.report.FindingJsonReport;
import io.jitguard.targets.TargetException;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the fuzz tests share: fuzzer bytes as a small source tree, the doors run in-process, and
 * the properties every run must have whatever the input.
 *
 * <p>An input is one or more files: the bytes up to the first line {@code //--- NAME} are
 * {@code main.cu}, each such line starts a file NAME (as LLVM's split-file does), so the fuzzer can
 * build headers, include chains and include bombs as well as single files.
 */
final class FuzzInputs {
  static final String SPLIT = "//--- ";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path scratch;
  /** A Java exception's name or stack frame as it would be printed (not a file name that merely holds the word). */
  private static final java.util.regex.Pattern JAVA_EXCEPTION = java.util.regex.Pattern.compile(
      "java\\.lang\\.|\\tat [a-z]|\\w(Exception|Error)(:|$| in thread)", java.util.regex.Pattern.MULTILINE);

  private FuzzInputs() {}

  /** The run's output and exit code. */
  record Outcome(int exit, String out, String err) {}

  /** Writes the input as files in a fresh folder and returns the path of its {@code main.cu}. */
  static synchronized Path writeTree(byte[] input) {
    try {
      if (scratch == null) {
        scratch = Files.createTempDirectory("jitguard-fuzz");
      }
      Path dir = scratch.resolve("tree");
      clear(dir);
      Files.createDirectories(dir);
      String text = new String(input, StandardCharsets.ISO_8859_1); // every byte survives, one char each
      String name = "main.cu";
      int from = 0;
      int files = 0;
      while (true) {
        int at = text.indexOf("\n" + SPLIT, from);
        String body = at < 0 ? text.substring(from) : text.substring(from, at + 1);
        write(dir, name, body);
        if (at < 0 || ++files >= 64) {
          break;
        }
        int lineEnd = text.indexOf('\n', at + 1 + SPLIT.length());
        name = text.substring(at + 1 + SPLIT.length(), lineEnd < 0 ? text.length() : lineEnd).strip();
        from = lineEnd < 0 ? text.length() : lineEnd + 1;
      }
      return dir.resolve("main.cu");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path dir, String name, String body) throws IOException {
    if (!name.matches("[A-Za-z0-9_.-]{1,40}") || name.startsWith(".")) {
      return; // a name no fixture needs: dropped rather than written outside the folder
    }
    Files.write(dir.resolve(name), body.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void clear(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Runs the CLI in-process. */
  static Outcome cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Outcome(exit, out.toString(), err.toString());
  }

  /**
   * Runs the check core on one file as {@code jitguard check FILE -I ... --sm ... --format json}
   * does, with the exit code the door would give: 3 for internal errors, 1 for errors, else 0. A
   * bad request (exit 2) is a {@link io.jitguard.targets.TargetException}, which the door turns
   * into a message: here its text, so the assertion names it.
   */
  static Outcome check(Path main, List<Path> includes, List<String> targets) {
    return check(main, includes, targets, List.of());
  }

  /** The same with Python sources, as {@code --python} gives them (JG005). */
  static Outcome check(Path main, List<Path> includes, List<String> targets, List<Path> python) {
    CheckRequest request = new CheckRequest(TestResources.projectDir().resolve("kernels/manifest.json"),
        ImmutableList.of(main), ImmutableList.copyOf(includes), ImmutableMap.of(), ImmutableList.copyOf(targets),
        ImmutableList.of(), ImmutableMap.of(), ImmutableList.of(), ImmutableList.copyOf(python));
    Checker.Result result;
    try {
      result = CheckRunner.run(request, Budget.fromSystemProperties());
    } catch (TargetException e) {
      return new Outcome(2, "", "jitguard: " + e.getMessage());
    }
    StringWriter out = new StringWriter();
    FindingJsonReport.render(result, new PrintWriter(out));
    int exit = result.internalErrors() > 0 ? 3 : result.errors() > 0 ? 1 : 0;
    return new Outcome(exit, out.toString(), exit == 3 ? "jitguard: internal error" : "");
  }

  /**
   * What holds for every run of {@code check} on any input: an exit code that means findings or
   * none (never an internal error, never the one of bad usage for a file that exists), no Java
   * exception in the output, and JSON that parses with every location a real file and line.
   */
  static void assertWellBehaved(Outcome o, Set<Integer> allowedExits) {
    // only the tool writes to stderr; stdout may quote the input, which may say anything
    String all = o.out() + o.err();
    assertTrue(allowedExits.contains(o.exit()), "exit " + o.exit() + ":\n" + abbreviate(all));
    assertTrue(!JAVA_EXCEPTION.matcher(o.err()).find(), "a Java exception:\n" + abbreviate(all));
    assertTrue(!o.err().contains("internal error"), "an internal error:\n" + abbreviate(all));
    if (o.out().startsWith("{")) {
      JsonNode report;
      try {
        report = JSON.readTree(o.out());
      } catch (IOException e) {
        throw new AssertionError("the JSON report does not parse: " + e.getMessage() + "\n" + abbreviate(o.out()));
      }
      List<JsonNode> located = new ArrayList<>();
      if (report.has("runs")) { // SARIF: a successful invocation, and every result at a file and line
        for (JsonNode run : report.path("runs")) {
          run.path("invocations").forEach(i -> assertTrue(i.path("executionSuccessful").asBoolean(false),
              "SARIF invocation not successful: " + i));
          for (JsonNode r : run.path("results")) {
            JsonNode loc = r.path("locations").path(0).path("physicalLocation");
            assertTrue(!loc.path("artifactLocation").path("uri").asText("").isEmpty()
                && loc.path("region").path("startLine").asInt(0) >= 1, "a SARIF result without a file and line: " + r);
          }
        }
        return;
      }
      assertEquals(0, report.path("internalErrors").asInt(-1), "internal errors");
      report.path("findings").forEach(f -> {
        located.add(f);
        f.path("notes").forEach(located::add);
      });
      report.path("frontEnd").forEach(located::add);
      for (JsonNode d : located) {
        String file = d.path("file").asText("");
        assertTrue(!file.isEmpty() && (file.startsWith("<command line: ") || Files.exists(Path.of(file))),
            "a diagnostic without a real file: " + d);
        assertTrue(d.path("line").asInt(0) >= 1, "a diagnostic without a line: " + d);
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() > 4000 ? s.substring(0, 2000) + "\n...\n" + s.substring(s.length() - 2000) : s;
  }

  /** The project's own C++ fixtures and kernels: seeds for the check fuzz tests. */
  static Stream<byte[]> sourceSeeds() {
    List<Path> roots = List.of(TestResources.projectDir().resolve("test-resources/check"),
        TestResources.projectDir().resolve("kernels"), TestResources.projectDir().resolve("test-resources/internal"));
    List<byte[]> seeds = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".cu") || f.toString().endsWith(".cuh")).sorted().toList()) {
          seeds.add(Files.readAllBytes(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    seeds.addAll(findingSeeds());
    return seeds.stream();
  }

  /** Each finding of test-resources/fuzz-findings as one input: its main file, then its headers. */
  static List<byte[]> findingSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (Path dir : findingFolders()) {
      try (Stream<Path> s = Files.list(dir)) {
        List<Path> files = s.filter(p -> p.toString().endsWith(".cu") || p.toString().endsWith(".cuh"))
            .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith("main.")).thenComparing(
                Path::toString)).toList();
        StringBuilder b = new StringBuilder();
        for (Path f : files) {
          if (b.length() > 0) {
            b.append(b.charAt(b.length() - 1) == '\n' ? "" : "\n").append(SPLIT).append(f.getFileName()).append('\n');
          }
          b.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        seeds.add(b.toString().getBytes(StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return seeds;
  }

  static List<Path> findingFolders() {
    try (Stream<Path> s = Files.list(TestResources.path("fuzz-findings"))) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
