package io.jitguard.bindings;

/**
 * One token of Python source: its kind, its text as written, and where it starts (a character
 * offset into the file's text). Comments, and line breaks inside brackets, are not tokens.
 */
public record PyToken(Kind kind, String text, int offset) {
  public enum Kind { NAME, NUMBER, STRING, OP, NEWLINE }

  public boolean is(String op) {
    return kind == Kind.OP && text.equals(op);
  }

  public boolean isName(String name) {
    return kind == Kind.NAME && text.equals(name);
  }
}
