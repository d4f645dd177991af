package io.jitguard.testing;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expected diagnostics written inline in a test source, the way clang's {@code -verify} reads
 * them: {@code // expected-error {{text}}} for the same line, {@code // expected-error@+1 {{text}}}
 * for the next one, {@code // expected-no-diagnostics} for a clean file. Any line without a
 * marker must produce no diagnostic of that severity.
 */
public final class Expectations {
  private static final Pattern MARKER =
      Pattern.compile("expected-(error|warning|note)(?:@(?:([+-]\\d+)|([\\w./-]+):(\\d+)))?\\s*\\{\\{(.*?)\\}\\}");

  /**
   * One expected diagnostic: severity word, the file (null: this one; else a path suffix, clang's
   * {@code expected-error@other.h:5}), 1-based line, text the message must contain.
   */
  public record Expected(String severity, String file, int line, String text) {}

  private final Path file;
  private final ImmutableList<Expected> expected;
  private final boolean noDiagnostics;

  private Expectations(Path file, ImmutableList<Expected> expected, boolean noDiagnostics) {
    this.file = file;
    this.expected = expected;
    this.noDiagnostics = noDiagnostics;
  }

  public static Expectations read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Expected> out = new ArrayList<>();
    boolean none = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      none |= line.contains("expected-no-diagnostics");
      Matcher m = MARKER.matcher(line);
      while (m.find()) {
        if (m.group(3) != null) {
          out.add(new Expected(m.group(1), m.group(3), Integer.parseInt(m.group(4)), m.group(5)));
        } else {
          int offset = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
          out.add(new Expected(m.group(1), null, i + 1 + offset, m.group(5)));
        }
      }
    }
    if (none && !out.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected-no-diagnostics together with expectations");
    }
    return new Expectations(file, ImmutableList.copyOf(out), none);
  }

  public ImmutableList<Expected> expected() {
    return expected;
  }

  public boolean expectsNoDiagnostics() {
    return noDiagnostics;
  }

  public Path file() {
    return file;
  }

  /** What a check run reported, in the shape expectations are compared with: findings, their notes, the front end's. */
  public static List<Seen> seen(io.jitguard.check.Checker.Result r) {
    List<Seen> out = new ArrayList<>();
    for (io.jitguard.check.Finding x : r.findings()) {
      out.add(new Seen(x.severity().spelling(), x.location().file().path().toString(), x.location().line(),
          x.message() + " [" + x.rule() + "]"));
      for (io.jitguard.check.Finding.Note n : x.notes()) {
        out.add(new Seen("note", n.location().file().path().toString(), n.location().line(), n.message()));
      }
    }
    for (io.jitguard.check.FrontEndDiagnostic d : r.frontEnd()) {
      out.add(new Seen(d.severity().spelling(), d.location().file().path().toString(), d.location().line(),
          d.message()));
    }
    return out;
  }

  /** The actual diagnostic in the same shape, to compare against the expected ones. */
  public record Seen(String severity, String file, int line, String message) {
    public Seen(String severity, int line, String message) {
      this(severity, null, line, message);
    }
  }

  private boolean sameFile(Expected e, Seen s) {
    if (e.file() == null) {
      return s.file() == null || Path.of(s.file()).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
    }
    return s.file() != null && s.file().replace('\\', '/').endsWith(e.file());
  }

  private boolean matches(Expected e, Seen s) {
    return e.severity().equals(s.severity()) && e.line() == s.line() && sameFile(e, s) && s.message().contains(e.text());
  }

  /**
   * Checks that every expectation is met by a diagnostic on its line and that every diagnostic
   * of the given severities lies on an expected line; the failure lists everything seen.
   */
  public void verify(List<Seen> seen, List<String> severities) {
    List<String> problems = new ArrayList<>();
    for (Expected e : expected) {
      boolean met = seen.stream().anyMatch(s -> matches(e, s));
      if (!met) {
        problems.add("expected " + e.severity() + " at " + (e.file() == null ? "" : e.file() + ":") + "line " + e.line()
            + " containing {{" + e.text() + "}}: not seen");
      }
    }
    for (Seen s : seen) {
      if (!severities.contains(s.severity())) {
        continue;
      }
      boolean wanted = expected.stream().anyMatch(e -> matches(e, s));
      if (!wanted) {
        problems.add("unexpected " + s.severity() + " at " + (s.file() == null ? "" : s.file() + ":") + "line "
            + s.line() + ": " + s.message());
      }
    }
    if (!problems.isEmpty()) {
      StringBuilder msg = new StringBuilder(file + ":\n");
      problems.forEach(p -> msg.append("  ").append(p).append('\n'));
      msg.append("everything seen:\n");
      seen.forEach(s -> msg.append("  ").append(s.file() == null ? "" : s.file() + ":").append(s.line()).append(": ")
          .append(s.severity()).append(": ").append(s.message()).append('\n'));
      throw new AssertionError(msg.toString());
    }
  }
}
