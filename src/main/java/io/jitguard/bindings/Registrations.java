package io.jitguard.bindings;

import com.google.common.collect.ImmutableList;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the registration blocks in a C++ file's tokens as written (before preprocessing, so that a
 * registration macro the torch headers would expand is still seen as the user wrote it) and the
 * {@code def}/{@code impl} calls in each. Arguments are split at commas outside brackets; a
 * registration whose arguments are not one of the forms is left out (nothing can be said of it).
 */
public final class Registrations {
  static final Set<String> BLOCKS = Set.of("TORCH_LIBRARY", "TORCH_LIBRARY_FRAGMENT", "TORCH_LIBRARY_IMPL",
      "PYBIND11_MODULE");

  private Registrations() {}

  public static ImmutableList<Registration> find(List<Token> raw) {
    List<Token> t = raw.stream().filter(x -> x.kind() != TokenKind.NEWLINE && x.kind() != TokenKind.EOF).toList();
    ImmutableList.Builder<Registration> out = ImmutableList.builder();
    int[] close = closers(t);
    for (int k = 0; k + 1 < t.size(); k++) {
      Token m = t.get(k);
      if (m.kind() != TokenKind.IDENTIFIER || !BLOCKS.contains(m.text()) || !t.get(k + 1).is("(")
          || (k > 0 && t.get(k - 1).is("#"))) {
        continue;
      }
      int headEnd = close[k + 1];
      if (headEnd < 0 || headEnd + 1 >= t.size() || !t.get(headEnd + 1).is("{")) {
        continue; // a mention, such as the macro's own #define or a use in a string
      }
      List<List<Token>> head = split(t, k + 2, headEnd);
      String namespace = head.isEmpty() || head.get(0).isEmpty() ? "" : text(head.get(0));
      String module = head.size() >= 2 ? text(head.get(head.size() - 1)) : "m";
      int end = close[headEnd + 1];
      if (end < 0) {
        continue;
      }
      for (int j = headEnd + 2; j + 3 < end; j++) {
        // <module> . def|impl (   -- also the chained form m.def(...).def(...)
        boolean start = t.get(j).is(module) || t.get(j).is(")");
        if (start && t.get(j + 1).is(".") && (t.get(j + 2).is("def") || t.get(j + 2).is("impl"))
            && t.get(j + 3).is("(")) {
          int callEnd = close[j + 3];
          if (callEnd < 0 || callEnd > end) {
            continue;
          }
          registration(m.text(), namespace, t.get(j + 2).text(), split(t, j + 4, callEnd)).ifPresent(out::add);
          j = j + 3;
        }
      }
      k = end;
    }
    return out.build();
  }

  private static Optional<Registration> registration(String block, String namespace, String method,
      List<List<Token>> args) {
    if (args.isEmpty() || args.get(0).size() != 1 || args.get(0).get(0).kind() != TokenKind.STRING) {
      return Optional.empty();
    }
    Token nameToken = args.get(0).get(0);
    String literal = unquote(nameToken.text());
    if (literal == null) {
      return Optional.empty();
    }
    Optional<ImmutableList<Registration.PyArg>> schema = Optional.empty();
    String name = literal;
    int paren = literal.indexOf('(');
    if (paren > 0) {
      name = literal.substring(0, paren).trim();
      schema = schemaParams(literal.substring(paren));
      if (schema.isEmpty()) {
        return Optional.empty();
      }
    }
    int dot = name.indexOf('.'); // "plan.overload"
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return Optional.empty();
    }
    Optional<String> function = args.size() > 1 ? functionName(args.get(1)) : Optional.empty();
    if (function.isEmpty() && schema.isEmpty()) {
      return Optional.empty(); // a lambda, or a function not named plainly: no count to compare with
    }
    ImmutableList.Builder<Registration.PyArg> pyArgs = ImmutableList.builder();
    for (List<Token> arg : args.subList(Math.min(2, args.size()), args.size())) {
      pyArg(arg).ifPresent(pyArgs::add);
    }
    return Optional.of(new Registration(io.jitguard.cpp.pp.Preprocessor.userSite(nameToken), name, block, namespace,
        method, function, pyArgs.build(), schema));
  }

  /** {@code &F}, {@code F}, {@code &ns::F}, {@code TORCH_FN(F)}: the function's last name. */
  private static Optional<String> functionName(List<Token> arg) {
    List<Token> a = arg;
    if (a.size() >= 4 && a.get(0).is("TORCH_FN") && a.get(1).is("(") && a.get(a.size() - 1).is(")")) {
      a = a.subList(2, a.size() - 1);
    }
    int i = a.size() > 0 && a.get(0).is("&") ? 1 : 0;
    if (i < a.size() && a.get(i).is("::")) {
      i++;
    }
    String last = null;
    while (i < a.size()) {
      if (a.get(i).kind() != TokenKind.IDENTIFIER) {
        return Optional.empty();
      }
      last = a.get(i).text();
      if (i + 1 == a.size()) {
        return Optional.of(last);
      }
      if (!a.get(i + 1).is("::")) {
        return Optional.empty();
      }
      i += 2;
    }
    return Optional.empty();
  }

  /** {@code py::arg("x")}, {@code py::arg("x") = v}, {@code pybind11::arg(...)}, {@code "x"_a}, {@code "x"_a = v}. */
  private static Optional<Registration.PyArg> pyArg(List<Token> arg) {
    int eq = 0;
    while (eq < arg.size() && !arg.get(eq).is("=")) {
      eq++;
    }
    List<Token> head = arg.subList(0, eq);
    boolean hasDefault = eq < arg.size();
    if (head.size() >= 3 && (head.get(0).is("py") || head.get(0).is("pybind11")) && head.get(1).is("::")
        && head.get(2).is("arg")) {
      String name = head.stream().filter(x -> x.kind() == TokenKind.STRING).findFirst().map(x -> unquote(x.text()))
          .orElse("?");
      return Optional.of(new Registration.PyArg(name, hasDefault));
    }
    if (head.size() == 1 && head.get(0).kind() == TokenKind.STRING && head.get(0).text().endsWith("_a")) {
      String lit = head.get(0).text();
      return Optional.of(new Registration.PyArg(unquote(lit.substring(0, lit.length() - 2)), hasDefault));
    }
    return Optional.empty(); // a docstring, py::call_guard, a return value policy...
  }

  /** The parameters of a schema's "(Tensor a, int b=1, *, bool c=False) -> Tensor"; empty when it cannot be read. */
  static Optional<ImmutableList<Registration.PyArg>> schemaParams(String s) {
    int depth = 0;
    int close = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        if (--depth == 0 && c == ')') {
          close = i;
          break;
        }
      }
    }
    if (close < 0) {
      return Optional.empty();
    }
    String inner = s.substring(1, close).trim();
    ImmutableList.Builder<Registration.PyArg> out = ImmutableList.builder();
    if (inner.isEmpty()) {
      return Optional.of(out.build());
    }
    List<String> parts = new ArrayList<>();
    depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(inner.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(inner.substring(start).trim());
    for (String p : parts) {
      if (p.equals("*")) {
        continue; // keyword-only marker
      }
      String[] words = p.split("=")[0].trim().split("\\s+");
      out.add(new Registration.PyArg(words[words.length - 1], p.contains("=")));
    }
    return Optional.of(out.build());
  }

  private static String unquote(String literal) {
    int q = literal.indexOf('"');
    if (q < 0 || !literal.endsWith("\"") || literal.length() < q + 2) {
      return null;
    }
    return literal.substring(q + 1, literal.length() - 1);
  }

  private static String text(List<Token> ts) {
    StringBuilder b = new StringBuilder();
    for (Token x : ts) {
      b.append(x.text());
    }
    return b.toString();
  }

  /** For each opening bracket, the index of the one that closes it (-1: none), in one pass. */
  private static int[] closers(List<Token> t) {
    int[] out = new int[t.size()];
    java.util.Arrays.fill(out, -1);
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    for (int j = 0; j < t.size(); j++) {
      Token x = t.get(j);
      if (x.is("(") || x.is("[") || x.is("{")) {
        stack.push(j);
      } else if ((x.is(")") || x.is("]") || x.is("}")) && !stack.isEmpty()) {
        String open = t.get(stack.peek()).text();
        if (open.equals(x.is(")") ? "(" : x.is("]") ? "[" : "{")) {
          out[stack.pop()] = j;
        }
      }
    }
    return out;
  }

  /** The comma-separated arguments in (from, to), split outside (), [] and {}. */
  private static List<List<Token>> split(List<Token> t, int from, int to) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    int depth = 0;
    for (int j = from; j < to; j++) {
      Token x = t.get(j);
      if (x.is("(") || x.is("[") || x.is("{")) {
        depth++;
      } else if (x.is(")") || x.is("]") || x.is("}")) {
        depth--;
      }
      if (depth == 0 && x.is(",")) {
        out.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(x);
      }
    }
    if (!cur.isEmpty() || !out.isEmpty()) {
      out.add(cur);
    }
    return out;
  }
}
