package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.lex.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an event happens in its function's control flow: the branches around it, innermost
 * first, each with its condition and the initializers of the local variables that condition reads
 * (and, transitively, those their initializers read), as they were when the branch was entered.
 * An {@code if constexpr} whose condition the checker evaluated is no branch here: only the
 * selected side was walked; one it could not evaluate is, as {@link Kind#CONSTEXPR_UNEVALUATED}.
 */
public record Flow(Branch innermost) {
  public static final Flow TOP = new Flow(null);

  public enum Kind {
    /** A side of {@code if} or {@code else}. */
    IF,
    /** A side of an {@code if constexpr} the checker could not evaluate: it may never be instantiated. */
    CONSTEXPR_UNEVALUATED,
    /** The body of a {@code for}, {@code while} or {@code do} loop (the condition may be null: {@code for (;;)}). */
    LOOP,
    /** The body of a {@code switch}. */
    SWITCH
  }

  /** A branch and the definitions its condition reads, by local variable name. */
  public record Branch(Kind kind, Token at, Expr condition, ImmutableMap<String, Expr> definitions, Branch outer) {}

  public Flow enter(Kind kind, Token at, Expr condition, ImmutableMap<String, Expr> definitions) {
    return new Flow(new Branch(kind, at, condition, definitions, innermost));
  }

  public Flow leave() {
    return innermost == null ? this : new Flow(innermost.outer());
  }

  /** The branches around the event, innermost first. */
  public List<Branch> branches() {
    List<Branch> out = new ArrayList<>();
    for (Branch b = innermost; b != null; b = b.outer()) {
      out.add(b);
    }
    return out;
  }

  /** Whether the event is inside an {@code if constexpr} side the checker could not decide. */
  public boolean insideUndecidedConstexpr() {
    for (Branch b = innermost; b != null; b = b.outer()) {
      if (b.kind() == Kind.CONSTEXPR_UNEVALUATED) {
        return true;
      }
    }
    return false;
  }
}
