package io.jitguard.bindings;

import com.google.common.collect.ImmutableList;
import io.jitguard.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Finds in a Python file's tokens the calls that may reach a C++ extension's registrations, and
 * counts their arguments: positional ones, keyword ones ({@code name=value}, not {@code ==}), and
 * whether {@code *args}/{@code **kwargs} make the count unknown. A lambda's parameters, a
 * generator expression, nested brackets and trailing commas count as Python counts them.
 *
 * <p>The forms: {@code torch.ops.<ns>.<name>(...)} (also with {@code .default}); any
 * {@code <receiver>.<name>.default(...)}; and {@code <receiver>.<name>(...)} where the receiver's
 * last part names a module: ending in {@code module} (as {@code self._cached_module}) or {@code _C}.
 * A method call such as {@code self.plan(...)} is not one, nor a call on a factory's result
 * ({@code get_sampling_module().sampling_from_probs(...)}: in flashinfer that is a namespace of Python
 * wrappers, whose own {@code module.name.default(...)} calls are the ones that reach C++).
 */
public final class PyCalls {
  private static final Pattern MODULE_LIKE = Pattern.compile("(?i).*module|_C");

  private PyCalls() {}

  public static ImmutableList<PyCall> find(SourceFile file, List<PyToken> t) {
    ImmutableList.Builder<PyCall> out = ImmutableList.builder();
    Brackets b = Brackets.of(t);
    for (int k = 1; k < t.size(); k++) {
      if (!t.get(k).is("(") || t.get(k - 1).kind() != PyToken.Kind.NAME) {
        continue;
      }
      List<String> chain = new ArrayList<>(); // the dotted callee, last part first
      List<Integer> at = new ArrayList<>();
      int j = k - 1;
      while (true) {
        chain.add(0, t.get(j).text());
        at.add(0, j);
        if (j >= 2 && t.get(j - 1).is(".") && t.get(j - 2).kind() == PyToken.Kind.NAME) {
          j -= 2;
        } else if (j >= 2 && t.get(j - 1).is(".") && t.get(j - 2).is(")")) { // a call's result: f(x).name
          int open = b.openOf[j - 2];
          if (open > 0 && t.get(open - 1).kind() == PyToken.Kind.NAME) {
            chain.add(0, t.get(open - 1).text() + "()");
            at.add(0, open - 1);
          }
          break;
        } else {
          break;
        }
      }
      if (at.get(0) > 0 && (t.get(at.get(0) - 1).isName("def") || t.get(at.get(0) - 1).isName("class"))) {
        continue;
      }
      OptionalInt form = form(chain);
      if (form.isEmpty()) {
        continue;
      }
      int nameIndex = form.getAsInt();
      Args a = b.args[k];
      if (a == null) {
        continue; // no closing bracket: the lexer has reported the file's problem
      }
      Optional<String> ns = isTorchOps(chain, nameIndex) ? Optional.of(chain.get(nameIndex - 1)) : Optional.empty();
      out.add(new PyCall(file.physicalLocation(t.get(at.get(nameIndex)).offset()), chain.get(nameIndex), ns,
          a.positional, ImmutableList.copyOf(a.keywords), a.unpacked));
    }
    return out.build();
  }

  /** Which part of the chain is the registered name, or empty when the chain is none of the forms. */
  private static OptionalInt form(List<String> chain) {
    int n = chain.size();
    if (n >= 5 && chain.get(n - 1).equals("default") && isTorchOps(chain, n - 2)) {
      return OptionalInt.of(n - 2);
    }
    if (isTorchOps(chain, n - 1)) {
      return OptionalInt.of(n - 1);
    }
    if (n >= 3 && chain.get(n - 1).equals("default")) {
      return OptionalInt.of(n - 2);
    }
    // a factory's result (get_sampling_module().name(...)) is often a namespace of Python wrappers: not counted
    if (n >= 2 && !chain.get(n - 2).endsWith("()") && MODULE_LIKE.matcher(chain.get(n - 2)).matches()) {
      return OptionalInt.of(n - 1);
    }
    return OptionalInt.empty();
  }

  /** {@code torch.ops.<ns>.<name>}, the name at {@code nameIndex}. */
  private static boolean isTorchOps(List<String> chain, int nameIndex) {
    return nameIndex >= 3 && chain.get(nameIndex - 3).equals("torch") && chain.get(nameIndex - 2).equals("ops");
  }

  private static final class Args {
    int positional;
    final List<String> keywords = new ArrayList<>();
    boolean unpacked;
  }

  /**
   * Every bracket matched, and the arguments of every parenthesis counted, in one pass over the
   * tokens (a call nested 100,000 deep costs no more than 100,000 flat ones).
   */
  private static final class Brackets {
    /** For a closing bracket, the index of its opening one (-1: none). */
    final int[] openOf;
    /** For a '(' that closes, its arguments; null otherwise. */
    final Args[] args;

    private Brackets(int n) {
      openOf = new int[n];
      args = new Args[n];
      java.util.Arrays.fill(openOf, -1);
    }

    private static final class Frame {
      final int open;
      final boolean paren;
      final Args args = new Args();
      int argStart;
      boolean inLambdaParams;

      Frame(int open, boolean paren) {
        this.open = open;
        this.paren = paren;
        this.argStart = open + 1;
      }
    }

    static Brackets of(List<PyToken> t) {
      Brackets b = new Brackets(t.size());
      java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
      for (int j = 0; j < t.size(); j++) {
        PyToken x = t.get(j);
        Frame top = stack.peek();
        if (top != null && top.paren && j == top.argStart && x.isName("lambda")) {
          top.inLambdaParams = true;
        }
        if (x.is("(") || x.is("[") || x.is("{")) {
          stack.push(new Frame(j, x.is("(")));
        } else if (x.is(")") || x.is("]") || x.is("}")) {
          if (top == null) {
            continue; // a stray closing bracket: Python would reject the file; nothing to count
          }
          stack.pop();
          b.openOf[j] = top.open;
          if (top.paren) {
            classify(t, top.argStart, j, top.args);
            b.args[top.open] = top.args;
          }
        } else if (top != null && top.paren && top.inLambdaParams && x.is(":")) {
          top.inLambdaParams = false;
        } else if (top != null && top.paren && !top.inLambdaParams && x.is(",")) {
          classify(t, top.argStart, j, top.args);
          top.argStart = j + 1;
        }
      }
      return b;
    }
  }

  private static void classify(List<PyToken> t, int from, int to, Args a) {
    if (from >= to) {
      return; // a trailing comma
    }
    PyToken first = t.get(from);
    if (first.is("*") || first.is("**")) {
      a.unpacked = true;
    } else if (first.kind() == PyToken.Kind.NAME && from + 1 < to && t.get(from + 1).is("=")) {
      a.keywords.add(first.text());
    } else {
      a.positional++;
    }
  }
}
