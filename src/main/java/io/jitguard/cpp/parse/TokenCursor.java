package io.jitguard.cpp.parse;

import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The parser's position in a token stream, and the grammar-free moves on it: looking ahead,
 * matching brackets and angle brackets, and skipping to the end of a statement after an error.
 * Every scan is a loop, so no input can make it recurse.
 */
class TokenCursor {
  /** A construct the parser could not read, at a token. */
  static class ParseError extends RuntimeException {
    final Token at;

    ParseError(Token at, String message) {
      super(message, null, false, false);
      this.at = at;
    }
  }

  /**
   * Nesting past the parser's limit. No speculative parse catches it (reading the same tokens
   * another way would nest as deep, and retrying at every level is exponential); it skips the
   * outermost declaration or statement it is in, with one note.
   */
  static final class TooDeep extends ParseError {
    TooDeep(Token at, String message) {
      super(at, message);
    }
  }

  final List<Token> toks;
  int p;
  /**
   * For each token as read, the index (as read) of the bracket closing it: {@link #NONE} when it
   * opens one that nothing closes, {@link #NOT_OPEN} when it opens none. Found once for the whole
   * unit, since the parser asks again and again (and an unclosed bracket would send each asking to
   * the end of the unit). Splitting a '>>' inserts a token, never a bracket: {@code read} maps each
   * index now to its index as read (-1 for an inserted piece), and a partner lies at least as far
   * on as it did.
   */
  private int[] pair;
  private int[] read;
  private static final int NONE = -1;
  private static final int NOT_OPEN = -2;

  TokenCursor(List<Token> tokens) {
    this.toks = new ArrayList<>(tokens);
    Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
    if (last != null && last.kind() != TokenKind.EOF) {
      toks.add(new Token(TokenKind.EOF, "", last.file(), last.offset(), false, true, null, Set.of(), null));
    }
    pairBrackets();
  }

  /** All bracket kinds nest alike: a closer closes the innermost open bracket, whatever its kind. */
  private void pairBrackets() {
    int n = toks.size();
    pair = new int[n];
    read = new int[n + 16];
    int[] open = new int[16];
    int depth = 0;
    for (int i = 0; i < n; i++) {
      read[i] = i;
      pair[i] = NOT_OPEN;
      Token t = toks.get(i);
      if (t.kind() != TokenKind.PUNCT) {
        continue;
      }
      String s = t.text();
      if (s.equals("(") || s.equals("[") || s.equals("{")) {
        if (depth == open.length) {
          open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = i;
        pair[i] = NONE;
      } else if ((s.equals(")") || s.equals("]") || s.equals("}")) && depth > 0) {
        pair[open[--depth]] = i;
      }
    }
  }

  boolean empty() {
    return toks.isEmpty();
  }

  Token cur() {
    return toks.get(Math.min(p, toks.size() - 1));
  }

  Token peek(int n) {
    return toks.get(Math.min(p + n, toks.size() - 1));
  }

  Token at(int index) {
    return toks.get(Math.min(index, toks.size() - 1));
  }

  boolean atEof() {
    return cur().kind() == TokenKind.EOF;
  }

  boolean at(String s) {
    return cur().is(s);
  }

  boolean accept(String s) {
    if (at(s) && !atEof()) {
      p++;
      return true;
    }
    return false;
  }

  Token next() {
    Token t = cur();
    if (!atEof()) {
      p++;
    }
    return t;
  }

  Token expect(String s) {
    if (s.equals(">") && (at(">>") || at(">=") || at(">>="))) { // the end of nested template arguments
      splitFirstGreater();
    }
    if (!at(s) || atEof()) {
      throw new ParseError(cur(), "expected '" + s + "' but found '" + describe(cur()) + "'");
    }
    return toks.get(p++);
  }

  /** Turns {@code >>} (or {@code >=}, {@code >>=}) into {@code >} and the rest, as C++ does at template ends. */
  void splitFirstGreater() {
    Token t = cur();
    String rest = t.text().substring(1);
    toks.set(p, t.withText(TokenKind.PUNCT, ">"));
    toks.add(p + 1, t.withText(TokenKind.PUNCT, rest));
    if (read.length < toks.size()) {
      read = Arrays.copyOf(read, toks.size() * 2);
    }
    System.arraycopy(read, p + 1, read, p + 2, toks.size() - p - 2);
    read[p + 1] = -1;
  }

  static String describe(Token t) {
    return t.kind() == TokenKind.EOF ? "end of file" : t.text();
  }

  Token identifier() {
    if (!cur().isIdentifier()) {
      throw new ParseError(cur(), "expected an identifier but found '" + describe(cur()) + "'");
    }
    return toks.get(Math.min(p++, toks.size() - 1));
  }

  static String closerOf(String open) {
    return switch (open) {
      case "(" -> ")";
      case "[" -> "]";
      case "{" -> "}";
      default -> null;
    };
  }

  /** Skips a balanced group starting at the current opening bracket (all bracket kinds nest). */
  void skipBalanced() {
    int close = matching(p);
    p = close < 0 ? toks.size() - 1 : close + 1;
  }

  /** Index of the bracket closing the one at {@code open}, or -1. */
  int matching(int open) {
    int o = open >= 0 && open < toks.size() ? read[open] : -1;
    if (o < 0 || pair[o] < 0) { // not an opening bracket (or an inserted piece), or one nothing closes
      return -1;
    }
    int close = pair[o];
    for (int i = open + close - o; i < toks.size(); i++) {
      if (read[i] == close) {
        return i;
      }
    }
    throw new IllegalStateException("the bracket closing " + toks.get(open) + " was lost");
  }

  /**
   * Index just after the {@code >} matching the {@code <} at {@code q}, or -1 when the list does
   * not close before the end of the statement. Brackets nest inside; {@code >>} closes two; a
   * {@code <} right after a {@code >} inside the list compares ({@code sizeof_bits_v<T> < 8}), since
   * no template argument list follows a closed one.
   */
  int skipAngles(int q) {
    int depth = 0;
    for (int i = q; i < toks.size(); i++) {
      Token t = toks.get(i);
      if (t.is("<")) {
        if (depth > 0 && (toks.get(i - 1).is(">") || toks.get(i - 1).is(">>"))) {
          continue;
        }
        depth++;
      } else if (t.is(">")) {
        depth--;
      } else if (t.is(">>")) {
        depth -= 2;
      } else if (t.is("(") || t.is("[")) {
        int close = matching(i);
        if (close < 0) {
          return -1;
        }
        i = close;
        continue;
      } else if (t.is(";") || t.is("{") || t.is("}") || t.is(")") || t.is("]") || t.kind() == TokenKind.EOF) {
        return -1;
      }
      if (depth <= 0) { // '>>' may close this list and an enclosing one
        return i + 1;
      }
    }
    return -1;
  }

  /** Whether a token between {@code from} and {@code to} at angle depth one, outside brackets, is one of {@code ops}. */
  boolean hasTopLevel(int from, int to, Set<String> ops) {
    int depth = 0;
    for (int i = from; i < to && i < toks.size(); i++) {
      Token t = toks.get(i);
      if (t.is("(") || t.is("[")) {
        int close = matching(i);
        if (close < 0) {
          return false;
        }
        i = close;
        continue;
      }
      if (t.is("<")) {
        depth++;
      } else if (t.is(">")) {
        depth--;
      } else if (depth == 1 && t.kind() == TokenKind.PUNCT && ops.contains(t.text())) {
        return true;
      }
    }
    return false;
  }

  /** Recovery: skips to the end of the current statement or declaration (';' or a block). */
  void recover(boolean inBlock) {
    while (!atEof()) {
      if (at("(") || at("[")) {
        skipBalanced();
        continue;
      }
      if (at("{")) {
        Token before = p > 0 ? toks.get(p - 1) : null;
        skipBalanced();
        // a declaration ends with its body; so does a statement whose block follows ')' or a keyword
        if (!inBlock || (before != null && (before.is(")") || before.is("else") || before.is("do")
            || before.is("try")))) {
          accept(";");
          return;
        }
        continue;
      }
      if (at("}")) {
        return; // the enclosing block's or namespace's own '}': its owner consumes it
      }
      if (at(";")) {
        p++;
        return;
      }
      p++;
    }
  }
}
