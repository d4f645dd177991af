package io.jitguard.check.checks;

import io.jitguard.check.Check;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import io.jitguard.source.SourceFile;
import io.jitguard.source.SourceLocation;
import java.util.Optional;

/**
 * JG004: the file's last logical line is continued by a line splice and ended by the end of the
 * file rather than a newline, as a generated header is when its renderer drops the final newline
 * after a multi-line {@code #define}. That is gcc's condition for {@code backslash-newline at end
 * of file}, warned once per preprocessing pass: nvcc runs one per target plus the host pass, for
 * every file that includes the header. NVRTC 13.3 accepts such a file unless its last bytes are a
 * backslash-newline, which it rejects ({@code last line of file ends with a backslash}): an error
 * then, at that backslash as NVRTC reports it; otherwise a warning at the line's first splice,
 * where gcc points. Reported once per file however often it is included.
 */
@CheckInfo(id = "JG004", name = "backslash-newline-at-eof",
    summary = "The last line of a file is continued by a backslash and not ended by a newline",
    explanation = "The last logical line of a file contains a line splice and ends at the end of the file, typically "
        + "a generated header whose renderer dropped the final newline of a multi-line #define. gcc warns "
        + "'backslash-newline at end of file' once per preprocessing pass, a flood that buries real errors; NVRTC "
        + "rejects the file when its last bytes are a backslash and a newline. End the file with a newline.",
    severity = Severity.WARNING)
public final class BackslashNewlineAtEof implements Check {
  @Override
  public Optional<Finding.Draft> file(SourceFile file) {
    String t = file.text();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    int splice = firstSpliceOfUnterminatedLastLine(t);
    if (splice < 0) {
      return Optional.empty();
    }
    SourceLocation at = file.physicalLocation(splice); // where gcc points: the line's first splice
    String name = file.path().getFileName().toString();
    String gcc = "gcc warns 'backslash-newline at end of file' once per preprocessing pass: nvcc runs one per target "
        + "plus the host pass, for every file that includes it";
    if (endsWithBackslashNewline(t)) { // NVRTC's error, where NVRTC reports it: the final backslash
      at = file.physicalLocation(t.lastIndexOf('\\'));
      return Optional.of(Finding.Draft.of(at, "last line of '" + name + "' ends with a backslash")
          .withSeverity(Severity.ERROR)
          .withNote(at, "NVRTC rejects the file: 'last line of file ends with a backslash'")
          .withNote(at, gcc)
          .withFix("end the last line without a backslash (the generator probably dropped the final line of a "
              + "multi-line #define)"));
    }
    return Optional.of(Finding.Draft.of(at, "backslash-newline at end of file: the last line of '" + name + "' is "
        + "continued by a line splice and not ended by a newline")
        .withNote(at, gcc)
        .withFix("end the file with a newline after its last line (a template renderer that strips the final newline, "
            + "as jinja2 does by default, produces this; keep_trailing_newline=True keeps it)"));
  }

  private static boolean endsWithBackslashNewline(String t) {
    int end = t.length();
    if (end < 2 || t.charAt(end - 1) != '\n') {
      return false;
    }
    int bs = t.charAt(end - 2) == '\r' ? end - 3 : end - 2;
    return bs >= 0 && t.charAt(bs) == '\\';
  }

  /**
   * The offset of the first backslash-newline splice in the file's last logical line, when that
   * line ends at the end of the file (no newline after it); -1 otherwise.
   */
  static int firstSpliceOfUnterminatedLastLine(String t) {
    int end = t.length();
    if (t.charAt(end - 1) == '\n') { // ended by a newline, unless that newline is a splice's own
      int bs = end - 2;
      if (bs >= 0 && t.charAt(bs) == '\r') {
        bs--;
      }
      if (bs < 0 || t.charAt(bs) != '\\') {
        return -1;
      }
    }
    // walk back over the physical lines joined into the last logical line
    int lineStart = t.lastIndexOf('\n', t.charAt(end - 1) == '\n' ? end - 2 : end - 1) + 1;
    int first = -1;
    while (lineStart > 0) {
      int prevEnd = lineStart - 1; // the '\n' ending the previous physical line
      int bs = prevEnd - 1;
      if (bs >= 0 && t.charAt(bs) == '\r') {
        bs--;
      }
      if (bs < 0 || t.charAt(bs) != '\\') {
        break;
      }
      first = bs;
      lineStart = t.lastIndexOf('\n', bs - 1) + 1;
    }
    if (t.charAt(end - 1) == '\n') { // the final splice itself belongs to the last logical line
      int bs = end - 2;
      if (t.charAt(bs) == '\r') {
        bs--;
      }
      if (first < 0) {
        first = bs;
      }
    }
    return first;
  }
}
