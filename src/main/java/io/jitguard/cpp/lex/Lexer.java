package io.jitguard.cpp.lex;

import io.jitguard.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a file's logical text (splices removed) into preprocessing tokens, one NEWLINE at the end
 * of every logical line. Comments become whitespace. Problems (an unterminated comment or string)
 * are collected, never thrown: the rest of the file is still tokenised.
 */
public final class Lexer {
  private static final String[] PUNCTUATORS = {
      "<<=", ">>=", "...", "->*", "<=>",
      "::", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=",
      "%=", "&=", "|=", "^=", "##", ".*",
  };

  private static final java.util.Map<String, String> ALTERNATIVE_TOKENS = java.util.Map.ofEntries(
      java.util.Map.entry("and", "&&"), java.util.Map.entry("or", "||"), java.util.Map.entry("not", "!"),
      java.util.Map.entry("not_eq", "!="), java.util.Map.entry("bitand", "&"), java.util.Map.entry("bitor", "|"),
      java.util.Map.entry("xor", "^"), java.util.Map.entry("compl", "~"), java.util.Map.entry("and_eq", "&="),
      java.util.Map.entry("or_eq", "|="), java.util.Map.entry("xor_eq", "^="));

  /** A lexing problem: logical offset and message. */
  public record Problem(int offset, String message) {}

  private final SourceFile file;
  private final String s;
  private final IncludeTrail trail;
  private final List<Problem> problems = new ArrayList<>();
  private int pos;

  public Lexer(SourceFile file, IncludeTrail trail) {
    this.file = file;
    this.s = file.logicalText();
    this.trail = trail;
  }

  public List<Problem> problems() {
    return problems;
  }

  public List<Token> tokenize() {
    List<Token> out = new ArrayList<>(s.length() / 4);
    boolean lineStart = true;
    boolean space = false;
    while (true) {
      // whitespace and comments
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\n') {
          out.add(token(TokenKind.NEWLINE, "\n", pos, space, lineStart));
          pos++;
          lineStart = true;
          space = false;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b') {
          pos++;
          space = true;
        } else if (c == '/' && peek(1) == '/') {
          while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
          }
          space = true;
        } else if (c == '/' && peek(1) == '*') {
          int end = s.indexOf("*/", pos + 2);
          if (end < 0) {
            problems.add(new Problem(pos, "unterminated /* comment"));
            pos = s.length();
          } else {
            pos = end + 2;
          }
          space = true;
        } else {
          break;
        }
      }
      if (pos >= s.length()) {
        if (!lineStart) {
          out.add(token(TokenKind.NEWLINE, "\n", pos, false, false));
        }
        out.add(token(TokenKind.EOF, "", pos, false, true));
        return out;
      }
      int start = pos;
      char c = s.charAt(pos);
      TokenKind kind;
      if (isIdentStart(c)) {
        while (pos < s.length() && isIdentPart(s.charAt(pos))) {
          pos++;
        }
        String word = s.substring(start, pos);
        String alternative = ALTERNATIVE_TOKENS.get(word);
        if (alternative != null) { // C++'s alternative tokens are operators: 'and' is '&&', also in #if
          out.add(token(TokenKind.PUNCT, alternative, start, space, lineStart));
          lineStart = false;
          space = false;
          continue;
        }
        if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'') && isEncodingPrefix(word)) {
          if (word.endsWith("R") && s.charAt(pos) == '"') {
            rawString();
          } else {
            quoted(s.charAt(pos));
          }
          kind = s.charAt(start + word.length()) == '"' ? TokenKind.STRING : TokenKind.CHAR;
        } else {
          kind = TokenKind.IDENTIFIER;
        }
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
        pos++;
        while (pos < s.length()) {
          char d = s.charAt(pos);
          if ((d == '+' || d == '-') && "eEpP".indexOf(s.charAt(pos - 1)) >= 0) {
            pos++;
          } else if (isIdentPart(d) || d == '.' || (d == '\'' && pos + 1 < s.length() && isIdentPart(s.charAt(pos + 1)))) {
            pos++;
          } else {
            break;
          }
        }
        kind = TokenKind.NUMBER;
      } else if (c == '"') {
        quoted('"');
        kind = TokenKind.STRING;
      } else if (c == '\'') {
        quoted('\'');
        kind = TokenKind.CHAR;
      } else {
        kind = TokenKind.PUNCT;
        pos += punctuatorLength();
      }
      out.add(token(kind, s.substring(start, pos), start, space, lineStart));
      lineStart = false;
      space = false;
    }
  }

  private int punctuatorLength() {
    for (String p : PUNCTUATORS) {
      if (s.startsWith(p, pos)) {
        return p.length();
      }
    }
    return 1;
  }

  private void quoted(char quote) {
    int start = pos;
    pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '\\' && pos + 1 < s.length()) {
        pos += 2;
      } else if (c == quote) {
        pos++;
        return;
      } else if (c == '\n') {
        break;
      } else {
        pos++;
      }
    }
    problems.add(new Problem(start, "missing terminating " + quote + " character"));
  }

  private void rawString() {
    int start = pos;
    int open = s.indexOf('(', pos);
    int nl = s.indexOf('\n', pos);
    if (open < 0 || (nl >= 0 && nl < open)) {
      quoted('"');
      return;
    }
    String delimiter = s.substring(pos + 1, open);
    int end = s.indexOf(")" + delimiter + "\"", open);
    if (end < 0) {
      problems.add(new Problem(start, "unterminated raw string literal"));
      pos = s.length();
    } else {
      pos = end + delimiter.length() + 2;
    }
  }

  private static boolean isEncodingPrefix(String w) {
    return switch (w) {
      case "L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R" -> true;
      default -> false;
    };
  }

  private char peek(int ahead) {
    return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
  }

  static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '$' || c > 127;
  }

  static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
  }

  private Token token(TokenKind kind, String text, int offset, boolean space, boolean lineStart) {
    return new Token(kind, text, file, offset, space, lineStart, null, Set.of(), trail);
  }
}
