package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an NVRTC program log into structured diagnostics.
 *
 * <p>EDG prints each diagnostic as a headline {@code file(line): severity #number: message}, then
 * optional message continuation lines, the source line (indented by two spaces) and a caret line,
 * then any instantiation context ({@code detected during instantiation of "..." [with T=...]}).
 * Notes follow the diagnostic they belong to. Lines that fit none of this (summaries, remarks about
 * suppressing warnings) are dropped.
 */
public final class NvrtcLogParser {
  private static final Pattern HEADLINE = Pattern.compile(
      "^(?<file>.+?)\\((?<line>\\d+)\\): (?<sev>catastrophic error|error|warning|remark|note)"
          + "(?: #(?<num>\\d+(?:-D)?))?: (?<msg>.*)$");
  private static final Pattern CARET = Pattern.compile("^( *)\\^\\s*$");
  private static final Pattern BINDINGS = Pattern.compile("\\[with ([^\\]]*)\\]");
  /** EDG indents the quoted source line by this many columns. */
  private static final int EXCERPT_INDENT = 2;

  private NvrtcLogParser() {}

  public static ImmutableList<CompilerDiagnostic> parse(String log) {
    List<String> lines = List.of(log.replace("\r", "").replace("\0", "").split("\n", -1));
    List<Block> blocks = new ArrayList<>();
    Block current = null;
    for (String line : lines) {
      Matcher m = HEADLINE.matcher(line);
      if (m.matches()) {
        current = new Block(m);
        blocks.add(current);
      } else if (current != null) {
        if (line.isBlank() || isSummary(line)) {
          current.closed = true;
        } else if (!current.closed) {
          current.body.add(line);
        }
      }
    }
    ImmutableList.Builder<CompilerDiagnostic> out = ImmutableList.builder();
    Block owner = null;
    List<CompilerDiagnostic> ownerNotes = new ArrayList<>();
    for (Block b : blocks) {
      if (b.severity == Severity.NOTE && owner != null) {
        ownerNotes.add(b.toDiagnostic(ImmutableList.of()));
        continue;
      }
      if (owner != null) {
        out.add(owner.toDiagnostic(ownerNotes));
      }
      owner = b;
      ownerNotes = new ArrayList<>();
    }
    if (owner != null) {
      out.add(owner.toDiagnostic(ownerNotes));
    }
    return out.build();
  }

  private static boolean isSummary(String line) {
    String t = line.trim();
    return t.startsWith("Remark: The warnings can be suppressed")
        || t.matches("\\d+ (catastrophic )?errors? detected in the compilation of .*")
        || t.equals("Compilation terminated.");
  }

  private static final class Block {
    final String file;
    final int line;
    final Severity severity;
    final Optional<String> number;
    final String message;
    final List<String> body = new ArrayList<>();
    boolean closed;

    Block(Matcher m) {
      file = m.group("file");
      // a line number of ten digits or more (no real log has one; a garbled log may) is kept as the largest
      String digits = m.group("line").replaceFirst("^0+(?=\\d)", "");
      line = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
      severity = Severity.fromSpelling(m.group("sev"));
      number = Optional.ofNullable(m.group("num"));
      message = m.group("msg").strip();
    }

    CompilerDiagnostic toDiagnostic(List<CompilerDiagnostic> notes) {
      int caret = -1;
      for (int i = 0; i < body.size(); i++) {
        if (CARET.matcher(body.get(i)).matches()) {
          caret = i;
          break;
        }
      }
      StringBuilder msg = new StringBuilder(message);
      String excerpt = "";
      int column = 0;
      List<String> context = new ArrayList<>();
      if (caret >= 1) {
        for (int i = 0; i < caret - 1; i++) {
          msg.append(' ').append(body.get(i).strip());
        }
        String source = body.get(caret - 1);
        excerpt = source.length() >= EXCERPT_INDENT ? source.substring(EXCERPT_INDENT) : source.strip();
        Matcher c = CARET.matcher(body.get(caret));
        c.matches();
        column = Math.max(1, c.group(1).length() - EXCERPT_INDENT + 1);
        body.subList(caret + 1, body.size()).forEach(l -> context.add(l.strip()));
      } else {
        for (String l : body) {
          if (l.strip().startsWith("detected during") || !context.isEmpty()) {
            context.add(l.strip());
          } else {
            msg.append(' ').append(l.strip());
          }
        }
      }
      List<String> instantiation = new ArrayList<>();
      for (String l : context) {
        if (!l.equals("detected during:")) {
          instantiation.add(l.replaceFirst("^detected during ", ""));
        }
      }
      Optional<String> bindings = Optional.empty();
      if (!instantiation.isEmpty()) {
        Matcher b = BINDINGS.matcher(instantiation.get(0));
        if (b.find()) {
          bindings = Optional.of(b.group(1).strip());
        }
      }
      return new CompilerDiagnostic(file, line, column, severity, number, msg.toString(), excerpt,
          ImmutableList.copyOf(instantiation), bindings, ImmutableList.copyOf(notes));
    }
  }
}
