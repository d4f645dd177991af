package io.jitguard.cpp.pp;

import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import java.util.List;

/**
 * Evaluates the controlling expression of {@code #if}/{@code #elif} after macro expansion and
 * {@code defined} replacement: integer arithmetic on 64 bits with C++ precedence, {@code ?:},
 * {@code true}/{@code false}, character literals; any identifier left over is 0.
 */
final class ConstantExpression {
  /** A malformed expression, with the token it stopped at. */
  static final class Failure extends Exception {
    final Token at;
    /** The expression nests deeper than the evaluator reads: a limit of the checker's, not a gap. */
    final boolean limit;

    Failure(String message, Token at) {
      this(message, at, false);
    }

    Failure(String message, Token at, boolean limit) {
      super(message);
      this.at = at;
      this.limit = limit;
    }
  }

  private final List<Token> toks;
  private final Token directive;
  private int pos;

  private ConstantExpression(List<Token> toks, Token directive) {
    this.toks = toks;
    this.directive = directive;
  }

  static long evaluate(List<Token> toks, Token directive) throws Failure {
    if (toks.isEmpty()) {
      throw new Failure("#" + directive.text() + " with no expression", directive);
    }
    ConstantExpression e = new ConstantExpression(toks, directive);
    long v = e.conditional();
    if (e.pos < toks.size()) {
      throw new Failure("unexpected '" + toks.get(e.pos).text() + "' in preprocessor expression", toks.get(e.pos));
    }
    return v;
  }

  private Token peek() {
    return pos < toks.size() ? toks.get(pos) : null;
  }

  private boolean accept(String p) {
    Token t = peek();
    if (t != null && t.kind() == TokenKind.PUNCT && t.text().equals(p)) {
      pos++;
      return true;
    }
    return false;
  }

  private long conditional() throws Failure {
    deeper();
    try {
      return conditionalInner();
    } finally {
      depth--;
    }
  }

  private long conditionalInner() throws Failure {
    long c = binary(0);
    if (accept("?")) {
      long a = conditional();
      if (!accept(":")) {
        throw new Failure("expected ':' in preprocessor expression", peek() == null ? directive : peek());
      }
      long b = conditional();
      return c != 0 ? a : b;
    }
    return c;
  }

  private static final String[][] LEVELS = {
      {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">="}, {"<<", ">>"}, {"+", "-"},
      {"*", "/", "%"}};

  private long binary(int level) throws Failure {
    if (level == LEVELS.length) {
      return unary();
    }
    long left = binary(level + 1);
    while (true) {
      Token t = peek();
      String op = null;
      if (t != null && t.kind() == TokenKind.PUNCT) {
        for (String o : LEVELS[level]) {
          if (t.text().equals(o)) {
            op = o;
          }
        }
      }
      if (op == null) {
        return left;
      }
      pos++;
      // && and || short-circuit: 1/0 on the unevaluated side is not an error, as in C++
      long right = binary(level + 1);
      left = apply(op, left, right, t);
    }
  }

  private static long apply(String op, long a, long b, Token at) throws Failure {
    switch (op) {
      case "||": return (a != 0 || b != 0) ? 1 : 0;
      case "&&": return (a != 0 && b != 0) ? 1 : 0;
      case "|": return a | b;
      case "^": return a ^ b;
      case "&": return a & b;
      case "==": return a == b ? 1 : 0;
      case "!=": return a != b ? 1 : 0;
      case "<": return a < b ? 1 : 0;
      case ">": return a > b ? 1 : 0;
      case "<=": return a <= b ? 1 : 0;
      case ">=": return a >= b ? 1 : 0;
      case "<<": return a << b;
      case ">>": return a >> b;
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/":
      case "%":
        if (b == 0) {
          throw new Failure("division by zero in preprocessor expression", at);
        }
        return op.equals("/") ? a / b : a % b;
      default: throw new IllegalStateException(op);
    }
  }

  /** How deeply operators and parentheses may nest in one expression. */
  static final int MAX_NESTING = 256;

  private int depth;

  /** One level deeper into the expression; the caller's finally block comes back up. */
  private void deeper() throws Failure {
    if (++depth > MAX_NESTING) {
      depth--;
      throw new Failure("preprocessor expression nested deeper than " + MAX_NESTING + " levels",
          peek() == null ? directive : peek(), true);
    }
  }

  private long unary() throws Failure {
    deeper();
    try {
      return unaryInner();
    } finally {
      depth--;
    }
  }

  private long unaryInner() throws Failure {
    if (accept("!")) {
      return unary() == 0 ? 1 : 0;
    }
    if (accept("-")) {
      return -unary();
    }
    if (accept("+")) {
      return unary();
    }
    if (accept("~")) {
      return ~unary();
    }
    if (accept("(")) {
      long v = conditional();
      if (!accept(")")) {
        throw new Failure("expected ')' in preprocessor expression", peek() == null ? directive : peek());
      }
      return v;
    }
    Token t = peek();
    if (t == null) {
      throw new Failure("preprocessor expression ends early", directive);
    }
    pos++;
    switch (t.kind()) {
      case NUMBER:
        return number(t);
      case CHAR:
        return character(t);
      case IDENTIFIER:
        return t.text().equals("true") ? 1 : 0;
      default:
        throw new Failure("unexpected '" + t.text() + "' in preprocessor expression", t);
    }
  }

  static long number(Token t) throws Failure {
    String s = t.text().replace("'", "").toLowerCase(java.util.Locale.ROOT);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == 'u' || s.charAt(end - 1) == 'l')) {
      end--;
    }
    s = s.substring(0, end);
    try {
      if (s.startsWith("0x")) {
        return Long.parseUnsignedLong(s.substring(2), 16);
      }
      if (s.startsWith("0b")) {
        return Long.parseUnsignedLong(s.substring(2), 2);
      }
      if (s.length() > 1 && s.startsWith("0")) {
        return Long.parseUnsignedLong(s.substring(1), 8);
      }
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw new Failure("invalid integer '" + t.text() + "' in preprocessor expression", t);
    }
  }

  private static long character(Token t) throws Failure {
    String s = t.text();
    int open = s.indexOf('\'');
    if (open < 0 || s.length() < open + 2 || s.charAt(s.length() - 1) != '\'') {
      throw new Failure("invalid character literal " + s + " in preprocessor expression", t);
    }
    String body = s.substring(open + 1, s.length() - 1);
    if (body.startsWith("\\")) {
      return switch (body.length() > 1 ? body.charAt(1) : '\\') {
        case 'n' -> '\n';
        case 't' -> '\t';
        case '0' -> 0;
        case 'r' -> '\r';
        default -> body.charAt(1);
      };
    }
    return body.isEmpty() ? 0 : body.charAt(0);
  }
}
