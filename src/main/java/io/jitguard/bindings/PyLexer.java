package io.jitguard.bindings;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tokenizer for Python 3 source, as far as finding calls needs it, by the language reference's
 * lexical rules: comments, every string form (prefixes r, b, u, f and their pairs; single, double
 * and triple quotes; escapes; f-strings with nested strings in their replacement fields), explicit
 * and implicit line joining (no NEWLINE inside brackets), names (Unicode identifiers), numbers and
 * operators (longest match: {@code ==} is not {@code =}, {@code **} is not {@code *}). It never
 * throws: an unterminated string is reported as a problem at its start and lexing goes on.
 */
public final class PyLexer {
  /** A place where the source is not valid Python; {@code offset} into the text. */
  public record Problem(int offset, String message) {}

  public record Result(ImmutableList<PyToken> tokens, ImmutableList<Problem> problems) {}

  private static final List<String> OPERATORS = List.of("**=", "//=", ">>=", "<<=", "...", "!=", "%=", "&=", "**",
      "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>", "@=", "^=", "|=");
  private static final Set<Character> SINGLE = Set.of('(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '@', '=',
      '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '!');

  private final String s;
  private int i;
  private int depth;
  private final List<PyToken> out = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  private PyLexer(String text) {
    this.s = text;
  }

  public static Result lex(String text) {
    PyLexer l = new PyLexer(text);
    l.run();
    return new Result(ImmutableList.copyOf(l.out), ImmutableList.copyOf(l.problems));
  }

  private void run() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\\' && (peekIs(1, '\n') || peekIs(1, '\r'))) { // explicit line joining
        i += peekIs(1, '\r') && peekIs(2, '\n') ? 3 : 2;
      } else if (c == '\n' || c == '\r') {
        if (depth == 0 && !out.isEmpty() && out.get(out.size() - 1).kind() != PyToken.Kind.NEWLINE) {
          out.add(new PyToken(PyToken.Kind.NEWLINE, "\n", i));
        }
        i++;
      } else if (Character.isWhitespace(c) || c == '\f') {
        i++;
      } else if (stringStart(i) >= 0) {
        string();
      } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
        int start = i;
        i++;
        while (i < s.length() && (Character.isUnicodeIdentifierPart(s.charAt(i)) && !Character.isIdentifierIgnorable(s.charAt(i)))) {
          i++;
        }
        out.add(new PyToken(PyToken.Kind.NAME, s.substring(start, i), start));
      } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
        number();
      } else {
        operator(c);
      }
    }
    if (!out.isEmpty() && out.get(out.size() - 1).kind() != PyToken.Kind.NEWLINE) {
      out.add(new PyToken(PyToken.Kind.NEWLINE, "", s.length()));
    }
  }

  private boolean peekIs(int ahead, char c) {
    return i + ahead < s.length() && s.charAt(i + ahead) == c;
  }

  /** The offset of the quote when a string (with its prefix) starts at {@code at}, else -1. */
  private int stringStart(int at) {
    int j = at;
    while (j < s.length() && j - at < 2 && "rRbBuUfF".indexOf(s.charAt(j)) >= 0) {
      j++;
    }
    if (j >= s.length() || (s.charAt(j) != '\'' && s.charAt(j) != '"')) {
      return -1;
    }
    String prefix = s.substring(at, j).toLowerCase();
    boolean valid = prefix.isEmpty() || Set.of("r", "u", "b", "f", "br", "rb", "fr", "rf").contains(prefix);
    if (!valid) {
      return -1;
    }
    // a prefix letter must start a token: 'xr"..."' is the name xr, then a string
    if (at > 0 && j > at && (Character.isUnicodeIdentifierPart(s.charAt(at - 1)))) {
      return -1;
    }
    return j;
  }

  private void string() {
    int start = i;
    int q = stringStart(i);
    String prefix = s.substring(i, q).toLowerCase();
    i = q;
    scanString(prefix.contains("r"), prefix.contains("f"), start);
    out.add(new PyToken(PyToken.Kind.STRING, s.substring(start, i), start));
  }

  /** From the opening quote at {@code i} to just past the closing one. */
  private void scanString(boolean raw, boolean fstring, int start) {
    char quote = s.charAt(i);
    boolean triple = i + 2 < s.length() && s.charAt(i + 1) == quote && s.charAt(i + 2) == quote;
    i += triple ? 3 : 1;
    int braces = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        i = Math.min(i + 2, s.length()); // an escape, or in a raw string a backslash that still keeps the next quote in
        continue;
      }
      if (fstring && c == '{') {
        if (braces == 0 && peekIs(1, '{')) {
          i += 2;
          continue;
        }
        braces++;
        i++;
        continue;
      }
      if (fstring && c == '}' && braces > 0) {
        braces--;
        i++;
        continue;
      }
      if (fstring && braces > 0 && stringStart(i) >= 0) { // a string inside a replacement field (3.12)
        int inner = stringStart(i);
        String p = s.substring(i, inner).toLowerCase();
        i = inner;
        scanString(p.contains("r"), p.contains("f"), i);
        continue;
      }
      if (c == quote && (!triple || (peekIs(1, quote) && peekIs(2, quote)))) {
        i += triple ? 3 : 1;
        return;
      }
      if ((c == '\n' || c == '\r') && !triple && braces == 0) {
        problems.add(new Problem(start, "unterminated string literal"));
        return; // the line break is lexed as usual
      }
      i++;
    }
    problems.add(new Problem(start, triple ? "unterminated triple-quoted string literal" : "unterminated string literal"));
  }

  private void number() {
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean exponentSign = (c == '+' || c == '-') && i > start && "eE".indexOf(s.charAt(i - 1)) >= 0
          && !s.substring(start, i).toLowerCase().startsWith("0x");
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign) {
        i++;
      } else {
        break;
      }
    }
    out.add(new PyToken(PyToken.Kind.NUMBER, s.substring(start, i), start));
  }

  private void operator(char c) {
    for (String op : OPERATORS) {
      if (s.startsWith(op, i)) {
        out.add(new PyToken(PyToken.Kind.OP, op, i));
        i += op.length();
        return;
      }
    }
    if (c == '(' || c == '[' || c == '{') {
      depth++;
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      depth--;
    }
    if (SINGLE.contains(c)) {
      out.add(new PyToken(PyToken.Kind.OP, String.valueOf(c), i));
    } else {
      problems.add(new Problem(i, "unexpected character '" + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
          : String.valueOf(c)) + "'"));
    }
    i++;
  }
}
