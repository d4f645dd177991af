package io.jitguard.source;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A source file's text with its line structure. The lexer reads the <em>logical</em> text, in
 * which line splices (backslash-newline) are removed; every logical offset maps back to the
 * physical line and column the user sees.
 */
public final class SourceFile {
  private final Path path;
  private final String displayName;
  private final String text;
  private final String logical;
  /** Logical offsets before which a splice was removed, and the physical characters removed up to each. */
  private final int[] spliceLogicalOffsets;
  private final int[] spliceCumulativeShift;
  private final int[] lineStarts;

  public SourceFile(Path path, String displayName, String text) {
    this.path = path;
    this.displayName = displayName;
    this.text = text;
    StringBuilder b = new StringBuilder(text.length());
    int[] splices = new int[16];
    int[] shifts = new int[16];
    int count = 0;
    int removed = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '\r') {
          j++;
        }
        if (j < text.length() && text.charAt(j) == '\n') {
          if (count == splices.length) {
            splices = Arrays.copyOf(splices, count * 2);
            shifts = Arrays.copyOf(shifts, count * 2);
          }
          removed += j - i + 1;
          splices[count] = b.length();
          shifts[count++] = removed;
          i = j;
          continue;
        }
      }
      b.append(c);
    }
    this.logical = b.toString();
    this.spliceLogicalOffsets = Arrays.copyOf(splices, count);
    this.spliceCumulativeShift = Arrays.copyOf(shifts, count);
    int[] starts = new int[64];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, n);
  }

  public Path path() {
    return path;
  }

  /** The name used in diagnostics (relative to the working folder where possible). */
  public String displayName() {
    return displayName;
  }

  public String text() {
    return text;
  }

  /** The text with line splices removed: what the lexer reads. */
  public String logicalText() {
    return logical;
  }

  public int physicalOffset(int logicalOffset) {
    // the last splice removed at or before this offset tells how far the physical text runs ahead
    int idx = Arrays.binarySearch(spliceLogicalOffsets, logicalOffset);
    int last = idx >= 0 ? lastIndexOf(idx, logicalOffset) : -idx - 2;
    return last < 0 ? logicalOffset : logicalOffset + spliceCumulativeShift[last];
  }

  /** Several splices can sit at one logical offset (consecutive backslash-newlines). */
  private int lastIndexOf(int idx, int logicalOffset) {
    while (idx + 1 < spliceLogicalOffsets.length && spliceLogicalOffsets[idx + 1] == logicalOffset) {
      idx++;
    }
    return idx;
  }

  /** True when the last line ends in a line splice (backslash-newline, or a backslash at EOF). */
  public boolean endsWithLineSplice() {
    String t = text;
    int end = t.length();
    if (end > 0 && t.charAt(end - 1) == '\n') {
      end--;
      if (end > 0 && t.charAt(end - 1) == '\r') {
        end--;
      }
    }
    return end > 0 && t.charAt(end - 1) == '\\';
  }

  /** Physical offset of the final line splice's backslash (meaningful when {@link #endsWithLineSplice()}). */
  public int finalSpliceOffset() {
    int end = text.length() - 1;
    while (end >= 0 && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
      end--;
    }
    return end;
  }

  /** The location of a physical offset. */
  public SourceLocation physicalLocation(int physicalOffset) {
    return new SourceLocation(this, lineOf(physicalOffset), columnOf(physicalOffset));
  }

  /** 1-based line of a physical offset. */
  public int lineOf(int physicalOffset) {
    int idx = Arrays.binarySearch(lineStarts, physicalOffset);
    return idx >= 0 ? idx + 1 : -idx - 1;
  }

  /** 1-based column of a physical offset. */
  public int columnOf(int physicalOffset) {
    return physicalOffset - lineStarts[lineOf(physicalOffset) - 1] + 1;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** The physical text of a 1-based line, without its newline. */
  public String line(int line) {
    if (line < 1 || line > lineStarts.length) {
      return "";
    }
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
    if (end > start && text.charAt(end - 1) == '\r') {
      end--;
    }
    return text.substring(start, Math.max(start, end));
  }

  /** The location of a logical offset. */
  public SourceLocation location(int logicalOffset) {
    int phys = physicalOffset(logicalOffset);
    return new SourceLocation(this, lineOf(phys), columnOf(phys));
  }

  @Override
  public String toString() {
    return displayName;
  }
}
